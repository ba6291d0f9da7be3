/**
 * A supplier corrects and resubmits its disputed invoice: the earlier figures
 * are kept as a revision, the match runs again, every step leaves an audit
 * event, and the outbox holds the mails to finance and to the supplier,
 * written in the same transaction as the change they report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { InvoiceFormInput } from "../../../app/models/fulfilment/invoice.schema";
import type { RfqFormInput } from "../../../app/models/sourcing/rfq.schema";
import { approveInvoice } from "../../../app/models/fulfilment/invoice.server";
import { getInvoicePage } from "../../../app/models/fulfilment/invoice-queries.server";
import { resubmitInvoice, submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { FormError } from "../../../app/utils/errors";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  ACME,
  auditOf,
  BUYER,
  FINANCE,
  GLOBEX_SALES,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { english } from "../../support/english";
import { createTestDb, type TestDb } from "../../support/test-db";

import { acknowledged, draftPo, poLineIds, poRow, receive } from "../../factories/purchasing";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("invoices_resubmit");
  demo = await seededDemo(t.db);
  await t.db
    .updateTable("organisations")
    .set({ invoice_tolerance_percent: "2" })
    .where("id", "=", demo.orgId(ACME))
    .execute();
});

afterAll(async () => {
  await t?.destroy();
});

const TWO_LINES: RfqFormInput["lines"] = [
  { itemName: "Hex nut M8", specification: "ISO 4032", quantity: "100", unit: "pcs" },
  { itemName: "Washer M8", specification: "ISO 7089", quantity: "10", unit: "box" },
];

let counter = 0;
/** A received two-line PO (100 pcs at 20.00, 10 box at 5.00) and a disputed invoice on it: line 1 at 21.00. */
async function disputedInvoice() {
  const poId = await draftPo(demo, TWO_LINES, ["20.00", "5.00"]);
  await acknowledged(demo, poId);
  await receive(demo, poId, ["100", "10"]);
  const lineIds = await poLineIds(t.db, poId);
  counter += 1;
  const input: InvoiceFormInput = {
    invoiceNumber: `NW-R${counter}`,
    issuedOn: "2026-11-22",
    dueOn: "",
    lines: [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "21.00", taxRate: "0" },
      { poLineId: lineIds[1], quantity: "10", unitPrice: "5.00", taxRate: "0" },
    ],
  };
  const submitted = await submitInvoice(demo.as(NORTHWIND_SALES, new Date()), { poId, ...input });
  expect(submitted.status).toBe("disputed");
  return { poId, lineIds, invoiceId: submitted.invoiceId, invoiceNumber: input.invoiceNumber };
}

const invoiceRow = (id: string) =>
  t.db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const linesOf = (id: string) =>
  t.db
    .selectFrom("invoice_lines")
    .where("invoice_id", "=", id)
    .select(["po_line_id", "quantity", "unit_price", "tax_rate", "line_total"])
    .orderBy("line_total", "desc")
    .execute();
/** Finance's and the supplier's mails; the copy for whoever raised the PO is tested with the notifications. */
const mailsAbout = (invoiceNumber: string) =>
  t.db
    .selectFrom("email_outbox")
    .where("subject", "like", `%${invoiceNumber}%`)
    .where("subject", "not like", "Invoice received:%")
    .select(["to_address", "subject", "text_body", "html_body"])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
const revisionsOf = (id: string) =>
  t.db.selectFrom("invoice_revisions").where("invoice_id", "=", id).selectAll().orderBy("revision").execute();

function resubmit(
  who: string,
  invoiceId: string,
  version: number,
  lines: { poLineId: string; quantity: string; unitPrice: string; taxRate?: string }[],
) {
  return resubmitInvoice(demo.as(who, new Date()), {
    id: invoiceId,
    version,
    lines: lines.map((l) => ({ taxRate: "0", ...l })),
  });
}

describe("mail after the first match", () => {
  it("asks the buyer's finance users to approve a matching invoice, and tells the supplier nothing yet", async () => {
    const poId = await draftPo(demo, TWO_LINES, ["20.00", "5.00"]);
    await acknowledged(demo, poId);
    await receive(demo, poId, ["100", "10"]);
    const lineIds = await poLineIds(t.db, poId);
    const invoiceNumber = "NW-MATCH-1";
    const result = await submitInvoice(demo.as(NORTHWIND_SALES, new Date()), {
      poId,
      invoiceNumber,
      issuedOn: "2026-11-22",
      dueOn: "",
      lines: [{ poLineId: lineIds[0], quantity: "100", unitPrice: "20.00", taxRate: "0" }],
    });
    expect(result.status).toBe("matched");
    const mails = await mailsAbout(invoiceNumber);
    // Written in one transaction, so their order is not defined: compare them as a set.
    expect(mails.map((m) => m.to_address).sort()).toEqual(["controller@acme.test", "finance@acme.test"]);
    expect(mails[0].subject).toBe(`Invoice to approve: ${invoiceNumber} for ${(await poRow(t.db, poId)).number}`);
    expect(mails[0].text_body).toContain("Northwind Components");
    expect(mails[0].text_body).toContain("(2,000.00 EUR)");
    expect(mails[0].text_body).not.toContain("corrected");
    expect(mails[0].html_body).toContain(`/invoices/${result.invoiceId}`);
  });
});

describe("resubmitting a disputed invoice", () => {
  it("keeps the first figures, matches the correction, and finance approves it", async () => {
    const { poId, lineIds, invoiceId, invoiceNumber } = await disputedInvoice();
    const before = await invoiceRow(invoiceId);
    expect(before.total).toBe("2150.00");

    // The first match told finance and the supplier what differs.
    const first = await mailsAbout(invoiceNumber);
    const difference = "Line 1 (Hex nut M8): unit price 21.00 EUR invoiced, 20.00 EUR on the purchase order.";
    expect(first.map((m) => m.to_address).sort()).toEqual([
      "accounts@northwind.test",
      "controller@acme.test",
      "finance@acme.test",
      "sales@northwind.test",
    ]);
    const poNumber = (await poRow(t.db, poId)).number;
    for (const mail of first) {
      const forFinance = mail.to_address.endsWith("@acme.test");
      expect(mail.subject).toBe(`Invoice disputed: ${invoiceNumber}${forFinance ? ` for ${poNumber}` : ""}`);
      expect(mail.text_body).toContain(difference);
      expect(mail.text_body).toContain(`/invoices/${invoiceId}`);
    }

    const result = await resubmit(NORTHWIND_SALES, invoiceId, before.version, [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "20.00" },
      { poLineId: lineIds[1], quantity: "10", unitPrice: "5.00" },
    ]);
    expect(result).toEqual({ status: "matched", differences: [], revision: 2 });

    const after = await invoiceRow(invoiceId);
    expect(after).toMatchObject({ status: "matched", subtotal: "2050.00", total: "2050.00", differences: [] });
    expect(after.version).toBe(before.version + 2);
    expect(await linesOf(invoiceId)).toEqual([
      { po_line_id: lineIds[0], quantity: "100.000", unit_price: "20.0000", tax_rate: "0.0000", line_total: "2000.00" },
      { po_line_id: lineIds[1], quantity: "10.000", unit_price: "5.0000", tax_rate: "0.0000", line_total: "50.00" },
    ]);

    // The first submission stays readable: its figures, lines and the differences found then.
    const [kept] = await revisionsOf(invoiceId);
    expect(kept).toMatchObject({ revision: 1, subtotal: "2150.00", total: "2150.00" });
    expect(kept.differences.map(english)).toEqual([difference]);
    expect(kept.lines).toEqual([
      { poLineId: lineIds[0], quantity: "100.000", unitPrice: "21.0000", taxRate: "0.0000", lineTotal: "2100.00" },
      { poLineId: lineIds[1], quantity: "10.000", unitPrice: "5.0000", taxRate: "0.0000", lineTotal: "50.00" },
    ]);

    const audit = await auditOf(t.db, invoiceId);
    expect(audit.map((e) => `${e.event}:${e.from_state ?? ""}->${e.to_state}`)).toEqual([
      "SUBMIT:->submitted",
      "MATCH:submitted->disputed",
      "RESUBMIT:disputed->submitted",
      "MATCH:submitted->matched",
    ]);

    // Finance sees the resubmission: a mail that it waits for them, and the history on the page.
    const waiting = (await mailsAbout(invoiceNumber)).slice(first.length);
    expect(waiting.map((m) => m.to_address).sort()).toEqual(["controller@acme.test", "finance@acme.test"]);
    expect(waiting[0].subject).toMatch(/^Invoice to approve: /);
    expect(waiting[0].text_body).toContain("The corrected invoice");
    expect(waiting[0].text_body).toContain("2,050.00");
    const page = await getInvoicePage(demo.as(FINANCE, new Date()), { id: invoiceId });
    expect(page.canApprove).toBe(true);
    expect(page.canResubmit).toBe(false);
    // Matched: finance approves without a reason; the form asks for none.
    expect(page.can).toEqual({ approve: true, approveOnlyWithReason: false, resubmit: false });
    expect(page.revisions.map((r) => [r.revision, r.total, r.lines[0].itemName, r.lines[0].unitPrice])).toEqual([
      [1, "2150.00", "Hex nut M8", "21.0000"],
    ]);

    await approveInvoice(demo.as(FINANCE, new Date()), { id: invoiceId, version: after.version, overrideReason: "" });
    const approved = (await mailsAbout(invoiceNumber))
      .slice(first.length + waiting.length)
      .filter((m) => m.to_address !== "accounts@northwind.test");
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({
      to_address: "sales@northwind.test",
      subject: `Approved: ${invoiceNumber}`.replace("Approved", "Invoice approved"),
    });
    expect(approved[0].text_body).toContain("Acme Manufacturing approved your invoice");
    expect((await poRow(t.db, poId)).status).toBe("closed");
  });

  it("disputes a correction that still differs, with the new differences, and keeps both earlier submissions", async () => {
    const { lineIds, invoiceId, invoiceNumber } = await disputedInvoice();
    const sent = (await mailsAbout(invoiceNumber)).length;
    const v1 = (await invoiceRow(invoiceId)).version;
    const again = await resubmit(NORTHWIND_SALES, invoiceId, v1, [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "20.00", taxRate: "19" },
      { poLineId: lineIds[1], quantity: "12", unitPrice: "5.00" },
    ]);
    expect(again.status).toBe("disputed");
    expect(again.differences.map(english)).toEqual([
      "Line 1 (Hex nut M8): tax rate 19% invoiced, 0% on the purchase order.",
      "Line 2 (Washer M8): 12 box invoiced in total, 10 box ordered.",
      "Line 2 (Washer M8): 12 box invoiced in total, 10 box received.",
    ]);
    expect((await invoiceRow(invoiceId)).differences).toEqual(again.differences);
    const mails = (await mailsAbout(invoiceNumber)).slice(sent);
    // Finance, the controller, and both of Northwind's people.
    expect(mails).toHaveLength(4);
    for (const mail of mails) {
      for (const d of again.differences) expect(mail.text_body).toContain(english(d));
      expect(mail.text_body).not.toContain("unit price 21.00");
    }

    // The page puts each difference beside its line, for the supplier who corrects it.
    const page = await getInvoicePage(demo.as(NORTHWIND_SALES, new Date()), { id: invoiceId });
    expect(page.canResubmit).toBe(true);
    expect(page.canApprove).toBe(false);
    expect(page.can).toEqual({ approve: false, approveOnlyWithReason: false, resubmit: true });
    // Finance may approve a disputed invoice only with a reason to set the differences aside.
    const financePage = await getInvoicePage(demo.as(FINANCE, new Date()), { id: invoiceId });
    expect(financePage.can).toEqual({ approve: true, approveOnlyWithReason: true, resubmit: false });
    expect(page.lines.map((l) => l.differences.length)).toEqual([1, 2]);

    // Differences stored as English sentences, before they were messages, still sit beside their lines as stored.
    const stored = (await invoiceRow(invoiceId)).differences;
    const old = [
      "Line 1 (Hex nut M8): tax rate 19% invoiced, 0% on the purchase order.",
      "Line 2 (Washer M8): 12 box invoiced in total, 10 box ordered.",
      "Some difference of the whole invoice.",
    ];
    await t.db
      .updateTable("invoices")
      .set({ differences: JSON.stringify(old) })
      .where("id", "=", invoiceId)
      .execute();
    const oldPage = await getInvoicePage(demo.as(NORTHWIND_SALES, new Date()), { id: invoiceId });
    expect(oldPage.lines.map((l) => l.differences.map(english))).toEqual([[old[0]], [old[1]]]);
    expect(oldPage.generalDifferences.map(english)).toEqual([old[2]]);
    await t.db
      .updateTable("invoices")
      .set({ differences: JSON.stringify(stored) })
      .where("id", "=", invoiceId)
      .execute();

    const v2 = (await invoiceRow(invoiceId)).version;
    const third = await resubmit(NORTHWIND_SALES, invoiceId, v2, [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "20.00" },
      { poLineId: lineIds[1], quantity: "10", unitPrice: "5.00" },
    ]);
    expect(third).toMatchObject({ status: "matched", revision: 3 });
    expect((await revisionsOf(invoiceId)).map((r) => [r.revision, r.total])).toEqual([
      [1, "2150.00"],
      [2, "2440.00"],
    ]);
  });

  it("refuses bad lines next to the field and writes nothing", async () => {
    const { lineIds, invoiceId, invoiceNumber } = await disputedInvoice();
    const row = await invoiceRow(invoiceId);
    const snapshot = async () => ({
      row: await invoiceRow(invoiceId),
      lines: await linesOf(invoiceId),
      revisions: await revisionsOf(invoiceId),
      audit: (await auditOf(t.db, invoiceId)).length,
      mails: (await mailsAbout(invoiceNumber)).length,
    });
    const before = await snapshot();
    const foreign = await resubmit(NORTHWIND_SALES, invoiceId, row.version, [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "20.00" },
      { poLineId: "00000000-0000-4000-8000-000000000000", quantity: "1", unitPrice: "5.00" },
    ]).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(FormError);
    expect((foreign as FormError).fieldErrors).toEqual({ "lines.1.quantity": "This line is not on the invoice." });
    const nothing = await resubmit(NORTHWIND_SALES, invoiceId, row.version, [
      { poLineId: lineIds[0], quantity: "0", unitPrice: "20.00" },
    ]).catch((e: unknown) => e);
    expect((nothing as FormError).fieldErrors).toEqual({
      "lines.0.quantity": "Invoice a quantity on at least one line.",
    });
    const stale = await resubmit(NORTHWIND_SALES, invoiceId, row.version - 1, [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "20.00" },
    ]).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect(await snapshot()).toEqual(before);
  });

  it("lets only the invoice's supplier resubmit, and only a disputed invoice", async () => {
    const { lineIds, invoiceId } = await disputedInvoice();
    const row = await invoiceRow(invoiceId);
    const lines = [{ poLineId: lineIds[0], quantity: "100", unitPrice: "20.00" }];
    // Another supplier may not know the invoice exists; the buyer's people may read but not resubmit it.
    expect((await responseOf(resubmit(GLOBEX_SALES, invoiceId, row.version, lines))).status).toBe(404);
    expect((await responseOf(resubmit(BUYER, invoiceId, row.version, lines))).status).toBe(403);
    expect((await responseOf(resubmit(FINANCE, invoiceId, row.version, lines))).status).toBe(403);
    expect((await invoiceRow(invoiceId)).version).toBe(row.version);

    await resubmit(NORTHWIND_SALES, invoiceId, row.version, [
      { poLineId: lineIds[0], quantity: "100", unitPrice: "20.00" },
      { poLineId: lineIds[1], quantity: "10", unitPrice: "5.00" },
    ]);
    const matched = await invoiceRow(invoiceId);
    const refused = await resubmit(NORTHWIND_SALES, invoiceId, matched.version, lines).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransitionRefusedError);
    expect((refused as Error).message).toBe("Only a disputed invoice can be resubmitted; this one is matched.");
    expect(await revisionsOf(invoiceId)).toHaveLength(1);
  });
});
