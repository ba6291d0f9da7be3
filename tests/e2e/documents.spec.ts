/**
 * The purchase order's documents over HTTP: the buyer downloads the PDF and
 * the UBL XML from the PO page, the supplier of the order reads both, and
 * anyone else, another tenant or a supplier the order is not for, gets a
 * 404 that does not tell the order exists.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { pdfText, signIn } from "./support";

const SCHEMA_DIR = process.env.UBL_SCHEMA_DIR ?? path.resolve("../shared/schemas/ubl-2.1");
const ORDER_XSD = path.join(SCHEMA_DIR, "maindoc", "UBL-Order-2.1.xsd");

/** The demo's issued order (Cable harnesses, awarded to Northwind): its page URL and number. */
async function issuedOrder(page: Page): Promise<{ href: string; number: string }> {
  await page.goto("/pos");
  const row = page
    .getByRole("row")
    .filter({ hasText: "Northwind Components" })
    .filter({ hasText: /issued/i });
  const link = row.getByRole("link").first();
  const href = await link.getAttribute("href");
  const number = (await link.textContent())?.trim() ?? "";
  expect(href).toMatch(/^\/pos\/[0-9a-f-]{36}$/);
  expect(number).toMatch(/^PO-\d{4}-\d{6}$/);
  return { href: href as string, number };
}

test("the PO page offers the PDF and the UBL XML, and only the order's parties can fetch them", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  const { href, number } = await issuedOrder(buyer);
  await buyer.goto(href);

  const [download] = await Promise.all([
    buyer.waitForEvent("download"),
    buyer.getByRole("link", { name: "Download UBL (XML)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${number}.xml`);
  const xmlFile = await download.path();
  expect(xmlFile).toBeTruthy();

  const ubl = await buyer.request.get(`${href}/ubl`);
  expect(ubl.status()).toBe(200);
  expect(ubl.headers()["content-type"]).toMatch(/^application\/xml/);
  expect(ubl.headers()["content-disposition"]).toBe(`attachment; filename="${number}.xml"`);
  const xml = await ubl.text();
  expect(xml).toContain(`<cbc:ID>${number}</cbc:ID>`);
  expect(xml).toContain("<cbc:UBLVersionID>2.1</cbc:UBLVersionID>");
  expect(xml).toMatch(/<cbc:PayableAmount currencyID="EUR">\d+\.\d{2}<\/cbc:PayableAmount>/);
  if (existsSync(ORDER_XSD)) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "quotient-ubl-")), "order.xml");
    writeFileSync(file, xml);
    const run = spawnSync("xmllint", ["--noout", "--schema", ORDER_XSD, file], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
  } else {
    console.info(`UBL schemas not found at ${SCHEMA_DIR}: schema validation of the served XML not run`);
  }

  const pdf = await buyer.request.get(`${href}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdfText(await pdf.body())).toContain(`Purchase order ${number}`);

  // The supplier the order is for reads both documents.
  const northwind = await signIn(browser, "sales@northwind.test");
  for (const kind of ["ubl", "pdf"]) {
    expect((await northwind.request.get(`${href}/${kind}`)).status(), kind).toBe(200);
  }

  // Another tenant and another supplier: not found, exactly like a made-up id.
  for (const email of ["buyer@initech.test", "sales@globex.test"]) {
    const other = await signIn(browser, email);
    for (const kind of ["ubl", "pdf"]) {
      const response = await other.request.get(`${href}/${kind}`);
      expect(response.status(), `${email} ${kind}`).toBe(404);
      expect(await response.text()).not.toContain(number);
    }
    const madeUp = await other.request.get("/pos/00000000-0000-4000-8000-000000000000/ubl");
    expect(madeUp.status()).toBe(404);
  }
});

test("the UBL is not served to someone signed out", async ({ browser }) => {
  const buyer = await signIn(browser, "buyer@acme.test");
  const { href } = await issuedOrder(buyer);
  const context = await browser.newContext();
  const response = await context.request.get(`${href}/ubl`, { maxRedirects: 0 });
  expect(response.status()).toBeGreaterThanOrEqual(300);
  expect(response.status()).toBeLessThan(400);
  expect(response.headers()["location"]).toMatch(/^\/login/);
  await context.close();
});
