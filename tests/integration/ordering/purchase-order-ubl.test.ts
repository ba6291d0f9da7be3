/**
 * The purchase order as a UBL 2.1 Order: built from a PO in the database
 * (the demo's issued one, and one raised here through the domain
 * functions), validated against the official OASIS schema with xmllint, and
 * read back with XPath to check what a supplier's system would take from it.
 *
 * The schema files stay outside the repository: UBL_SCHEMA_DIR, or
 * ../shared/schemas/ubl-2.1 from the repository root, where CI has them.
 */
import { poVersion } from "../../factories/purchasing";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { PurchaseOrderDocument } from "../../../app/documents/purchase-order-document";
import { countryCode, escapeXml, renderPurchaseOrderUbl } from "../../../app/documents/purchase-order-ubl.server";
import { awardRfq } from "../../factories/award";
import { getPurchaseOrderDocument } from "../../../app/models/ordering/document.server";
import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { loadPurchaseOrderFor } from "../../../app/models/ordering/purchase-order.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import {
  BUYER,
  FINANCE,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const SCHEMA_DIR = process.env.UBL_SCHEMA_DIR ?? path.resolve("../shared/schemas/ubl-2.1");
const ORDER_XSD = path.join(SCHEMA_DIR, "maindoc", "UBL-Order-2.1.xsd");
const haveSchemas = existsSync(ORDER_XSD);
const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
let dir: string;

beforeAll(async () => {
  t = await createTestDb("po_ubl");
  demo = await seededDemo(t.db);
  dir = mkdtempSync(path.join(tmpdir(), "quotient-po-ubl-"));
});

afterAll(async () => {
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------

let files = 0;
function writeXml(xml: string): string {
  const file = path.join(dir, `order-${++files}.xml`);
  writeFileSync(file, xml, "utf8");
  return file;
}

/** xmllint's verdict against the official schema: exit status and what it said. */
function validate(file: string): { ok: boolean; output: string } {
  const run = spawnSync("xmllint", ["--noout", "--schema", ORDER_XSD, file], { encoding: "utf8" });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** An XPath 1.0 string value, by local names so the test needs no namespace bindings. */
function xpath(file: string, expression: string): string {
  return execFileSync("xmllint", ["--xpath", `string(${expression})`, file], { encoding: "utf8" }).trim();
}

function count(file: string, expression: string): number {
  return Number(xpath(file, `count(${expression})`));
}

/** "/Order/cac:Foo/cbc:Bar" in local names: /*[local-name()='Order']/*[local-name()='Foo']/... */
function p(steps: string): string {
  return steps
    .split("/")
    .map((s) => (s === "" ? "" : s.replace(/^(?:[a-z]+:)?([A-Za-z]+)(\[.*\])?$/, "*[local-name()='$1']$2")))
    .join("/");
}

async function poByTitle(title: string) {
  return t.db
    .selectFrom("purchase_orders")
    .innerJoin("rfqs", "rfqs.id", "purchase_orders.rfq_id")
    .where("rfqs.title", "=", title)
    .select(["purchase_orders.id", "purchase_orders.number"])
    .executeTakeFirstOrThrow();
}

/** A fresh RFQ of Acme's, quoted, awarded to Northwind, submitted and approved by finance: an issued PO. */
async function issuedPo(title: string, lines: Parameters<typeof publishedRfq>[1]["lines"], prices: string[]) {
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const rfqId = await publishedRfq(
    demo,
    { title, lines, deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND)] },
    createdAt,
  );
  await submitQuote(demo.as(NORTHWIND_SALES, new Date(createdAt.getTime() + MINUTE)), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, prices)),
  });
  const at = new Date(deadline.getTime() + 1_000);
  await closeDueRfqs(t.db, at);
  const rfq = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
  const { poId } = await awardRfq(demo.as(BUYER, at), {
    rfqId,
    supplierOrgId: demo.orgId(NORTHWIND),
    version: rfq.version,
  });
  const po = await t.db
    .selectFrom("purchase_orders")
    .where("id", "=", poId)
    .select("version")
    .executeTakeFirstOrThrow();
  await submitPo(demo.as(BUYER, at), { id: poId, version: po.version });
  await approvePo(demo.as(FINANCE, new Date(at.getTime() + MINUTE)), {
    id: poId,
    version: await poVersion(t.db, poId),
  });
  const row = await t.db.selectFrom("purchase_orders").where("id", "=", poId).selectAll().executeTakeFirstOrThrow();
  expect(row.status).toBe("issued");
  return row;
}

let fasteners: ReturnType<typeof issuedPo> | null = null;
/** One issued PO with a Chinese item name, raised once and shared by the tests that read it. */
function fastenersPo() {
  fasteners ??= issuedPo(
    "Fasteners, Shenzhen line",
    [{ itemName: "不锈钢螺栓 M8", specification: "A2-70, 内六角", quantity: "2000", unit: "pcs" }],
    ["0.85"],
  );
  return fasteners;
}

function pureOrder(overrides: Partial<PurchaseOrderDocument> = {}): PurchaseOrderDocument {
  return {
    number: "PO-2026-000777",
    revision: 3,
    status: "issued",
    createdAt: new Date("2026-11-20T09:00:00Z"),
    issuedAt: new Date("2026-11-22T14:30:05Z"),
    currency: "EUR",
    buyer: { name: "Müller & Söhne <GmbH>", address: "Hauptstraße 1\n10115 Berlin\nGermany", taxId: "DE123456789" },
    supplier: { name: 'Bolt "Best" Nut\'s Ltd', address: "1 Mill Lane\nLeeds LS1 4AP\nUnited Kingdom" },
    orderedBy: { name: "Bea Buyer", email: "bea@example.test" },
    deliveryAddress: "Goods-in, Dock 4\nHauptstraße 1\n10115 Berlin\nGermany",
    deliveryDate: "2026-12-15",
    promisedDate: "2026-12-10",
    paymentTerms: "Net 30",
    incoterm: "DAP Berlin",
    notes: "Call ahead & use gate <4>.",
    lines: [
      {
        position: 1,
        itemName: "不锈钢螺栓 M8",
        specification: "A2-70 \u0001stainless",
        quantity: "1500.000",
        unit: "pcs",
        unitPrice: "0.1234",
        lineTotal: "185.10",
        taxRate: "19.0000",
      },
      {
        position: 2,
        itemName: "Cutting oil",
        specification: "",
        quantity: "12.5",
        unit: "l",
        unitPrice: "8.00",
        lineTotal: "100.00",
        taxRate: "7",
      },
      {
        position: 3,
        itemName: "Commissioning",
        specification: "On site",
        quantity: "4",
        unit: "h",
        unitPrice: "95",
        lineTotal: "380.00",
        taxRate: "19",
      },
      {
        position: 4,
        itemName: "Sample pallet",
        specification: "Returnable",
        quantity: "1",
        unit: "pallet",
        unitPrice: "0",
        lineTotal: "0.00",
        taxRate: "0",
      },
    ],
    subtotal: "665.10",
    // 19 % of 565.10 = 107.37 (107.369), 7 % of 100.00 = 7.00, 0 % of 0.00
    taxTotal: "114.37",
    total: "779.47",
    approvals: [{ name: "Fiona Finance", at: new Date("2026-11-21T08:15:00Z") }],
    ...overrides,
  };
}

// ---- the schema -----------------------------------------------------------------

describe("UBL schema validation", () => {
  it("reports whether the official UBL 2.1 schemas are there", () => {
    if (!haveSchemas) {
      console.info(`UBL schemas not found at ${SCHEMA_DIR}: schema validation not run`);
      return;
    }
    console.info(`UBL schemas found at ${SCHEMA_DIR}: validating with xmllint`);
    expect(existsSync(path.join(SCHEMA_DIR, "common", "UBL-CommonAggregateComponents-2.1.xsd"))).toBe(true);
  });

  it.runIf(haveSchemas)("accepts the demo's issued order and refuses a document out of schema order", async () => {
    const po = await poByTitle("Cable harnesses, line 2");
    const xml = renderPurchaseOrderUbl(await getPurchaseOrderDocument(t.db, po.id));
    const verdict = validate(writeXml(xml));
    expect(verdict.output).toContain("validates");
    expect(verdict.ok, verdict.output).toBe(true);

    // The check has teeth: IssueDate before ID is not an Order.
    const idLine = xml.split("\n").find((l) => l.includes("<cbc:ID>PO-"));
    const dateLine = xml.split("\n").find((l) => l.includes("<cbc:IssueDate>"));
    const swapped = xml
      .replace(idLine as string, "@@ID@@")
      .replace(dateLine as string, idLine as string)
      .replace("@@ID@@", dateLine as string);
    const refused = validate(writeXml(swapped));
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/fails to validate/);
  });

  it.runIf(haveSchemas)("accepts an order with tax rates, CJK text, markup characters and every unit", () => {
    const verdict = validate(writeXml(renderPurchaseOrderUbl(pureOrder())));
    expect(verdict.ok, verdict.output).toBe(true);
  });

  it.runIf(haveSchemas)("accepts an order raised and approved here, with a Chinese item name", async () => {
    const row = await fastenersPo();
    const verdict = validate(writeXml(renderPurchaseOrderUbl(await getPurchaseOrderDocument(t.db, row.id))));
    expect(verdict.ok, verdict.output).toBe(true);
  });
});

// ---- what a supplier's system reads -----------------------------------------------

describe("UBL content", () => {
  it("carries the demo order's ids, parties, delivery, lines and totals with their currency", async () => {
    const po = await poByTitle("Cable harnesses, line 2");
    const row = await t.db.selectFrom("purchase_orders").where("id", "=", po.id).selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe("issued");
    const file = writeXml(renderPurchaseOrderUbl(await getPurchaseOrderDocument(t.db, po.id)));

    expect(xpath(file, p("/Order/UBLVersionID"))).toBe("2.1");
    expect(xpath(file, p("/Order/ID"))).toBe(row.number);
    expect(xpath(file, p("/Order/ID"))).toMatch(/^PO-\d{4}-\d{6}$/);
    expect(xpath(file, p("/Order/IssueDate"))).toBe((row.issued_at as Date).toISOString().slice(0, 10));
    expect(xpath(file, p("/Order/DocumentCurrencyCode"))).toBe("EUR");

    const buyer = p("/Order/BuyerCustomerParty/Party");
    expect(xpath(file, `${buyer}/${p("PartyName/Name")}`)).toBe("Acme Manufacturing");
    expect(xpath(file, `${buyer}/${p("PostalAddress/AddressLine[1]/Line")}`)).toBe("Industriestraße 12");
    expect(xpath(file, `${buyer}/${p("PostalAddress/Country/IdentificationCode")}`)).toBe("DE");
    expect(xpath(file, `${buyer}/${p("Contact/ElectronicMail")}`)).toBe(BUYER);
    const seller = p("/Order/SellerSupplierParty/Party");
    expect(xpath(file, `${seller}/${p("PartyName/Name")}`)).toBe("Northwind Components");
    expect(xpath(file, `${seller}/${p("PostalAddress/AddressLine[2]/Line")}`)).toBe("411 06 Göteborg");
    expect(xpath(file, `${seller}/${p("PostalAddress/Country/IdentificationCode")}`)).toBe("SE");

    expect(xpath(file, p("/Order/Delivery/DeliveryAddress/AddressLine[1]/Line"))).toBe(
      row.delivery_address.split("\n")[0].trim(),
    );
    if (row.delivery_date) {
      expect(xpath(file, p("/Order/Delivery/RequestedDeliveryPeriod/EndDate"))).toBe(row.delivery_date);
    }

    // 150 pcs at 58.00: 8,700.00, no tax on the demo's orders.
    expect(count(file, p("/Order/OrderLine"))).toBe(1);
    const item = p("/Order/OrderLine[1]/LineItem");
    expect(xpath(file, `${item}/${p("ID")}`)).toBe("1");
    expect(xpath(file, `${item}/${p("Quantity")}`)).toBe("150");
    expect(xpath(file, `${item}/${p("Quantity")}/@unitCode`)).toBe("H87");
    expect(xpath(file, `${item}/${p("LineExtensionAmount")}`)).toBe("8700.00");
    expect(xpath(file, `${item}/${p("LineExtensionAmount")}/@currencyID`)).toBe("EUR");
    expect(xpath(file, `${item}/${p("Price/PriceAmount")}`)).toBe("58");
    expect(xpath(file, `${item}/${p("Item/Name")}`)).toBe("Cable harness CH-220");
    expect(xpath(file, `${item}/${p("Item/Description")}`)).toBe("Per drawing 220-004 rev C");

    const totals = p("/Order/AnticipatedMonetaryTotal");
    expect(xpath(file, `${totals}/${p("LineExtensionAmount")}`)).toBe("8700.00");
    expect(xpath(file, `${totals}/${p("TaxExclusiveAmount")}`)).toBe(row.subtotal);
    expect(xpath(file, `${totals}/${p("TaxInclusiveAmount")}`)).toBe(row.total);
    expect(xpath(file, `${totals}/${p("PayableAmount")}`)).toBe(row.total);
    expect(xpath(file, `${totals}/${p("PayableAmount")}/@currencyID`)).toBe("EUR");
    expect(xpath(file, p("/Order/TaxTotal/TaxAmount"))).toBe("0.00");
  });

  it("carries an order raised and approved here: its Chinese item name, amounts and approval-released total", async () => {
    const row = await fastenersPo();
    const file = writeXml(renderPurchaseOrderUbl(await getPurchaseOrderDocument(t.db, row.id)));
    expect(xpath(file, p("/Order/ID"))).toBe(row.number);
    expect(xpath(file, p("/Order/UUID"))).toBe(row.id);
    const item = p("/Order/OrderLine[1]/LineItem");
    expect(xpath(file, `${item}/${p("Item/Name")}`)).toBe("不锈钢螺栓 M8");
    expect(xpath(file, `${item}/${p("Item/Description")}`)).toBe("A2-70, 内六角");
    expect(xpath(file, `${item}/${p("Quantity")}`)).toBe("2000");
    expect(xpath(file, `${item}/${p("Price/PriceAmount")}`)).toBe("0.85");
    expect(xpath(file, `${item}/${p("LineExtensionAmount")}`)).toBe("1700.00");
    expect(xpath(file, p("/Order/AnticipatedMonetaryTotal/PayableAmount"))).toBe("1700.00");
    expect(xpath(file, p("/Order/BuyerCustomerParty/Party/Contact/Name"))).toBe("Alice Byrne");
  });

  it("breaks tax down per rate, maps units, and escapes what would be markup", () => {
    const xml = renderPurchaseOrderUbl(pureOrder());
    const file = writeXml(xml);

    expect(xpath(file, p("/Order/Note[1]"))).toBe("Revision 3");
    expect(xpath(file, p("/Order/Note[2]"))).toBe("Call ahead & use gate <4>.");
    expect(xml).toContain("Call ahead &amp; use gate &lt;4&gt;.");
    expect(xpath(file, p("/Order/BuyerCustomerParty/Party/PartyName/Name"))).toBe("Müller & Söhne <GmbH>");
    expect(xpath(file, p("/Order/SellerSupplierParty/Party/PartyName/Name"))).toBe('Bolt "Best" Nut\'s Ltd');
    expect(xpath(file, p("/Order/SellerSupplierParty/Party/PostalAddress/Country/IdentificationCode"))).toBe("GB");
    expect(xpath(file, p("/Order/BuyerCustomerParty/Party/PartyTaxScheme/CompanyID"))).toBe("DE123456789");
    expect(xpath(file, p("/Order/Delivery/PromisedDeliveryPeriod/EndDate"))).toBe("2026-12-10");
    expect(xpath(file, p("/Order/DeliveryTerms/ID"))).toBe("DAP");
    expect(xpath(file, p("/Order/DeliveryTerms/SpecialTerms"))).toBe("DAP Berlin");
    expect(xpath(file, p("/Order/PaymentTerms/Note"))).toBe("Net 30");
    expect(xpath(file, p("/Order/IssueTime"))).toBe("14:30:05Z");

    expect(xpath(file, p("/Order/TaxTotal/TaxAmount"))).toBe("114.37");
    expect(count(file, p("/Order/TaxTotal/TaxSubtotal"))).toBe(3);
    const sub = (n: number, what: string) => xpath(file, `${p(`/Order/TaxTotal/TaxSubtotal[${n}]`)}/${p(what)}`);
    expect([sub(1, "TaxCategory/Percent"), sub(1, "TaxableAmount"), sub(1, "TaxAmount")]).toEqual([
      "19",
      "565.10",
      "107.37",
    ]);
    expect([sub(2, "TaxCategory/Percent"), sub(2, "TaxableAmount"), sub(2, "TaxAmount")]).toEqual([
      "7",
      "100.00",
      "7.00",
    ]);
    expect([sub(3, "TaxCategory/ID"), sub(3, "TaxAmount")]).toEqual(["Z", "0.00"]);
    expect(xpath(file, p("/Order/AnticipatedMonetaryTotal/LineExtensionAmount"))).toBe("665.10");
    expect(xpath(file, p("/Order/AnticipatedMonetaryTotal/PayableAmount"))).toBe("779.47");

    const line = (n: number, what: string) => xpath(file, `${p(`/Order/OrderLine[${n}]/LineItem`)}/${what}`);
    expect(line(1, p("Item/Name"))).toBe("不锈钢螺栓 M8");
    // A control character cannot be carried by XML 1.0: dropped, the rest kept.
    expect(line(1, p("Item/Description"))).toBe("A2-70 stainless");
    expect(line(1, `${p("Quantity")}/@unitCode`)).toBe("H87");
    expect(line(1, p("Quantity"))).toBe("1500");
    expect(line(1, p("Price/PriceAmount"))).toBe("0.1234");
    expect(line(1, p("Item/ClassifiedTaxCategory/Percent"))).toBe("19");
    expect(line(2, `${p("Quantity")}/@unitCode`)).toBe("LTR");
    expect(line(2, p("Quantity"))).toBe("12.5");
    expect(line(3, `${p("Quantity")}/@unitCode`)).toBe("HUR");
    // No Rec 20 code for a unit we do not know: none rather than a wrong one.
    expect(count(file, `${p("/Order/OrderLine[4]/LineItem/Quantity")}/@unitCode`)).toBe(0);
  });

  it("states only the tax total when the lines' rates do not add up to it", () => {
    const file = writeXml(renderPurchaseOrderUbl(pureOrder({ taxTotal: "120.00", total: "785.10" })));
    expect(xpath(file, p("/Order/TaxTotal/TaxAmount"))).toBe("120.00");
    expect(count(file, p("/Order/TaxTotal/TaxSubtotal"))).toBe(0);
  });

  it("maps every unit the RFQ form offers to a Rec 20 code", async () => {
    const { UNITS } = await import("../../../app/models/shared/vocabularies");
    const lines = UNITS.map((unit, i) => ({
      position: i + 1,
      itemName: `Item ${unit}`,
      specification: "",
      quantity: "1",
      unit,
      unitPrice: "1",
      lineTotal: "1.00",
    }));
    const file = writeXml(
      renderPurchaseOrderUbl(pureOrder({ lines, subtotal: "7.00", taxTotal: "0.00", total: "7.00" })),
    );
    const codes = UNITS.map((_, i) => xpath(file, `${p(`/Order/OrderLine[${i + 1}]/LineItem/Quantity`)}/@unitCode`));
    expect(codes).toEqual(["H87", "KGM", "MTR", "LTR", "BX", "SET", "HUR"]);
  });

  it("reads country names and codes, and escapes every markup character", () => {
    expect(countryCode("Germany")).toBe("DE");
    expect(countryCode("united states")).toBe("US");
    expect(countryCode("SE")).toBe("SE");
    expect(countryCode("10115 Berlin")).toBeNull();
    expect(escapeXml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    expect(escapeXml("ok\uFFFFtext\u0000")).toBe("oktext");
  });

  it("refuses an amount that is not a decimal number", () => {
    expect(() => renderPurchaseOrderUbl(pureOrder({ total: "1e3" }))).toThrow(/not a decimal number/);
  });
});

// ---- who may have it ------------------------------------------------------------------

describe("UBL authorization", () => {
  it("is read through the same check as the PO: another organisation gets 404, the supplier its own order", async () => {
    const po = await poByTitle("Cable harnesses, line 2");
    const refused = await responseOf(loadPurchaseOrderFor(demo.as(INITECH_BUYER), po.id, "read"));
    expect(refused.status).toBe(404);
    const loser = await responseOf(loadPurchaseOrderFor(demo.as(GLOBEX_SALES), po.id, "read"));
    expect(loser.status).toBe(404);
    const own = await loadPurchaseOrderFor(demo.as(NORTHWIND_SALES), po.id, "read");
    expect(own.number).toBe(po.number);
  });
});
