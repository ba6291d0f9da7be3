/**
 * Freight and other charges from the awarded quote revision reach the
 * purchase order as charge lines: whole to the PO of a whole award, in
 * proportion to the awarded value when a split award leaves some of the
 * supplier's lines to others (the same share the comparison adds to each
 * line's landed amount). They appear in the PDF (read back with pdftotext)
 * and the UBL (validated against the OASIS schema when present), are
 * invoiced and matched on amount without a receipt, and never keep a PO
 * from being received.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderPurchaseOrderPdf } from "../../../app/documents/purchase-order-pdf.server";
import { renderPurchaseOrderUbl } from "../../../app/documents/purchase-order-ubl.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { getPurchaseOrderDocument } from "../../../app/models/ordering/document.server";
import { award } from "../../../app/models/sourcing/award.server";
import { getComparison } from "../../../app/models/sourcing/comparison.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { FormError } from "../../../app/utils/errors";
import {
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { acknowledged, poRow, poVersion } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";
import { english, englishErrors } from "../../support/english";

const SCHEMA_DIR = process.env.UBL_SCHEMA_DIR ?? path.resolve("../shared/schemas/ubl-2.1");
const ORDER_XSD = path.join(SCHEMA_DIR, "maindoc", "UBL-Order-2.1.xsd");
const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let dir: string;

beforeAll(async () => {
  t = await createTestDb("po_charges");
  demo = await seededDemo(t.db);
  dir = mkdtempSync(path.join(tmpdir(), "quotient-po-charges-"));
});

afterAll(async () => {
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
/**
 * An RFQ of two lines (100 and 50 pcs) quoted by Northwind (freight 350.00, other charges 20.00) and Globex
 * (freight 10.00), closed and ready to award.
 */
async function quotedRfq(northwindPrices: [string, string], globexPrices: [string, string]) {
  counter += 1;
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + counter * 120 * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const rfqId = await publishedRfq(
    demo,
    {
      title: `Charges ${counter}`,
      lines: [
        { itemName: "Flange DN50", specification: "", quantity: "100", unit: "pcs" },
        { itemName: "Gasket DN50", specification: "", quantity: "50", unit: "pcs" },
      ],
      deadlineAt: deadline,
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    createdAt,
  );
  const quotedAt = new Date(createdAt.getTime() + MINUTE);
  await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, northwindPrices)),
    freight: "350.00",
    otherCharges: "20.00",
  });
  await submitQuote(demo.as(GLOBEX_SALES, quotedAt), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, globexPrices)),
    freight: "10.00",
  });
  const at = new Date(deadline.getTime() + 1_000);
  await closeDueRfqs(t.db, at);
  const rfq = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
  return { rfqId, version: rfq.version, at };
}

const linesOf = (poId: string) =>
  t.db.selectFrom("purchase_order_lines").where("po_id", "=", poId).selectAll().orderBy("position").execute();

const poOf = async (poIds: string[], supplier: string) => {
  for (const id of poIds) if ((await poRow(t.db, id)).supplier_org_id === demo.orgId(supplier)) return id;
  throw new Error(`no PO for ${supplier}`);
};

describe("a whole award", () => {
  it("puts the quote's freight and other charges on the PO as charge lines, in its total", async () => {
    // Northwind: 100 × 18.30 = 1830.00 + 50 × 8.40 = 420.00 = 2250.00 of goods, + 350.00 + 20.00 = 2620.00.
    // Globex: 100 × 18.00 + 50 × 9.20 = 2260.00 + 10.00 = 2270.00 landed: cheaper, so Northwind needs a reason.
    const { rfqId, version, at } = await quotedRfq(["18.30", "8.40"], ["18.00", "9.20"]);
    const result = await award(demo.as(BUYER, at), {
      rfqId,
      version,
      choice: { mode: "whole", supplierOrgId: demo.orgId(NORTHWIND) },
      justification: "Approved supplier for flanges",
    });
    expect(result.justificationRequired).toBe(true);
    const poId = result.purchaseOrders[0].id;
    const lines = await linesOf(poId);
    expect(lines.map((l) => [l.position, l.kind, l.item_name, l.quantity, l.unit_price, l.line_total])).toEqual([
      [1, "item", "Flange DN50", "100.000", "18.3000", "1830.00"],
      [2, "item", "Gasket DN50", "50.000", "8.4000", "420.00"],
      [3, "charge", "Freight", "1.000", "350.0000", "350.00"],
      [4, "charge", "Other charges", "1.000", "20.0000", "20.00"],
    ]);
    const po = await poRow(t.db, poId);
    expect([po.subtotal, po.total]).toEqual(["2620.00", "2620.00"]);

    // The PDF shows the charge lines and the total they make.
    const doc = await getPurchaseOrderDocument(t.db, poId);
    const file = path.join(dir, "whole.pdf");
    writeFileSync(file, await renderPurchaseOrderPdf(doc));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toMatch(/3 Freight\s+1 lot\s+350\.00\s+0%\s+350\.00\n\s+Charge from the awarded quote, revision 1/);
    expect(text).toMatch(/4 Other charges\s+1 lot\s+20\.00\s+0%\s+20\.00/);
    expect(text).toMatch(/\n\s+Total\s+EUR 2,620\.00/);

    // The UBL carries them as charges (not order lines) and still validates.
    const xml = renderPurchaseOrderUbl(doc);
    expect(xml).toContain("<cbc:LineCountNumeric>2</cbc:LineCountNumeric>");
    expect(xml).toMatch(
      /<cac:AllowanceCharge>\s*<cbc:ID>3<\/cbc:ID>\s*<cbc:ChargeIndicator>true<\/cbc:ChargeIndicator>\s*<cbc:AllowanceChargeReasonCode>FC<\/cbc:AllowanceChargeReasonCode>\s*<cbc:AllowanceChargeReason>Freight<\/cbc:AllowanceChargeReason>\s*<cbc:Amount currencyID="EUR">350.00<\/cbc:Amount>/,
    );
    expect(xml).toContain('<cbc:LineExtensionAmount currencyID="EUR">2250.00</cbc:LineExtensionAmount>');
    expect(xml).toContain('<cbc:ChargeTotalAmount currencyID="EUR">370.00</cbc:ChargeTotalAmount>');
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">2620.00</cbc:PayableAmount>');
    expect(xml.match(/<cac:OrderLine>/g)).toHaveLength(2);
    if (existsSync(ORDER_XSD)) {
      const xmlFile = path.join(dir, "whole.xml");
      writeFileSync(xmlFile, xml, "utf8");
      const run = spawnSync("xmllint", ["--noout", "--schema", ORDER_XSD, xmlFile], { encoding: "utf8" });
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    }
  });
});

describe("a split award", () => {
  it("gives each supplier's PO its charges in proportion to the awarded value, as the comparison does", async () => {
    // Northwind 1830.00 + 420.00, Globex 1800.00 + 460.00. Line 1 to Northwind, line 2 to Globex.
    const { rfqId, version, at } = await quotedRfq(["18.30", "8.40"], ["18.00", "9.20"]);
    const comparison = await getComparison(demo.as(BUYER, at), { rfqId });
    const result = await award(demo.as(BUYER, at), {
      rfqId,
      version,
      choice: {
        mode: "lines",
        lines: [
          { rfqLineId: comparison.lines[0].id, supplierOrgId: demo.orgId(NORTHWIND) },
          { rfqLineId: comparison.lines[1].id, supplierOrgId: demo.orgId(GLOBEX) },
        ],
      },
      justification: "Flanges from the approved supplier",
    });
    const ids = result.purchaseOrders.map((p) => p.id);
    const northwindPo = await poOf(ids, NORTHWIND);
    const globexPo = await poOf(ids, GLOBEX);

    // Northwind's freight 350.00 × 1830 / 2250 = 284.666… and × 420 / 2250 = 65.333…: rounded down
    // 284.66 + 65.33 = 349.99, the cent left goes to the larger remainder (0.666… cent) → 284.67 for line 1.
    // Other charges 20.00: 16.266… and 3.733… → 16.26 + 3.73 = 19.99, the cent to 16.266… → 16.27.
    const nLines = await linesOf(northwindPo);
    expect(nLines.map((l) => [l.kind, l.item_name, l.line_total])).toEqual([
      ["item", "Flange DN50", "1830.00"],
      ["charge", "Freight", "284.67"],
      ["charge", "Other charges", "16.27"],
    ]);
    // 1830.00 + 284.67 + 16.27
    expect((await poRow(t.db, northwindPo)).total).toBe("2130.94");
    // Globex's freight 10.00: × 1800 / 2260 = 7.9646… and × 460 / 2260 = 2.0353…; 7.96 + 2.03 = 9.99, the cent
    // to the larger remainder (0.53… cent against 0.46…) → 2.04 for line 2.
    const gLines = await linesOf(globexPo);
    expect(gLines.map((l) => [l.kind, l.item_name, l.line_total])).toEqual([
      ["item", "Gasket DN50", "460.00"],
      ["charge", "Freight", "2.04"],
    ]);

    // The comparison's landed line amounts add exactly these shares: one rule from ranking to PO.
    const n = comparison.suppliers.find((s) => s.supplierName === NORTHWIND);
    const g = comparison.suppliers.find((s) => s.supplierName === GLOBEX);
    expect(n?.cells[comparison.lines[0].id]).toMatchObject({
      convertedLineTotal: "1830.00",
      landedLineTotal: "2130.94",
    });
    expect(g?.cells[comparison.lines[1].id]).toMatchObject({ convertedLineTotal: "460.00", landedLineTotal: "462.04" });
    // And the supplier's parts add up to its whole charges: 420.00 + 65.33 + 3.73, and 2130.94 + 489.06 = 2620.00.
    expect(n?.cells[comparison.lines[1].id]?.landedLineTotal).toBe("489.06");
    expect(n?.landedTotal).toBe("2620.00");
  });
});

describe("receiving and invoicing a PO with charges", () => {
  async function acknowledgedWithCharges() {
    const { rfqId, version, at } = await quotedRfq(["17.00", "8.00"], ["18.00", "9.20"]);
    // Northwind 1700.00 + 400.00 + 370.00 = 2470.00 landed, Globex 2270.00: a reason is needed.
    const result = await award(demo.as(BUYER, at), {
      rfqId,
      version,
      choice: { mode: "whole", supplierOrgId: demo.orgId(NORTHWIND) },
      justification: "Quality record",
    });
    const poId = result.purchaseOrders[0].id;
    await acknowledged(demo, poId);
    return { poId, lines: await linesOf(poId) };
  }

  it("receives goods only: a charge cannot be received, and all goods in makes the PO received", async () => {
    const { poId, lines } = await acknowledgedWithCharges();
    const [flange, gasket, freight] = lines;
    let refused: unknown = null;
    try {
      await recordReceipt(demo.as(BUYER), {
        poId,
        version: await poVersion(t.db, poId),
        receivedOn: "2026-11-20",
        deliveryNote: "DN-CHG-1",
        note: "",
        lines: [{ poLineId: freight.id, quantity: "1" }],
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(FormError);
    expect(englishErrors((refused as FormError).fieldErrors)).toEqual({
      "lines.0.quantity": "Freight is a charge, not goods: it is invoiced, never received.",
    });
    expect(await t.db.selectFrom("receipts").where("po_id", "=", poId).select("id").execute()).toEqual([]);

    await recordReceipt(demo.as(BUYER), {
      poId,
      version: await poVersion(t.db, poId),
      receivedOn: "2026-11-20",
      deliveryNote: "DN-CHG-2",
      note: "",
      lines: [
        { poLineId: flange.id, quantity: "100" },
        { poLineId: gasket.id, quantity: "50" },
      ],
    });
    expect((await poRow(t.db, poId)).status).toBe("received");
  });

  it("matches an invoice carrying the charges at their amounts, and disputes a charge above the PO's", async () => {
    const { poId, lines } = await acknowledgedWithCharges();
    const [flange, gasket, freight, other] = lines;
    // Freight invoiced before any goods arrived: a charge needs no receipt.
    const early = await submitInvoice(demo.as(NORTHWIND_SALES), {
      poId,
      invoiceNumber: `NW-FREIGHT-${counter}`,
      issuedOn: "2026-11-20",
      dueOn: "",
      lines: [{ poLineId: freight.id, quantity: "1", unitPrice: "350.00", taxRate: "0" }],
    });
    expect(early).toMatchObject({ status: "matched", differences: [] });
    // Invoicing the freight a second time is a difference.
    const twice = await submitInvoice(demo.as(NORTHWIND_SALES), {
      poId,
      invoiceNumber: `NW-FREIGHT-AGAIN-${counter}`,
      issuedOn: "2026-11-20",
      dueOn: "",
      lines: [{ poLineId: freight.id, quantity: "1", unitPrice: "350.00", taxRate: "0" }],
    });
    expect(twice.status).toBe("disputed");
    expect(twice.differences.map(english)).toEqual([
      "Line 3 (Freight): invoiced more than once; the purchase order charges it once.",
    ]);

    await recordReceipt(demo.as(BUYER), {
      poId,
      version: await poVersion(t.db, poId),
      receivedOn: "2026-11-20",
      deliveryNote: "DN-CHG-3",
      note: "",
      lines: [
        { poLineId: flange.id, quantity: "100" },
        { poLineId: gasket.id, quantity: "50" },
      ],
    });
    // Other charges invoiced at 25.00 against 20.00 on the PO: beyond any tolerance, said in amounts.
    const dearer = await submitInvoice(demo.as(NORTHWIND_SALES), {
      poId,
      invoiceNumber: `NW-GOODS-${counter}`,
      issuedOn: "2026-11-21",
      dueOn: "",
      lines: [
        { poLineId: flange.id, quantity: "100", unitPrice: "17.00", taxRate: "0" },
        { poLineId: gasket.id, quantity: "50", unitPrice: "8.00", taxRate: "0" },
        { poLineId: other.id, quantity: "1", unitPrice: "25.00", taxRate: "0" },
      ],
    });
    expect(dearer.status).toBe("disputed");
    expect(dearer.differences.map(english)).toEqual([
      "Line 4 (Other charges): 25.00 EUR invoiced, 20.00 EUR on the purchase order.",
    ]);
  });
});
