/**
 * The comparison in a real browser on the seeded, already awarded
 * "Hydraulic fittings" RFQ (read only, so other specs see the demo as
 * seeded): the summary's figures, the marked lowest line prices, and the
 * CSV download carrying the page's numbers behind a byte order mark.
 */
import { readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { signIn } from "./support";

test("the buyer reads the summary and downloads the matrix as CSV with the page's numbers", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto("/rfqs");
  await page.getByRole("link", { name: "Hydraulic fittings" }).click();
  await expect(page.getByRole("heading", { name: "Hydraulic fittings" })).toBeVisible();
  await page.goto(`${new URL(page.url()).pathname}/compare`);

  // Northwind 300 × 6.10 + 10 × 42.00 = 2,250.00; Globex 300 × 6.45 + 10 × 39.00 = 2,325.00;
  // best split 1,830.00 + 390.00 = 2,220.00.
  await expect(page.getByTestId("summary-lowest")).toHaveText("Northwind Components: 2,250.00 EUR");
  await expect(page.getByTestId("summary-split")).toHaveText("2,220.00 EUR");
  await expect(page.getByTestId("summary-difference")).toHaveText("30.00 EUR");
  await expect(page.getByTestId("cell-1-Northwind Components")).toContainText("Lowest");
  await expect(page.getByTestId("cell-1-Globex Industrial")).not.toContainText("Lowest");
  await expect(page.getByTestId("cell-2-Globex Industrial")).toContainText("Lowest");
  const totals = {
    northwind: await page.getByTestId("total-Northwind Components").innerText(),
    globex: await page.getByTestId("total-Globex Industrial").innerText(),
  };
  expect(totals).toEqual({ northwind: "2,250.00 EUR", globex: "2,325.00 EUR" });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  const bytes = readFileSync((await download.path()) as string);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = bytes.toString("utf8").slice(1).split("\r\n");
  const plain = (shown: string) => shown.replace(/,/g, "").replace(" EUR", "");
  expect(rows).toContain(`Total (EUR),,,,,,${plain(totals.globex)},,,,${plain(totals.northwind)},`);
  expect(rows).toContain('1,"Hydraulic hose fitting 1/2""",300,pcs,6.45,1935.00,1935.00,,6.10,1830.00,1830.00,lowest');
  expect(rows).toContain("Lowest total,Northwind Components,2250.00");
  expect(rows).toContain("Cheapest per line (best split),,2220.00");
  expect(rows).toContain("Difference,,30.00");
});
