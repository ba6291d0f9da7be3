/**
 * The purchase order as an OASIS UBL 2.1 Order document, for suppliers
 * whose systems read e-documents. Element order follows the schema
 * (maindoc/UBL-Order-2.1.xsd): a validating reader refuses anything else.
 *
 * Pure rendering from a `PurchaseOrderDocument`, like the PDF: amounts are
 * decimal strings, written with the currency's minor unit and currencyID;
 * quantities carry UN/ECE Recommendation 20 unit codes.
 */
import { minorUnits, sum, toDecimal } from "../utils/money";

import { taxBreakdown, type PurchaseOrderDocument, type PurchaseOrderParty } from "./purchase-order-document";
import { isCharge } from "../models/shared/pricing";

/** Our units (app/models/rfq.schema.ts UNITS) as UN/ECE Recommendation 20 codes. */
export const UNIT_CODES: Record<string, string> = {
  pcs: "H87", // piece
  kg: "KGM",
  m: "MTR",
  l: "LTR",
  box: "BX",
  set: "SET",
  h: "HUR",
  ea: "C62", // "one": a unit without a more specific code
};

/** The Incoterms 2010/2020 codes, recognised at the start of the PO's incoterm text. */
const INCOTERMS = new Set(["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP", "DAT"]);

export function renderPurchaseOrderUbl(po: PurchaseOrderDocument): string {
  const currency = po.currency.trim().toUpperCase();
  const places = minorUnits(currency);
  const amountEl = (name: string, value: string) => el("cbc", name, money(value, places), { currencyID: currency });
  const issued = po.issuedAt ?? po.createdAt;
  const notes = [po.revision > 1 ? `Revision ${po.revision}` : "", po.notes.trim()].filter(Boolean);
  const breakdown = taxBreakdown(po);
  const sorted = [...po.lines].sort((a, b) => a.position - b.position);
  // Goods are order lines; charges (freight, other charges) are document-level AllowanceCharge with
  // ChargeIndicator true, which UBL 2.1 adds to the goods' LineExtensionAmount as ChargeTotalAmount.
  const lines = sorted.filter((l) => !isCharge(l));
  const charges = sorted.filter(isCharge);

  const body: string[] = [
    el("cbc", "UBLVersionID", "2.1"),
    el("cbc", "ID", po.number),
    ...(po.id ? [el("cbc", "UUID", po.id)] : []),
    el("cbc", "IssueDate", isoDate(issued)),
    el("cbc", "IssueTime", `${issued.toISOString().slice(11, 19)}Z`),
    ...notes.map((n) => el("cbc", "Note", n)),
    el("cbc", "DocumentCurrencyCode", currency, { listID: "ISO 4217 Alpha" }),
    el("cbc", "LineCountNumeric", String(lines.length)),
    wrapEl("cac", "BuyerCustomerParty", party(po.buyer, po.orderedBy ?? null)),
    wrapEl("cac", "SellerSupplierParty", party(po.supplier, null)),
    wrapEl("cac", "Delivery", [
      ...(po.deliveryAddress.trim() ? [wrapEl("cac", "DeliveryAddress", address(po.deliveryAddress))] : []),
      ...(po.deliveryDate ? [wrapEl("cac", "RequestedDeliveryPeriod", [el("cbc", "EndDate", po.deliveryDate)])] : []),
      ...(po.promisedDate ? [wrapEl("cac", "PromisedDeliveryPeriod", [el("cbc", "EndDate", po.promisedDate)])] : []),
    ]),
    ...(po.incoterm?.trim() ? [deliveryTerms(po.incoterm.trim())] : []),
    ...(po.paymentTerms?.trim() ? [wrapEl("cac", "PaymentTerms", [el("cbc", "Note", po.paymentTerms.trim())])] : []),
    ...charges.map((charge) =>
      wrapEl("cac", "AllowanceCharge", [
        el("cbc", "ID", String(charge.position)),
        el("cbc", "ChargeIndicator", "true"),
        // UNCL 7161 "FC": freight charges; other charges are named in words only.
        ...(charge.itemName === "Freight" ? [el("cbc", "AllowanceChargeReasonCode", "FC")] : []),
        el("cbc", "AllowanceChargeReason", charge.itemName),
        amountEl("Amount", charge.lineTotal),
        ...(charge.taxRate !== undefined ? [wrapEl("cac", "TaxCategory", taxCategory(charge.taxRate))] : []),
      ]),
    ),
    wrapEl("cac", "TaxTotal", [
      amountEl("TaxAmount", po.taxTotal),
      ...(breakdown ?? []).map((row) =>
        wrapEl("cac", "TaxSubtotal", [
          amountEl("TaxableAmount", row.taxable),
          amountEl("TaxAmount", row.tax),
          wrapEl("cac", "TaxCategory", taxCategory(row.rate)),
        ]),
      ),
    ]),
    wrapEl("cac", "AnticipatedMonetaryTotal", [
      amountEl(
        "LineExtensionAmount",
        sum(
          lines.map((l) => l.lineTotal),
          currency,
        ),
      ),
      amountEl("TaxExclusiveAmount", po.subtotal),
      amountEl("TaxInclusiveAmount", po.total),
      ...(charges.length > 0
        ? [
            amountEl(
              "ChargeTotalAmount",
              sum(
                charges.map((c) => c.lineTotal),
                currency,
              ),
            ),
          ]
        : []),
      amountEl("PayableAmount", po.total),
    ]),
    ...lines.map((line) => {
      const unitCode = UNIT_CODES[line.unit.trim().toLowerCase()];
      const item = [
        ...(line.specification.trim() ? [el("cbc", "Description", line.specification.trim())] : []),
        el("cbc", "Name", line.itemName),
        ...(line.taxRate !== undefined ? [wrapEl("cac", "ClassifiedTaxCategory", taxCategory(line.taxRate))] : []),
      ];
      return wrapEl("cac", "OrderLine", [
        wrapEl("cac", "LineItem", [
          el("cbc", "ID", String(line.position)),
          // A unit we cannot name in Rec 20 is left without a code rather than given a wrong one.
          el("cbc", "Quantity", decimal(line.quantity, "quantity"), unitCode ? { unitCode } : {}),
          amountEl("LineExtensionAmount", line.lineTotal),
          wrapEl("cac", "Price", [
            el("cbc", "PriceAmount", decimal(line.unitPrice, "unit price"), { currencyID: currency }),
            el("cbc", "BaseQuantity", "1", unitCode ? { unitCode } : {}),
          ]),
          wrapEl("cac", "Item", item),
        ]),
      ]);
    }),
  ];

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"` +
      ` xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"` +
      ` xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`,
    ...body.map((b) => indent(b)),
    "</Order>",
    "",
  ].join("\n");
}

function party(p: PurchaseOrderParty, contact: { name: string; email: string } | null): string[] {
  const taxId = p.taxId?.trim();
  return [
    wrapEl("cac", "Party", [
      wrapEl("cac", "PartyName", [el("cbc", "Name", p.name)]),
      ...(p.address.trim() ? [wrapEl("cac", "PostalAddress", address(p.address))] : []),
      ...(taxId
        ? [
            wrapEl("cac", "PartyTaxScheme", [
              el("cbc", "CompanyID", taxId),
              wrapEl("cac", "TaxScheme", [el("cbc", "ID", "VAT")]),
            ]),
          ]
        : []),
      wrapEl("cac", "PartyLegalEntity", [el("cbc", "RegistrationName", p.name)]),
      ...(contact
        ? [wrapEl("cac", "Contact", [el("cbc", "Name", contact.name), el("cbc", "ElectronicMail", contact.email)])]
        : []),
    ]),
  ];
}

/**
 * Our addresses are free text; each line becomes an AddressLine, and a last
 * line that names a country (in English, or as its ISO code) also gives
 * the Country code a supplier's system routes by.
 */
function address(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const country = lines.length > 1 ? countryCode(lines[lines.length - 1]) : null;
  return [
    ...lines.map((line) => wrapEl("cac", "AddressLine", [el("cbc", "Line", line)])),
    ...(country
      ? [wrapEl("cac", "Country", [el("cbc", "IdentificationCode", country, { listID: "ISO3166-1:Alpha2" })])]
      : []),
  ];
}

let countries: Map<string, string> | null = null;

/** ISO 3166-1 alpha-2 code for an English country name, from the runtime's own region names. */
export function countryCode(name: string): string | null {
  if (!countries) {
    countries = new Map();
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
    const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (const a of letters) {
      for (const b of letters) {
        const code = a + b;
        // Withdrawn codes (UK, DD, BU) name the same country as the one that replaced them.
        if (code === "ZZ" || Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
        const display = names.of(code);
        if (display && display !== code) countries.set(display.toLowerCase(), code);
      }
    }
    for (const [alias, code] of [
      ["usa", "US"],
      ["united states of america", "US"],
      ["uk", "GB"],
      ["great britain", "GB"],
      ["england", "GB"],
      ["deutschland", "DE"],
    ] as const)
      countries.set(alias, code);
  }
  const key = name.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(key) && [...countries.values()].includes(key.toUpperCase())) return key.toUpperCase();
  return countries.get(key) ?? null;
}

function deliveryTerms(incoterm: string): string {
  const code = incoterm.split(/[\s,]+/)[0].toUpperCase();
  const known = INCOTERMS.has(code);
  return wrapEl("cac", "DeliveryTerms", [
    el("cbc", "ID", known ? code : incoterm, known ? { schemeAgencyID: "ICC", schemeID: "INCOTERMS" } : {}),
    // The full text keeps a named place ("DAP Stuttgart") the code alone loses.
    ...(known && incoterm.toUpperCase() !== code ? [el("cbc", "SpecialTerms", incoterm)] : []),
  ]);
}

/** UNCL 5305: S standard rate, Z zero rated. */
function taxCategory(rate: string): string[] {
  const percent = decimal(rate, "tax rate");
  return [
    el("cbc", "ID", toDecimal(percent).isZero() ? "Z" : "S", { schemeID: "UNCL5305" }),
    el("cbc", "Percent", percent),
    wrapEl("cac", "TaxScheme", [el("cbc", "ID", "VAT")]),
  ];
}

// ---- XML ----------------------------------------------------------------------

function el(prefix: string, name: string, text: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  return `<${prefix}:${name}${attrs}>${escapeXml(text)}</${prefix}:${name}>`;
}

function wrapEl(prefix: string, name: string, children: string[]): string {
  return [`<${prefix}:${name}>`, ...children.map((c) => indent(c)), `</${prefix}:${name}>`].join("\n");
}

function indent(block: string): string {
  return block
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

const NOT_XML_CHARACTER =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Escapes markup characters and drops what XML 1.0 cannot carry at all
 * (control characters, lone surrogates, U+FFFE/U+FFFF), so no item name
 * can break the document or smuggle markup into it.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(NOT_XML_CHARACTER, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

// ---- values ---------------------------------------------------------------------

function decimal(value: string, what: string): string {
  const trimmed = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
    throw new Error(`Purchase order UBL: ${what} "${value}" is not a decimal number`);
  }
  // Trailing zeros of the numeric column ("1500.000") say nothing.
  return toDecimal(trimmed).toFixed();
}

function money(value: string, places: number): string {
  return toDecimal(decimal(value, "amount")).toFixed(places);
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
