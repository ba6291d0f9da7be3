import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderPurchaseOrderPdf, type PurchaseOrderDocument } from "../../app/documents/purchase-order-pdf.server";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "quotient-po-pdf-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

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
  });

  it("refuses an amount that is not a decimal number", async () => {
    await expect(renderPurchaseOrderPdf(purchaseOrder({ total: "1e3" }))).rejects.toThrow(/not a decimal number/);
  });
});
