/**
 * The purchase-order PDF read back with poppler (pdftotext, pdfinfo,
 * pdffonts): what a supplier files must carry both parties, the PO number
 * and revision, dates, terms, every line, tax per rate, totals with the
 * currency, approvals and page numbers, and render non-Latin item names
 * with an embedded font. One test builds the order through the domain
 * functions and reads it from the database, as the route and the mail do.
 */
import { poVersion } from "../../factories/purchasing";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderPurchaseOrderPdf, type PurchaseOrderDocument } from "../../../app/documents/purchase-order-pdf.server";
import { breakPieces, visualRuns } from "../../../app/documents/text-runs.server";
import { createFormat } from "../../../app/i18n/format";
import { serverT } from "../../../app/i18n/i18n.server";
import { PSEUDO_LOCALE } from "../../../app/i18n/pseudo";
import { awardRfq } from "../../factories/award";
import { getPurchaseOrderDocument } from "../../../app/models/ordering/document.server";
import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { BUYER, FINANCE, NORTHWIND, NORTHWIND_SALES, publishedRfq, quoteInput, seededDemo } from "../../factories/demo";
import { createTestDb } from "../../support/test-db";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quotient-po-pdf-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;

function purchaseOrder(overrides: Partial<PurchaseOrderDocument> = {}): PurchaseOrderDocument {
  return {
    number: "PO-2026-000123",
    revision: 2,
    status: "issued",
    createdAt: new Date("2026-11-20T09:00:00Z"),
    issuedAt: new Date("2026-11-22T14:30:00Z"),
    currency: "EUR",
    buyer: { name: "Northwind Buying GmbH", address: "Hauptstrasse 1\n10115 Berlin\nGermany" },
    supplier: { name: "Bolt & Nut Supplies Ltd", address: "1 Mill Lane\nLeeds LS1 4AP\nUnited Kingdom" },
    deliveryAddress: "Goods-in, Dock 4, Hauptstrasse 1, 10115 Berlin",
    deliveryDate: "2026-12-15",
    paymentTerms: "Net 30",
    incoterm: "DAP",
    notes: "Deliver between 08:00 and 14:00. Call ahead.",
    lines: [
      {
        position: 1,
        itemName: "Hex bolt M8x40",
        specification: "DIN 933, zinc plated, 8.8",
        quantity: "1500",
        unit: "pcs",
        unitPrice: "0.1234",
        lineTotal: "185.10",
      },
      {
        position: 2,
        itemName: "Washer M8",
        specification: "DIN 125",
        quantity: "3000.000",
        unit: "pcs",
        unitPrice: "0.02",
        lineTotal: "60.00",
      },
      {
        position: 3,
        itemName: "Assembly fixture",
        specification: "Steel frame, welded",
        quantity: "2",
        unit: "ea",
        unitPrice: "624450.75",
        lineTotal: "1248901.50",
      },
    ],
    subtotal: "1249146.60",
    taxTotal: "237337.85",
    total: "1486484.45",
    approvals: [
      { name: "Fiona Finance", at: new Date("2026-11-21T08:15:00Z") },
      { name: "Carl Controller", at: new Date("2026-11-21T10:45:00Z") },
    ],
    ...overrides,
  };
}

function writePdf(name: string, pdf: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync("pdftotext", ["-layout", ...range, file, "-"], { encoding: "utf8" });
}

function pageCount(file: string): number {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (!match) throw new Error(`no page count in pdfinfo output:\n${info}`);
  return Number(match[1]);
}

describe("purchase order PDF", () => {
  it("shows the order, both parties, every line and the total with its currency", async () => {
    const pdf = await renderPurchaseOrderPdf(purchaseOrder());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = writePdf("short.pdf", pdf);
    const text = pdfText(file);

    expect(text).toContain("Purchase order PO-2026-000123");
    expect(text).toMatch(/Revision 2/);
    expect(text).toContain("Northwind Buying GmbH");
    expect(text).toContain("10115 Berlin");
    expect(text).toContain("Bolt & Nut Supplies Ltd");
    expect(text).toContain("Leeds LS1 4AP");
    expect(text).toContain("2026-11-20");
    expect(text).toContain("2026-12-15");
    expect(text).toContain("Net 30");
    expect(text).toContain("DAP");
    for (const item of ["Hex bolt M8x40", "Washer M8", "Assembly fixture", "DIN 933, zinc plated, 8.8"]) {
      expect(text).toContain(item);
    }
    // Thousands separators, two decimals, unit prices up to four.
    expect(text).toContain("0.1234");
    expect(text).toContain("3,000");
    expect(text).toContain("624,450.75");
    expect(text).toContain("1,248,901.50");
    expect(text).toMatch(/Total\s+EUR 1,486,484\.45/);
    expect(text).toContain("Fiona Finance");
    expect(text).toContain("Page 1 of 1");

    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/^Title:\s+Purchase order PO-2026-000123$/m);
    expect(info).toMatch(/^Author:\s+Northwind Buying GmbH$/m);
  });

  it("states dates and approval times in the reader's zone, named, and its labels from the catalogue", async () => {
    const reader = { t: serverT("en"), format: createFormat({ locale: "en", timeZone: "Asia/Shanghai" }) };
    const text = pdfText(writePdf("shanghai.pdf", await renderPurchaseOrderPdf(purchaseOrder(), reader)));
    expect(text).toContain("Approved by Carl Controller on 2026-11-21 18:45 Asia/Shanghai");
    // Issued at 14:30 UTC, already the next evening's 22:30 in Shanghai: still the 22nd.
    expect(text).toMatch(/Issued\s+2026-11-22/);
    expect(text).toContain("Page 1 of 1");

    const pseudo = { t: serverT(PSEUDO_LOCALE), format: createFormat({ locale: PSEUDO_LOCALE, timeZone: "UTC" }) };
    const marked = pdfText(writePdf("pseudo.pdf", await renderPurchaseOrderPdf(purchaseOrder(), pseudo)));
    // The brackets have no glyph in the embedded fonts; the accents show the label came from the catalogue.
    expect(marked).toContain("Ƥàĝé 1 óƒ 1");
    expect(marked).not.toContain("Payment terms");
  });

  it("renders the same bytes for the same order", async () => {
    const a = await renderPurchaseOrderPdf(purchaseOrder());
    const b = await renderPurchaseOrderPdf(purchaseOrder());
    expect(a.equals(b)).toBe(true);
  });

  it("breaks a long table across pages, repeating the header row and numbering pages", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => {
      const position = i + 1;
      const long = position % 9 === 0;
      return {
        position,
        itemName: `Part ${String(position).padStart(3, "0")} precision bushing`,
        specification: long
          ? `${"Tolerance h7, case hardened to 58 HRC, ground finish, supplied with inspection certificate 3.1. ".repeat(position === 27 ? 60 : 6)}SERIAL-${"X".repeat(120)}`
          : "Bronze, 20 x 25 x 30 mm",
        quantity: "12",
        unit: "pcs",
        unitPrice: "4.5",
        lineTotal: "54.00",
      };
    });
    const pdf = await renderPurchaseOrderPdf(
      purchaseOrder({ lines, subtotal: "4320.00", taxTotal: "820.80", total: "5140.80" }),
    );
    const file = writePdf("long.pdf", pdf);
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);

    const all = pdfText(file);
    for (const position of [1, 27, 80]) {
      expect(all).toContain(`Part ${String(position).padStart(3, "0")} precision bushing`);
    }
    expect(all).toMatch(/Total\s+EUR 5,140\.80/);

    // Every page that carries table rows starts them under the header row.
    let pagesWithRows = 0;
    for (let page = 1; page <= pages; page++) {
      const text = pdfText(file, page);
      expect(text).toContain(`Page ${page} of ${pages}`);
      if (/precision bushing|Tolerance h7/.test(text)) {
        pagesWithRows++;
        expect(text).toMatch(/#\s+Item\s+Qty\s+Unit\s+Unit price\s+Line total/);
      }
    }
    expect(pagesWithRows).toBeGreaterThan(1);
    expect(pdfText(file, 2)).toContain(`Page 2 of ${pages}`);
    // The "of M" the pages state is the page count a PDF reader finds.
    expect(pdfText(file, 1)).toContain(`Page 1 of ${pages}`);
    expect(all).not.toContain(`Page ${pages + 1} of`);
  });

  it("renders Chinese item names with an embedded subset font, and stays small", async () => {
    const pdf = await renderPurchaseOrderPdf(
      purchaseOrder({
        supplier: { name: "深圳精密紧固件有限公司", address: "宝安区 福永街道 88号\n518103 深圳\nChina" },
        lines: [
          {
            position: 1,
            itemName: "不锈钢螺栓 M8",
            specification: "A2-70，内六角，GB/T 70.1",
            quantity: "2000",
            unit: "pcs",
            unitPrice: "0.085",
            lineTotal: "170.00",
          },
          {
            position: 2,
            itemName: "Scheibe Ø8 – Größe M8 (Ж, Ω, ü)",
            specification: "",
            quantity: "2000",
            unit: "pcs",
            unitPrice: "0.01",
            lineTotal: "20.00",
          },
        ],
        subtotal: "190.00",
        taxTotal: "0.00",
        total: "190.00",
      }),
    );
    const file = writePdf("cjk.pdf", pdf);
    const text = pdfText(file);
    expect(text).toContain("不锈钢螺栓 M8");
    expect(text).toContain("深圳精密紧固件有限公司");
    expect(text).toContain("内六角");
    expect(text).toContain("Scheibe Ø8 – Größe M8 (Ж, Ω, ü)");

    // Embedded and subset: the reader needs nothing installed, and the file carries only the glyphs used.
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    const noto = fonts.split("\n").filter((l) => /NotoSansSC/.test(l));
    expect(noto.length).toBeGreaterThanOrEqual(1);
    for (const line of noto) expect(line).toMatch(/\+NotoSansSC\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).not.toMatch(/Helvetica/);
    expect(pdf.length).toBeLessThan(120_000);
  });

  it("renders Korean, Arabic, Hebrew, Thai, Devanagari, Greek and Cyrillic, mixed with Latin, in subset fonts", async () => {
    const names = [
      "육각 볼트 M8 스테인리스",
      "مسمار فولاذي مقاوم للصدأ",
      "Steel bolt برغي فولاذي M8",
      "בורג פלדה אל-חלד",
      "สลักเกลียวสแตนเลส M8 ขนาดยาว",
      "स्टेनलेस स्टील बोल्ट",
      "Ανοξείδωτη βίδα",
      "Болт нержавеющий",
    ];
    // One very long Thai name without spaces: it must wrap inside the cell, between words.
    const longThai = "สลักเกลียวหัวหกเหลี่ยมสแตนเลสคุณภาพสูงสำหรับงานอุตสาหกรรม".repeat(3);
    const lines = [...names, longThai].map((itemName, i) => ({
      position: i + 1,
      itemName,
      specification: i === 1 ? "حجم ٨ مم، عبوة من ١٠٠ قطعة" : "",
      quantity: "10",
      unit: "pcs",
      unitPrice: "1.00",
      lineTotal: "10.00",
    }));
    const pdf = await renderPurchaseOrderPdf(
      purchaseOrder({ lines, subtotal: "90.00", taxTotal: "0.00", total: "90.00", notes: "" }),
    );
    const file = writePdf("scripts.pdf", pdf);
    // NFKC folds presentation forms and composed accents, so what pdftotext reads compares with what was typed.
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).normalize("NFKC");
    for (const name of names.filter((n) => !/[\u0590-\u06FF]/u.test(n))) expect(text).toContain(name.normalize("NFKC"));
    // Right-to-left words come back in reading order, whole, and joined forms decode to the letters typed.
    // (Not "للصدأ": its dal is drawn with the same glyph as the thal of "فولاذي", and a PDF maps a glyph to one
    // character only, so pdftotext reads it back as thal though it renders right.)
    for (const word of ["مسمار", "فولاذي", "مقاوم", "برغي", "בורג", "פלדה", "Steel bolt"]) {
      expect(text).toContain(word);
    }
    // Right to left on the page: the first Hebrew word stands to the right of the second (pdftotext -bbox
    // gives each word's glyphs in drawing order, i.e. reversed).
    const boxes = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
    const xOf = (word: string) => {
      const match = new RegExp(`xMin="([\\d.]+)"[^>]*>${[...word].reverse().join("")}<`).exec(boxes);
      if (!match) throw new Error(`no box for ${word}`);
      return Number(match[1]);
    };
    expect(xOf("בורג")).toBeGreaterThan(xOf("פלדה"));
    expect(text.replace(/\s+/g, "")).toContain(longThai.slice(0, 30));

    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    for (const family of [
      "NotoSansKR",
      "NotoSansArabic",
      "NotoSansHebrew",
      "NotoSansThai",
      "NotoSansDevanagari",
      "NotoSansSC",
    ]) {
      const rows = fonts.split("\n").filter((l) => l.includes(family));
      expect(rows.length, family).toBeGreaterThanOrEqual(1);
      for (const row of rows) expect(row).toMatch(/\+NotoSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    }
    // Six faces, each cut down to the glyphs used (the font files are megabytes).
    expect(pdf.length).toBeLessThan(200_000);
  });

  it("repeats the header row when rows in many scripts run onto further pages", async () => {
    const scripts = ["육각 볼트", "مسمار فولاذي", "สลักเกลียว", "Болт", "Βίδα", "בורג", "बोल्ट"];
    const lines = Array.from({ length: 70 }, (_, i) => ({
      position: i + 1,
      itemName: `${scripts[i % scripts.length]} ${i + 1}`,
      specification: "",
      quantity: "1",
      unit: "pcs",
      unitPrice: "1.00",
      lineTotal: "1.00",
    }));
    const file = writePdf(
      "scripts-long.pdf",
      await renderPurchaseOrderPdf(purchaseOrder({ lines, subtotal: "70.00", taxTotal: "0.00", total: "70.00" })),
    );
    const pages = pageCount(file);
    expect(pages).toBeGreaterThan(1);
    for (let page = 2; page <= pages; page++) {
      const text = pdfText(file, page);
      if (/pcs/.test(text)) expect(text).toMatch(/#\s+Item\s+Qty\s+Unit\s+Unit price\s+Line total/);
    }
    expect(pdfText(file).normalize("NFKC")).toContain("สลักเกลียว 66");
  });

  it("shows tax per rate, the tax total and each line's rate", async () => {
    const taxed = (position: number, itemName: string, lineTotal: string, taxRate: string) => ({
      position,
      itemName,
      specification: "",
      quantity: "1",
      unit: "pcs",
      unitPrice: lineTotal,
      lineTotal,
      taxRate,
    });
    const pdf = await renderPurchaseOrderPdf(
      purchaseOrder({
        lines: [
          taxed(1, "Bearing housing", "565.10", "19.0000"),
          taxed(2, "Manual, printed", "100.00", "7.0000"),
          taxed(3, "Returnable pallet", "0.00", "0.0000"),
        ],
        subtotal: "665.10",
        taxTotal: "114.37",
        total: "779.47",
      }),
    );
    const text = pdfText(writePdf("tax.pdf", pdf));
    expect(text).toMatch(/#\s+Item\s+Qty\s+Unit\s+Unit price\s+Tax\s+Line total/);
    expect(text).toMatch(/Bearing housing\s+1\s+pcs\s+565\.10\s+19%\s+565\.10/);
    expect(text).toMatch(/Subtotal\s+EUR 665\.10/);
    expect(text).toMatch(/Tax 19% on 565\.10\s+EUR 107\.37/);
    expect(text).toMatch(/Tax 7% on 100\.00\s+EUR 7\.00/);
    expect(text).toMatch(/Tax 0% on 0\.00\s+EUR 0\.00/);
    expect(text).toMatch(/Tax total\s+EUR 114\.37/);
    expect(text).toMatch(/Total\s+EUR 779\.47/);
  });

  it("states only the tax total when the lines' rates do not add up to it", async () => {
    const line = purchaseOrder().lines[0];
    const pdf = await renderPurchaseOrderPdf(
      purchaseOrder({
        lines: [{ ...line, taxRate: "19" }],
        subtotal: "185.10",
        taxTotal: "40.00",
        total: "225.10",
      }),
    );
    const text = pdfText(writePdf("tax-mismatch.pdf", pdf));
    expect(text).toMatch(/Tax\s+EUR 40\.00/);
    expect(text).not.toMatch(/Tax 19% on/);
  });

  it("says why an order carries no approvals when none were needed", async () => {
    const none = pdfText(
      writePdf(
        "no-approvals.pdf",
        await renderPurchaseOrderPdf(purchaseOrder({ approvals: [], requiredApprovals: 0 })),
      ),
    );
    expect(none).toContain("None needed: the total is under the organisation's first approval threshold.");
    const missing = pdfText(
      writePdf(
        "missing-approvals.pdf",
        await renderPurchaseOrderPdf(purchaseOrder({ approvals: [], requiredApprovals: 1 })),
      ),
    );
    expect(missing).toContain("No approvals recorded.");
  });

  it("refuses an amount that is not a decimal number", async () => {
    await expect(renderPurchaseOrderPdf(purchaseOrder({ total: "1e3" }))).rejects.toThrow(/not a decimal number/);
  });
});

describe("runs of text in many scripts", () => {
  const drawn = (text: string) =>
    visualRuns(text, "regular").map((r) => [r.text, r.face.name.replace(/-regular$/, "")]);

  it("sets each script in a face that has it, keeping spaces and digits with their run", () => {
    expect(drawn("Bolt 볼트 M8")).toEqual([
      ["Bolt ", "NotoSansSC"],
      ["볼트 M8", "NotoSansKR"],
    ]);
    expect(drawn("สลักเกลียว M8")).toEqual([["สลักเกลียว M8", "NotoSansThai"]]);
    expect(drawn("Βίδα Болт")).toEqual([["Βίδα Болт", "NotoSans"]]);
  });

  it("puts right-to-left runs in visual order on a left-to-right line", () => {
    // Two Arabic words separated by a Latin one: each stays where it is, read right to left within itself.
    expect(drawn("Steel برغي M8 فولاذي end")).toEqual([
      ["Steel ", "NotoSansSC"],
      ["برغي", "NotoSansArabic"],
      [" M8 ", "NotoSansArabic"],
      ["فولاذي", "NotoSansArabic"],
      [" end", "NotoSansArabic"],
    ]);
    // Digits inside Arabic form their own left-to-right run, drawn to the left of the word before them
    // (a run's text stays in reading order: fontkit turns its glyphs around when it shapes it).
    expect(drawn("حجم ١٢ مم")).toEqual([
      [" مم", "NotoSansArabic"],
      ["١٢", "NotoSansArabic"],
      ["حجم ", "NotoSansArabic"],
    ]);
  });

  it("breaks Thai between words and never splits a letter from its marks", () => {
    const pieces = breakPieces("สลักเกลียวสแตนเลส", () => true);
    expect(pieces.join("")).toBe("สลักเกลียวสแตนเลส");
    expect(pieces.length).toBeGreaterThan(1);
    const letters = breakPieces("स्टेनलेस", () => false);
    expect(letters.join("")).toBe("स्टेनलेस");
    for (const letter of letters) expect(letter).not.toMatch(/^[\u093E-\u094D]/u);
  });
});

describe("purchase order PDF from the database", () => {
  it("renders an order raised, approved and issued through the domain functions", async () => {
    const t = await createTestDb("po_pdf");
    try {
      const demo = await seededDemo(t.db);
      const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
      const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
      const rfqId = await publishedRfq(
        demo,
        {
          title: "Fasteners, Shenzhen line",
          lines: [{ itemName: "不锈钢螺栓 M8", specification: "A2-70, 内六角", quantity: "2000", unit: "pcs" }],
          deadlineAt: deadline,
          supplierIds: [demo.orgId(NORTHWIND)],
        },
        createdAt,
      );
      await submitQuote(demo.as(NORTHWIND_SALES, new Date(createdAt.getTime() + MINUTE)), {
        rfqId,
        ...(await quoteInput(t.db, rfqId, ["0.85"])),
      });
      const at = new Date(deadline.getTime() + 1_000);
      await closeDueRfqs(t.db, at);
      const rfq = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
      const { poId, poNumber } = await awardRfq(demo.as(BUYER, at), {
        rfqId,
        supplierOrgId: demo.orgId(NORTHWIND),
        version: rfq.version,
      });
      const draft = await t.db
        .selectFrom("purchase_orders")
        .where("id", "=", poId)
        .select("version")
        .executeTakeFirstOrThrow();
      await submitPo(demo.as(BUYER, at), { id: poId, version: draft.version });
      await approvePo(demo.as(FINANCE, new Date(at.getTime() + MINUTE)), {
        id: poId,
        version: await poVersion(t.db, poId),
      });

      const document = await getPurchaseOrderDocument(t.db, poId);
      expect(document.status).toBe("issued");
      const file = writePdf("from-db.pdf", await renderPurchaseOrderPdf(document));
      const text = pdfText(file);
      expect(text).toContain(`Purchase order ${poNumber}`);
      expect(text).toMatch(/Revision\s+1/);
      expect(text).toContain("不锈钢螺栓 M8");
      expect(text).toContain("内六角");
      expect(text).toContain("Acme Manufacturing");
      expect(text).toContain("70565 Stuttgart");
      expect(text).toContain("Northwind Components");
      expect(text).toContain("411 06 Göteborg");
      expect(text).toMatch(/Ordered by\s+Alice Byrne/);
      expect(text).toMatch(/2,000\s+pcs\s+0\.85\s+0%\s+1,700\.00/);
      expect(text).toMatch(/Total\s+EUR 1,700\.00/);
      const approval = await t.db
        .selectFrom("approvals")
        .where("po_id", "=", poId)
        .select("created_at")
        .executeTakeFirstOrThrow();
      const stamp = approval.created_at.toISOString().slice(0, 16).replace("T", " ");
      expect(text).toContain(`Approved by Farid Nasser on ${stamp} UTC`);
      expect(text).toContain("Page 1 of 1");
    } finally {
      await t.destroy();
    }
  });
});
