/**
 * The supplier scorecard in a real browser, on the seeded demo (read only):
 * the buyer follows the comparison's on-time figure to Northwind's
 * scorecard, which says the same, draws six charts with their tables, fits
 * a phone's 390 px and a laptop's 1366 px without sideways scrolling, and
 * has no serious axe violation. A supplier is refused.
 */
import { expect, test } from "@playwright/test";

import { seriousAxeViolations, signIn } from "./support";

test("the buyer follows the comparison's on-time figure to the supplier's scorecard, at 390 and 1366 px", async ({
  browser,
}) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto("/rfqs");
  await page.getByRole("link", { name: "Hydraulic fittings" }).click();
  await expect(page.getByRole("heading", { name: "Hydraulic fittings" })).toBeVisible();
  await page.goto(`${new URL(page.url()).pathname}/compare`);
  // The welding consumables came in full before they were due; other specs may have delivered more
  // since, so the count is read, not assumed, and must be what the scorecard says.
  const figure = page.getByTestId("ontime-Northwind Components");
  await expect(figure).toHaveText(/^\d+ of \d+ on time \(\d+%\)$/);
  const onTimeText = ((await figure.textContent()) ?? "").trim();
  expect(Number(onTimeText.split(" ")[0])).toBeGreaterThanOrEqual(1);
  await figure.getByRole("link").click();

  await expect(page).toHaveURL(/\/suppliers\/[0-9a-f-]{36}\/scorecard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Northwind Components: scorecard" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link")).toHaveText([
    "Suppliers",
    "Northwind Components",
  ]);
  // The same place, the same numbers: the comparison's record is the scorecard's.
  const summary = page.getByRole("region", { name: "All time" });
  await expect(summary.getByText(onTimeText)).toBeVisible();
  // The demo's Hydraulic fittings and Safety gloves RFQs invited Northwind; it answered the closed one.
  await expect(summary.getByText(/invitations answered/)).toBeVisible();
  await expect(page.getByRole("img", { name: /month by month, in percent/ })).toHaveCount(6);

  // Each chart's figures as a table, for whoever prefers to read them: twelve months.
  const onTime = page.getByRole("region", { name: "On-time delivery" });
  await onTime.getByText("Show as a table").click();
  await expect(onTime.getByRole("table").getByRole("row")).toHaveCount(13);

  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${width}px sideways scroll`).toBeLessThanOrEqual(1);
    expect(await seriousAxeViolations(page), `${width}px`).toEqual([]);
  }

  // Suppliers never see a scorecard, not even their own.
  const url = new URL(page.url()).pathname;
  const supplier = await signIn(browser, "sales@northwind.test");
  const response = await supplier.goto(url);
  expect(response?.status()).toBe(403);
});
