/**
 * Sourcing in a real browser: the buyer builds an RFQ from a CSV of lines
 * (a bad file first, reported by row and column), attaches a drawing and
 * publishes; the supplier downloads the drawing, asks a question, quotes,
 * revises and reads what changed; the buyer answers (the supplier gets the
 * answer by mail, the asker unnamed), closes once everyone has answered and
 * sees only the final revision.
 */
import { expect, test } from "@playwright/test";

import { mailsTo, signIn, utcLocal } from "./support";

test.describe.configure({ mode: "serial" });

const title = `Cable glands ${Date.now().toString(36)}`;
const QUESTION = "May we offer nickel-plated brass instead of stainless?";
const ANSWER = "Yes, nickel-plated brass is acceptable.";
const DRAWING = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
let rfqUrl = "";

test("1. the buyer builds an RFQ from a CSV, attaches a drawing and publishes it", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto("/rfqs/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Category").fill("Electrical");
  await page.getByLabel("Response deadline").fill(utcLocal(new Date(Date.now() + 2 * 86_400_000)));
  await page.getByLabel("Time zone").selectOption("UTC");
  await page.getByLabel("Incoterm wanted").selectOption("DAP");
  await page.getByLabel("Payment terms wanted").selectOption("Net 30");

  // The template is there to start from.
  const template = await page.request.get("/rfqs/lines-template.csv");
  expect(template.headers()["content-type"]).toContain("text/csv");
  expect(await template.text()).toContain("item,specification,quantity,unit,target_price");

  await page.getByLabel("Line items from CSV").setInputFiles({
    name: "lines.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("item,specification,quantity,unit\nCable gland M20,IP68,300,pcs\nLock nut M20,,many,boxes\n"),
  });
  await page.getByRole("button", { name: "Save draft" }).click();
  const csvError = page.locator("#linesCsv-error");
  await expect(csvError).toContainText("Nothing was imported");
  await expect(csvError).toContainText("Row 3, quantity: The quantity must be a number");
  await expect(csvError).toContainText("Row 3, unit: Use one of pcs");
  await expect(page.getByLabel("Title")).toHaveValue(title);

  await page.getByLabel("Line items from CSV").setInputFiles({
    name: "lines.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      "item,specification,quantity,unit,target_price\nCable gland M20,IP68,300,pcs,2.00\nLock nut M20,Brass,300,pcs,\n",
    ),
  });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: title })).toContainText("draft");
  await expect(page.getByRole("cell", { name: "Cable gland M20" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Lock nut M20" })).toBeVisible();
  rfqUrl = new URL(page.url()).pathname;

  await page.getByLabel("Attach a file").setInputFiles({
    name: "gland-drawing.pdf",
    mimeType: "application/pdf",
    buffer: DRAWING,
  });
  await page.getByRole("button", { name: "Attach file" }).click();
  await expect(page.getByRole("status")).toHaveText("The file is attached.");
  await expect(page.getByRole("link", { name: "gland-drawing.pdf" })).toBeVisible();

  await page.getByRole("link", { name: "Edit draft" }).click();
  await expect(page.getByLabel("Item 1")).toHaveValue("Cable gland M20");
  await expect(page.getByLabel("Target price 1")).toHaveValue("2");
  await page.getByLabel("Northwind Components").check();
  await page.getByRole("button", { name: "Publish RFQ" }).click();
  await expect(page.getByRole("heading", { name: title })).toContainText("open");
});

test("2. the supplier downloads the drawing, asks a question, quotes and revises", async ({ browser }) => {
  const page = await signIn(browser, "sales@northwind.test");
  await page.goto("/rfqs");
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("not answered");
  await page.getByRole("link", { name: title }).click();

  const link = page.getByRole("link", { name: "gland-drawing.pdf" });
  const download = await page.request.get((await link.getAttribute("href")) as string);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect(Buffer.compare(await download.body(), DRAWING)).toBe(0);
  // The target price is the buyer's own.
  await expect(page.getByText("2.00")).toHaveCount(0);

  await page.getByRole("link", { name: "Questions and answers" }).click();
  await page.getByLabel("Your question").fill(QUESTION);
  await page.getByRole("button", { name: "Ask question" }).click();
  await expect(page.getByRole("status")).toContainText("Your question is sent to the buyer");
  await expect(page.getByRole("list", { name: "Question log" })).toContainText(QUESTION);

  await page.goto(rfqUrl);
  await page.getByRole("link", { name: "Enter quote" }).click();
  await page.getByLabel("Unit price for Cable gland M20").fill("2.10");
  await page.getByLabel("Unit price for Lock nut M20").fill("0.50");
  await page.getByLabel("Minimum order quantity for Cable gland M20").fill("100");
  await page.getByLabel("Lead time (days)").fill("21");
  await page.getByLabel("Incoterm").selectOption("DAP");
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expect(page.getByRole("status")).toContainText("Your quote was received (revision 1)");

  await page.getByRole("link", { name: "Revise quote" }).click();
  await expect(page.getByLabel("Unit price for Cable gland M20")).toHaveValue("2.1");
  await page.getByLabel("Unit price for Cable gland M20").fill("1.95");
  await page.getByLabel("Lead time (days)").fill("14");
  await page.getByRole("button", { name: "Submit quote" }).click();
  await expect(page.getByRole("status")).toContainText("Your quote was received (revision 2)");

  await page.getByRole("link", { name: "Revision history" }).click();
  await expect(page.getByRole("row", { name: /^1 / })).toBeVisible();
  const changes = page.getByRole("table", { name: "Changes from revision 1 to revision 2" });
  await expect(changes.getByRole("row", { name: /Cable gland M20: Unit price/ })).toContainText("2.1");
  await expect(changes.getByRole("row", { name: /Cable gland M20: Unit price/ })).toContainText("1.95");
  await expect(changes.getByRole("row", { name: /Lead time/ })).toContainText("14");
});

test("3. the buyer answers, the supplier is mailed, and the buyer sees only the final quote", async ({ browser }) => {
  const page = await signIn(browser, "buyer@acme.test");
  await page.goto(rfqUrl);
  // Sealed: no price on the buyer's page while open.
  await expect(page.getByText("1.95")).toHaveCount(0);
  await page.getByRole("link", { name: "Questions and answers" }).click();
  const log = page.getByRole("list", { name: "Question log" });
  await expect(log).toContainText(`from Northwind Components`);
  await page.getByLabel("Answer").fill(ANSWER);
  await page.getByRole("button", { name: "Publish answer" }).click();
  await expect(page.getByRole("status")).toContainText("published to every invited supplier");
  await expect(log).toContainText(QUESTION);
  await expect(log).toContainText(ANSWER);

  await expect
    .poll(
      async () => (await mailsTo("sales@northwind.test")).filter((m) => m.subject?.startsWith("New answer on")).length,
      {
        timeout: 30_000,
      },
    )
    .toBe(1);
  const [mail] = (await mailsTo("sales@northwind.test")).filter((m) => m.subject?.startsWith("New answer on"));
  expect(mail.text).toContain(ANSWER);
  expect(mail.text).not.toContain("Northwind Components");

  await page.goto(rfqUrl);
  await page.getByRole("button", { name: "Close RFQ" }).click();
  await expect(page.getByRole("heading", { name: title })).toContainText("closed");
  await page.getByRole("link", { name: "Compare quotes" }).click();
  await expect(page.getByText("rev. 2")).toBeVisible();
  await expect(page.getByRole("main")).toContainText("1.95");
  await expect(page.getByRole("main")).not.toContainText("2.10");
});
