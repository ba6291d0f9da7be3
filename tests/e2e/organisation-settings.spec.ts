/**
 * The admin sets the organisation's bill-to address, a new default ship-to
 * address and a logo in the browser, and sees them used: the buyer's new PO
 * form offers the ship-to first, the PO carries it, and the PO's PDF prints
 * the logo (read back with poppler's pdfimages) and the bill-to address. The
 * audit log shows each change and exports them as CSV. At 390 and 1366 px.
 * Acme's settings are put back at the end so the specs after this one see
 * the demo's bill-to address and default ship-to.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { demoLogoPng } from "../../db/demo-logo";

import { expectFitsPhone, expectInvalid, pdfText, signIn, followMainNavigation } from "./support";

const BILL_TO = "Acme Manufacturing GmbH\nAccounts payable\nPostfach 1234\n70001 Stuttgart\nGermany";

async function setBillTo(page: Page, address: string) {
  await page.goto("/settings/organisation");
  await page.getByLabel("Bill-to address").fill(address);
  await page.getByRole("button", { name: "Save organisation settings" }).click();
  await expect(page.getByRole("status")).toHaveText(/Organisation settings saved|Nothing changed/);
}

for (const width of [1366, 390] as const) {
  test(`at ${width} px: the admin sets the bill-to address, a default ship-to and a logo, and a buyer's PO uses them`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const admin = await signIn(browser, "admin@acme.test");
    await admin.setViewportSize({ width, height: 900 });
    await followMainNavigation(admin, "Settings");
    await expect(admin.getByRole("heading", { name: "Organisation settings" })).toBeVisible();
    await expect(admin.getByRole("navigation", { name: "Settings" })).toBeVisible();
    const original = await admin.getByLabel("Bill-to address").inputValue();

    // A zone that does not exist is refused next to the field, before anything is sent.
    await admin.getByLabel("Default time zone").fill("Mars/Olympus_Mons");
    await admin.getByLabel("Default time zone").blur();
    await expectInvalid(
      admin,
      admin.getByLabel("Default time zone"),
      "Enter an IANA time zone name, like Europe/Berlin or America/New_York.",
    );
    await admin.getByLabel("Default time zone").fill("Europe/Berlin");
    await admin.getByLabel("Bill-to address").fill(BILL_TO);
    await admin.getByRole("button", { name: "Save organisation settings" }).click();
    await expect(admin.getByRole("status")).toHaveText("Organisation settings saved.");

    // A file that is not an image is refused by its bytes, whatever its name says.
    const logoInput = admin.getByLabel(/Replace the logo|Upload a logo/);
    await logoInput.setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: Buffer.from("not an image at all"),
    });
    await admin.getByRole("button", { name: "Save logo" }).click();
    await expectInvalid(
      admin,
      admin.getByLabel(/Replace the logo|Upload a logo/),
      "The logo must be a PNG or JPEG image; this file is neither.",
    );
    const side = width === 1366 ? 96 : 80;
    await admin.getByLabel(/Replace the logo|Upload a logo/).setInputFiles({
      name: "acme.png",
      mimeType: "image/png",
      buffer: demoLogoPng(side),
    });
    await admin.getByRole("button", { name: "Save logo" }).click();
    await expect(admin.getByRole("status")).toHaveText("Logo saved. New PDFs of your purchase orders carry it.");
    await expect(admin.getByRole("img", { name: /logo as printed on purchase orders/ })).toBeVisible();
    await expect(admin.getByText(`PNG, ${side} × ${side} pixels`)).toBeVisible();
    if (width === 390) await expectFitsPhone(admin);
    if (width === 390) await admin.setViewportSize({ width, height: 900 });

    // A new default ship-to address.
    const label = `Hamburg hub ${width}`;
    await admin.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Ship-to addresses" }).click();
    await admin.getByLabel("Name", { exact: true }).last().fill(label);
    await admin.locator("#add-address").fill(`Acme Manufacturing GmbH\nHub ${width}\nHafenstraße 1\n20457 Hamburg`);
    await admin.getByLabel("Make this the default address").check();
    await admin.getByRole("button", { name: "Add address" }).click();
    await expect(admin.getByRole("status")).toHaveText("Address added.");
    await expect(admin.getByRole("heading", { name: `${label} · default` })).toBeVisible();
    if (width === 390) await expectFitsPhone(admin);

    // The buyer's new PO starts at the default ship-to address; the PO and its PDF carry what the admin set.
    const buyer = await signIn(browser, "buyer@acme.test");
    await buyer.setViewportSize({ width, height: 900 });
    await buyer.goto("/pos/new");
    const shipTo = buyer.getByLabel("Ship to");
    await expect(shipTo.locator("option:checked")).toHaveText(new RegExp(`^${label} \\(default\\)`));
    await buyer.getByLabel("Supplier").selectOption({ label: "Northwind Components" });
    await buyer.getByLabel("Item 1").fill("Pallet wrap");
    await buyer.getByLabel("Quantity 1").fill("4");
    await buyer.getByLabel("Unit price 1").fill("12.50");
    await buyer.getByRole("button", { name: "Create draft purchase order" }).click();
    await expect(buyer.getByRole("heading", { name: /^Purchase order / })).toBeVisible();
    const pdf = await buyer.request.get(`${new URL(buyer.url()).pathname}/pdf`);
    expect(pdf.status()).toBe(200);
    const body = Buffer.from(await pdf.body());
    const file = path.join(mkdtempSync(path.join(tmpdir(), "quotient-logo-")), "po.pdf");
    writeFileSync(file, body);
    const images = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(images.map((line) => line.trim().split(/\s+/).slice(0, 5))).toEqual([
      ["1", "0", "image", String(side), String(side)],
    ]);
    const text = pdfText(body);
    expect(text).toContain("Postfach 1234");
    // "Deliver to": the ship-to address's text, copied onto the PO.
    expect(text).toContain(`Hub ${width}`);
    expect(text).toContain("Hafenstraße 1");

    // The audit log shows the changes, and the CSV holds what the filter selects.
    await followMainNavigation(admin, "Audit log");
    await admin.getByLabel("Kind of record").selectOption("ship_to_address");
    await admin.getByRole("button", { name: "Filter" }).click();
    // The unfiltered log shows the change too: the CSV link is read once the filtered page is in.
    await expect(admin).toHaveURL(/entity=ship_to_address/);
    await expect(admin.getByRole("region", { name: "Audit events" })).toContainText("ADD_SHIP_TO");
    if (width === 390) await expectFitsPhone(admin);
    const [download] = await Promise.all([
      admin.waitForEvent("download"),
      admin.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    expect(csv.split("\r\n")[0]).toContain('"entity_type"');
    expect(csv).toContain(label);
    expect(csv).not.toContain("UPDATE_SETTINGS");

    // Back as seeded, for the specs after this one.
    await setBillTo(admin, original);
    await admin.goto("/settings/addresses");
    await admin.getByRole("button", { name: "Make Stuttgart plant, goods in the default" }).click();
    await expect(admin.getByRole("status")).toHaveText("Default address changed.");
    await admin.getByRole("button", { name: `Archive ${label}` }).click();
    await expect(admin.getByRole("status")).toHaveText(/Address archived/);
  });
}
