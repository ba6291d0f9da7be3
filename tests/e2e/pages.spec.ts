/**
 * Every page of the demo, opened by every demo user: nothing crashes, pages a
 * role may see render, and pages it may not are refused with 403 or 404.
 */
import { expect, test } from "@playwright/test";

import { signIn } from "./support";

const USERS = [
  "buyer@acme.test",
  "finance@acme.test",
  "controller@acme.test",
  "admin@acme.test",
  "sales@northwind.test",
  "sales@globex.test",
  "buyer@initech.test",
];

// Read only: one test per person, spread over the workers like files are.
test.describe.configure({ mode: "parallel" });

for (const email of USERS) {
  test(`every page renders or is refused cleanly for ${email}`, async ({ browser }) => {
    const page = await signIn(browser, email);
    const visited = new Map<string, number>();
    const open = async (path: string) => {
      const response = await page.goto(path);
      const status = response?.status() ?? 0;
      visited.set(path, status);
      expect(status, `${email} ${path}`).toBeLessThan(500);
      return status;
    };
    for (const path of ["/dashboard", "/rfqs", "/pos", "/approvals", "/rfqs/new"]) await open(path);

    await page.goto("/rfqs");
    const rfqLinks = await page
      .locator('main a[href^="/rfqs/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    await page.goto("/pos");
    const poLinks = await page
      .locator('main a[href^="/pos/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of rfqLinks.filter((h) => /^\/rfqs\/[0-9a-f-]{36}$/.test(h))) {
      expect(await open(href)).toBe(200);
      await open(`${href}/compare`);
      await open(`${href}/quote`);
    }
    for (const href of poLinks.filter((h) => /^\/pos\/[0-9a-f-]{36}$/.test(h))) {
      expect(await open(href)).toBe(200);
      const pdf = await page.request.get(`${href}/pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
    }

    const role = email.startsWith("sales@") ? "supplier" : email.split("@")[0];
    expect(visited.get("/approvals")).toBe(role === "finance" || role === "controller" ? 200 : 403);
    expect(visited.get("/rfqs/new")).toBe(role === "buyer" ? 200 : 403);
    // Made-up ids are simply not found.
    expect(await open("/rfqs/00000000-0000-4000-8000-000000000000")).toBe(404);
    expect(await open("/pos/not-a-uuid")).toBe(404);
  });
}
