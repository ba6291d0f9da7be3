/**
 * The Content-Security-Policy in a real browser: Remix's inline scripts run
 * under the per-request nonce (the page hydrates and navigates on the
 * client), nothing is blocked, and an injected inline script is.
 */
import { expect, test } from "@playwright/test";

import { signIn } from "./support";

test("pages hydrate under the nonce-based CSP and nothing is blocked", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/dashboard");
  // A client-side navigation only works once React has hydrated, which needs the inline scripts.
  await page.evaluate(() => ((window as unknown as { __navigated?: boolean }).__navigated = true));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "RFQs" }).click();
  await expect(page).toHaveURL(/\/rfqs$/);
  expect(await page.evaluate(() => (window as unknown as { __navigated?: boolean }).__navigated)).toBe(true);

  // An inline script without the nonce, as an injection would be, does not run.
  const ran = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.body.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  expect(violations.filter((v) => !v.includes("__injected") && !v.includes("inline"))).toEqual([]);
});
