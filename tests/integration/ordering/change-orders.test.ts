/**
 * Change orders on issued purchase orders: a lower total is issued at once
 * as the next revision (the supplier gets the mail with the new PDF), a
 * higher one goes back to finance (neither the PO's creator nor the change's
 * author may approve it), the old revision stays readable and unchanged, a
 * quantity below what was received is refused, two change orders at once
 * leave exactly one, and only the buying organisation's buyers may make one.
 * Everything through the domain functions on a real database and a real SMTP
 * server.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Actor } from "../../../app/auth/ability";
import { renderPurchaseOrderPdf } from "../../../app/documents/purchase-order-pdf.server";
import { renderPurchaseOrderUbl } from "../../../app/documents/purchase-order-ubl.server";
import { changeOrderSchema, type ChangeOrderInput } from "../../../app/models/ordering/change-order.schema";
import { getRevision } from "../../../app/models/ordering/revisions.server";
import { makeChangeOrder } from "../../../app/models/ordering/change-order.server";
import { getPurchaseOrderDocument } from "../../../app/models/ordering/document.server";
import { acknowledgePo, cancelPo } from "../../../app/models/ordering/supplier-answers.server";
import { approvePo, rejectPo } from "../../../app/models/ordering/approval.server";
import { getPoPage, listPurchaseOrderPage } from "../../../app/models/ordering/queries.server";
import { FormError } from "../../../app/utils/errors";
import { deliverPendingMail } from "../../../emails/outbox.server";
import { createMailTransport, type MailTransport } from "../../../emails/transport.server";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  auditOf,
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { TestSmtpServer } from "../../factories/smtp-server";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";

import { acknowledged, draftPo, ONE_LINE, poRow, poVersion, receive } from "../../factories/purchasing";
import { englishErrors } from "../../support/english";

const onPostgres = await postgresReachable();
const concurrently = onPostgres ? "concurrently" : "one after another (pglite: a single connection, so sequential)";

let t: TestDb;
let demo: Demo;
let dir: string;
const smtp = new TestSmtpServer();
let transport: MailTransport;
/** A second buyer of Acme's, so the author of a change is not also the PO's creator. */
let buyerTwo: Actor;

beforeAll(async () => {
  t = await createTestDb("change_orders", { max: 12 });
  demo = await seededDemo(t.db);
  dir = mkdtempSync(path.join(tmpdir(), "quotient-change-orders-"));
  await smtp.start(0);
  transport = createMailTransport({ smtpUrl: smtp.url, mailDir: path.join(dir, "unused") });
  const buyer = demo.actor(BUYER);
  const user = await t.db
    .insertInto("users")
    .values({ email: "buyer2@acme.test", name: "Bea Second", password_hash: "x" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, org_id: buyer.orgId, role: "buyer" }).execute();
  buyerTwo = { userId: user.id, orgId: buyer.orgId, roles: ["buyer"] };
});

afterAll(async () => {
  transport?.close();
  await smtp.stop();
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- helpers ----------------------------------------------------------------

const lines = (poId: string) =>
  t.db.selectFrom("purchase_order_lines").selectAll().where("po_id", "=", poId).orderBy("position").execute();
const revisionRows = (poId: string) =>
  t.db.selectFrom("purchase_order_revisions").selectAll().where("po_id", "=", poId).orderBy("revision").execute();
const outboxTo = (address: string, poNumber: string) =>
  t.db
    .selectFrom("email_outbox")
    .selectAll()
    .where("to_address", "=", address)
    .where("subject", "like", `%${poNumber}%`)
    .orderBy("created_at")
    .execute();

/** A change order that keeps every line, with the given quantities (and prices) in order. */
async function change(
  poId: string,
  quantities: string[],
  over: Partial<ChangeOrderInput> = {},
): Promise<ChangeOrderInput> {
  const current = await lines(poId);
  return {
    version: await poVersion(t.db, poId),
    reason: "Production plan changed",
    deliveryDate: "2027-03-01",
    notes: "Deliver to gate 5",
    lines: current.map((l, i) => ({
      kind: "keep" as const,
      lineId: l.id,
      quantity: quantities[i] ?? l.quantity,
      unitPrice: l.unit_price,
      taxRate: l.tax_rate,
    })),
    ...over,
  };
}

/** An acknowledged PO of 100 hex nuts at 20.00 (2,000 before tax: finance's first tier). */
async function acknowledgedPo(): Promise<string> {
  const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
  await acknowledged(demo, poId);
  return poId;
}

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

/** Sends what is due through the real SMTP server and returns the parsed messages to `to` about `poNumber`. */
async function deliveredTo(to: string, poNumber: string) {
  smtp.received.length = 0;
  // Batch after batch until nothing is due (the seed leaves mail waiting too).
  for (;;) {
    const { sent, retried, failed } = await deliverOnce();
    if (sent + retried + failed === 0) break;
  }
  const parsed = await Promise.all(smtp.received.filter((m) => m.rcptTo.includes(to)).map((m) => simpleParser(m.raw)));
  return parsed.filter((m) => (m.subject ?? "").includes(poNumber));
}

function deliverOnce() {
  return deliverPendingMail({
    db: t.db,
    transport,
    from: "Quotient <no-reply@quotient.test>",
    now: () => new Date(Date.now() + 1_000),
    renderAttachment: async (a) => {
      const document = await getPurchaseOrderDocument(t.db, a.poId);
      return {
        filename: `${document.number}.pdf`,
        content: await renderPurchaseOrderPdf(document),
        contentType: "application/pdf",
      };
    },
  });
}

// ---- a lower total ------------------------------------------------------------

describe("a change order that lowers the total", () => {
  it("is issued at once as revision 2, and the supplier gets the change-order mail with revision 2's PDF", async () => {
    const poId = await acknowledgedPo();
    const before = await poRow(t.db, poId);
    expect(before.revision).toBe(1);
    const at = new Date();

    const result = await makeChangeOrder(demo.as(BUYER, at), { id: poId, ...(await change(poId, ["80"])) });
    expect(result).toMatchObject({ from: "acknowledged", to: "issued", revision: 2 });

    const po = await poRow(t.db, poId);
    expect(po).toMatchObject({
      status: "issued",
      revision: 2,
      subtotal: "1600.00",
      delivery_date: "2027-03-01",
      notes: "Deliver to gate 5",
      change_reason: "Production plan changed",
      change_from: null,
      acknowledged_at: null,
    });
    expect(compareTotals(po.total, before.total)).toBeLessThan(0);
    expect((await lines(poId)).map((l) => l.quantity)).toEqual(["80.000"]);
    // Revision 1 kept as it was.
    const kept = await revisionRows(poId);
    expect(kept.map((r) => r.revision)).toEqual([1]);
    expect(kept[0].snapshot).toMatchObject({ revision: 1, total: before.total, lines: [{ quantity: "100.000" }] });
    const changes = (await auditOf(t.db, poId)).filter((e) => e.event === "CHANGE");
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ from_state: "acknowledged", to_state: "issued" });
    expect(changes[0].data).toMatchObject({ revision: 2, reason: "Production plan changed", total: po.total });

    const mails = await deliveredTo(NORTHWIND_SALES, po.number);
    const mail = mails.find((m) => (m.subject ?? "").startsWith("Change order"));
    expect(mail?.subject).toBe(`Change order: purchase order ${po.number} revision 2 from Acme Manufacturing`);
    expect(mail?.text).toContain("Reason for the change: Production plan changed");
    expect(mail?.attachments).toHaveLength(1);
    const text = pdfText(mail?.attachments[0].content ?? Buffer.alloc(0), "rev2.pdf");
    expect(text).toContain("Revision 2");
    expect(text).toContain("1,600.00");

    // The UBL says which revision it is.
    expect(renderPurchaseOrderUbl(await getPurchaseOrderDocument(t.db, poId))).toContain("Revision 2");

    // The supplier acknowledges the new revision.
    await acknowledgePo(demo.as(NORTHWIND_SALES, new Date()), {
      id: poId,
      version: await poVersion(t.db, poId),
      promisedDate: null,
    });
    expect((await poRow(t.db, poId)).status).toBe("acknowledged");
  });
});

function compareTotals(a: string, b: string): number {
  // Whole cents, so the comparison needs no float.
  const cents = (v: string) => BigInt(v.replace(".", ""));
  return cents(a) < cents(b) ? -1 : cents(a) > cents(b) ? 1 : 0;
}

// ---- a higher total -----------------------------------------------------------

describe("a change order that raises the total", () => {
  it("goes back to finance; neither its author nor the PO's creator may approve; finance approves and it is reissued", async () => {
    const poId = await acknowledgedPo();
    const number = (await poRow(t.db, poId)).number;
    const result = await makeChangeOrder(actingAs(t.db, buyerTwo, new Date()), {
      id: poId,
      ...(await change(poId, ["150"])),
    });
    expect(result).toMatchObject({ from: "acknowledged", to: "pending_approval", revision: 2 });
    expect(await poRow(t.db, poId)).toMatchObject({
      status: "pending_approval",
      revision: 2,
      required_approvals: 1,
      change_from: "acknowledged",
      revised_by: buyerTwo.userId,
    });
    // Finance is asked, the supplier is not told yet.
    expect(await outboxTo(FINANCE, number)).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject: `Approval needed: ${number}` })]),
    );
    expect((await outboxTo(NORTHWIND_SALES, number)).filter((m) => m.subject.startsWith("Change order"))).toEqual([]);

    const author = approvePo(actingAs(t.db, buyerTwo, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    await expect(author).rejects.toThrow(TransitionRefusedError);
    await expect(author).rejects.toThrow(
      "You made this change order, so you cannot approve it (separation of duties).",
    );
    await expect(
      approvePo(demo.as(BUYER, new Date()), { id: poId, version: await poVersion(t.db, poId) }),
    ).rejects.toThrow("You created this purchase order, so you cannot approve it (separation of duties).");
    expect((await poRow(t.db, poId)).status).toBe("pending_approval");

    await approvePo(demo.as(FINANCE, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    const po = await poRow(t.db, poId);
    expect(po).toMatchObject({ status: "issued", revision: 2, change_from: null, subtotal: "3000.00" });
    const mails = await deliveredTo(NORTHWIND_SALES, number);
    expect(mails.map((m) => m.subject)).toContain(
      `Change order: purchase order ${number} revision 2 from Acme Manufacturing`,
    );
    expect((await auditOf(t.db, poId)).slice(-3).map((e) => [e.event, e.from_state, e.to_state])).toEqual([
      ["CHANGE", "acknowledged", "pending_approval"],
      ["APPROVE", "pending_approval", "approved"],
      ["ISSUE", "approved", "issued"],
    ]);
  });

  it("needs two distinct approvers when the new total reaches the second threshold", async () => {
    const poId = await acknowledgedPo();
    await makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...(await change(poId, ["1500"])) });
    expect(await poRow(t.db, poId)).toMatchObject({ status: "pending_approval", required_approvals: 2 });
    await approvePo(demo.as(FINANCE, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    expect((await poRow(t.db, poId)).status).toBe("pending_approval");
    await expect(
      approvePo(demo.as(FINANCE, new Date()), { id: poId, version: await poVersion(t.db, poId) }),
    ).rejects.toThrow("You have already approved this purchase order.");
    await approvePo(demo.as(CONTROLLER, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    expect(await poRow(t.db, poId)).toMatchObject({ status: "issued", revision: 2 });
  });

  it("when finance rejects it, returns to revision 1 as the supplier has it, and tells the change's author", async () => {
    const poId = await acknowledgedPo();
    const before = await poRow(t.db, poId);
    const linesBefore = await lines(poId);
    const approvedRevisionOne = (await getPurchaseOrderDocument(t.db, poId)).approvals.map((a) => a.at.toISOString());
    expect(approvedRevisionOne).toHaveLength(1);
    // Into the second tier: one approval given, then the second approver rejects.
    const input = await change(poId, ["1500"]);
    input.lines.push({
      kind: "add",
      itemName: "Washer M8",
      specification: "",
      quantity: "100",
      unit: "pcs",
      unitPrice: "0.50",
      taxRate: "19",
    });
    await makeChangeOrder(actingAs(t.db, buyerTwo, new Date()), { id: poId, ...input });
    expect(await lines(poId)).toHaveLength(2);

    await approvePo(demo.as(FINANCE, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    await rejectPo(demo.as(CONTROLLER, new Date()), {
      id: poId,
      version: await poVersion(t.db, poId),
      reason: "Not in this quarter's budget",
    });
    const po = await poRow(t.db, poId);
    expect(po).toMatchObject({
      status: "acknowledged",
      revision: 1,
      total: before.total,
      notes: before.notes,
      delivery_date: before.delivery_date,
      change_from: null,
      reason: null,
    });
    expect(await lines(poId)).toEqual(linesBefore);
    expect(await revisionRows(poId)).toEqual([]);
    // The PDF still names the approval that released revision 1.
    const document = await getPurchaseOrderDocument(t.db, poId);
    expect(document.revision).toBe(1);
    expect(document.approvals.map((a) => a.at.toISOString())).toEqual(approvedRevisionOne);
    const told = await outboxTo("buyer2@acme.test", before.number);
    expect(told.map((m) => m.subject)).toEqual([`Change order rejected: ${before.number} revision 2`]);
    expect(told[0].text_body).toContain("Not in this quarter's budget");
  });
});

describe("while a change order awaits approval", () => {
  it("the supplier's list shows the revision in force; the buyer's shows the change", async () => {
    const poId = await acknowledgedPo();
    const before = await poRow(t.db, poId);
    await makeChangeOrder(actingAs(t.db, buyerTwo, new Date()), { id: poId, ...(await change(poId, ["150"])) });
    const rowFor = async (email: string) =>
      (await listPurchaseOrderPage(demo.as(email), { search: before.number })).rows[0];
    expect(await rowFor(BUYER)).toMatchObject({ status: "pending_approval", total: "3000.00" });
    expect(await rowFor(NORTHWIND_SALES)).toMatchObject({ status: "acknowledged", total: before.total });
    // Filtering by status follows what each of them is shown.
    const supplierPending = await listPurchaseOrderPage(demo.as(NORTHWIND_SALES), {
      search: before.number,
      status: "pending_approval",
    });
    expect(supplierPending.rows).toEqual([]);
  });

  it("cancelling the PO drops the unissued change: what is cancelled is the revision the supplier has", async () => {
    const poId = await acknowledgedPo();
    const before = await poRow(t.db, poId);
    const linesBefore = await lines(poId);
    await makeChangeOrder(actingAs(t.db, buyerTwo, new Date()), { id: poId, ...(await change(poId, ["150"])) });
    expect((await poRow(t.db, poId)).revision).toBe(2);
    await cancelPo(demo.as(BUYER, new Date()), {
      id: poId,
      version: await poVersion(t.db, poId),
      reason: "Project stopped",
    });
    expect(await poRow(t.db, poId)).toMatchObject({
      status: "cancelled",
      revision: 1,
      total: before.total,
      change_from: null,
    });
    expect(await lines(poId)).toEqual(linesBefore);
    expect(await revisionRows(poId)).toEqual([]);
  });
});

// ---- reading revisions ----------------------------------------------------------

describe("old revisions", () => {
  it("stay readable and unchanged, with what the next revision changed, for buyer, finance and the supplier only", async () => {
    const poId = await acknowledgedPo();
    const original = await poRow(t.db, poId);
    const originalLines = await lines(poId);
    const input = await change(poId, ["120"], { notes: "Second shift" });
    input.lines.push({
      kind: "add",
      itemName: "Washer M8",
      specification: "DIN 125",
      quantity: "200",
      unit: "pcs",
      unitPrice: "0.10",
      taxRate: "19",
    });
    await makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...input });
    await approvePo(demo.as(FINANCE, new Date()), { id: poId, version: await poVersion(t.db, poId) });
    // A later change must not touch revision 1.
    await makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...(await change(poId, ["110"])) });
    expect(await poRow(t.db, poId)).toMatchObject({ status: "issued", revision: 3 });

    for (const email of [BUYER, FINANCE, NORTHWIND_SALES]) {
      const view = await getRevision(demo.as(email), { id: poId, revision: 1 });
      expect(view.shown).toMatchObject({
        revision: 1,
        total: original.total,
        notes: original.notes,
        reason: null,
        lines: originalLines.map((l) => ({ id: l.id, quantity: l.quantity, unitPrice: l.unit_price })),
      });
      expect(view.following?.revision).toBe(2);
      expect(view.diff?.added.map((l) => l.itemName)).toEqual(["Washer M8"]);
      expect(view.diff?.removed).toEqual([]);
      expect(view.diff?.changed.map((c) => [c.before.quantity, c.after.quantity, c.fields])).toEqual([
        ["100.000", "120.000", ["quantity", "lineTotal"]],
      ]);
      expect(view.diff?.header.map((h) => h.field)).toEqual(
        expect.arrayContaining(["Notes", "Delivery date", "Subtotal", "Total"]),
      );
    }
    const second = await getRevision(demo.as(BUYER), { id: poId, revision: 2 });
    expect(second.shown).toMatchObject({ revision: 2, reason: "Production plan changed", notes: "Second shift" });
    expect(second.diff?.changed.map((c) => c.after.quantity)).toEqual(["110.000"]);
    const current = await getRevision(demo.as(BUYER), { id: poId, revision: 3 });
    expect(current.diff).toBeNull();

    const page = await getPoPage(demo.as(NORTHWIND_SALES, new Date()), { id: poId });
    expect(page.revisions).toEqual([1, 2, 3]);
    expect(page.timeline.filter((e) => e.event === "CHANGE")).toHaveLength(2);

    expect(await responseOf(getRevision(demo.as(GLOBEX_SALES), { id: poId, revision: 1 }))).toMatchObject({
      status: 404,
    });
    expect(await responseOf(getRevision(demo.as(INITECH_BUYER), { id: poId, revision: 1 }))).toMatchObject({
      status: 404,
    });
    expect(await responseOf(getRevision(demo.as(BUYER), { id: poId, revision: 4 }))).toMatchObject({ status: 404 });
    expect(await responseOf(getRevision(demo.as(BUYER), { id: poId, revision: 0 }))).toMatchObject({ status: 404 });
  });
});

// ---- what is refused ---------------------------------------------------------------

describe("refused change orders", () => {
  it("refuses a quantity below what was received, or removing a received line, and writes nothing", async () => {
    const poId = await acknowledgedPo();
    await receive(demo, poId, ["40"]);
    const before = await poRow(t.db, poId);
    expect(before.status).toBe("partially_received");

    const below = makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...(await change(poId, ["30"])) });
    await expect(below).rejects.toThrow(FormError);
    const refusal = await below.catch((e: unknown) => e);
    expect(englishErrors((refusal as FormError).fieldErrors)).toMatchObject({
      "lines.0.quantity": "The quantity cannot go below the 40 pcs already received.",
    });

    const input = await change(poId, []);
    const [line] = await lines(poId);
    input.lines = [
      { kind: "remove", lineId: line.id },
      {
        kind: "add",
        itemName: "Hex nut M10",
        specification: "",
        quantity: "10",
        unit: "pcs",
        unitPrice: "1",
        taxRate: "0",
      },
    ];
    await expect(makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...input })).rejects.toMatchObject({
      fieldErrors: {
        "lines.0.remove":
          "40 pcs of this line were already received, so it cannot be removed; lower its quantity instead.",
      },
    });

    // Everything received already: nothing left for the supplier to deliver.
    await expect(
      makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...(await change(poId, ["40"])) }),
    ).rejects.toThrow("After this change every line would already be fully received; leave something to deliver.");

    expect(await poRow(t.db, poId)).toEqual(before);
    expect(await revisionRows(poId)).toEqual([]);

    // Down to 60 is fine: issued again as revision 2, what was received stays.
    await makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...(await change(poId, ["60"])) });
    expect(await poRow(t.db, poId)).toMatchObject({ status: "issued", revision: 2 });
    const page = await getPoPage(demo.as(BUYER, new Date()), { id: poId });
    expect(page.lines.map((l) => [l.quantity, l.received])).toEqual([["60.000", "40.000"]]);
  });

  it("needs a reason, checked by the form", () => {
    const result = changeOrderSchema.safeParse({
      version: "3",
      reason: " ",
      lines: [{ lineId: "6f1c1c1e-8d3c-4c7e-9d6a-2b2f8f0e2a11", quantity: "1", unitPrice: "1" }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["reason", "Give a reason for the change."],
    ]);
  });

  it("reads kept, removed and new rows from the form, ignoring blank rows at the end", () => {
    const kept = "6f1c1c1e-8d3c-4c7e-9d6a-2b2f8f0e2a11";
    const removed = "7a2d2d2f-9e4d-4d8f-8e7b-3c3f9f1f3b22";
    const result = changeOrderSchema.safeParse({
      version: "3",
      reason: "More needed",
      lines: [
        { lineId: kept, quantity: "5", unitPrice: "2.5", taxRate: "" },
        { lineId: removed, quantity: "1", unitPrice: "1", remove: "on" },
        { itemName: "Washer M8", quantity: "10", unit: "pcs", unitPrice: "0.1" },
        { itemName: "", quantity: "", unitPrice: "" },
      ],
    });
    expect(result.success).toBe(true);
    expect(result.data?.lines).toEqual([
      { kind: "keep", lineId: kept, quantity: "5", unitPrice: "2.5", taxRate: "0" },
      { kind: "remove", lineId: removed },
      {
        kind: "add",
        itemName: "Washer M8",
        specification: "",
        quantity: "10",
        unit: "pcs",
        unitPrice: "0.1",
        taxRate: "0",
      },
    ]);
    const bad = changeOrderSchema.safeParse({
      version: "3",
      reason: "More needed",
      lines: [{ lineId: kept, quantity: "0", unitPrice: "1" }, { quantity: "1" }],
    });
    expect(Object.fromEntries(bad.error?.issues.map((i) => [i.path.join("."), i.message]) ?? [])).toMatchObject({
      "lines.0.quantity": "The quantity must be more than zero.",
      "lines.1.itemName": "Enter the item.",
    });
  });

  it(`lets only one of two change orders made at once through, run ${concurrently}`, async () => {
    const poId = await acknowledgedPo();
    const [a, b] = [await change(poId, ["90"]), await change(poId, ["95"])];
    const results = await Promise.allSettled([
      makeChangeOrder(demo.as(BUYER, new Date()), { id: poId, ...a }),
      makeChangeOrder(actingAs(t.db, buyerTwo, new Date()), { id: poId, ...b }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(StaleVersionError);
    expect(await poRow(t.db, poId)).toMatchObject({ revision: 2, status: "issued" });
    expect((await revisionRows(poId)).map((r) => r.revision)).toEqual([1]);
    expect((await auditOf(t.db, poId)).filter((e) => e.event === "CHANGE")).toHaveLength(1);
  });

  it("refuses the supplier, finance and another organisation, and a draft", async () => {
    const poId = await acknowledgedPo();
    const before = await poRow(t.db, poId);
    const input = await change(poId, ["50"]);
    const attempt = (email: string) => responseOf(makeChangeOrder(demo.as(email, new Date()), { id: poId, ...input }));
    expect(await attempt(NORTHWIND_SALES)).toMatchObject({ status: 403 });
    expect(await attempt(FINANCE)).toMatchObject({ status: 403 });
    expect(await attempt(GLOBEX_SALES)).toMatchObject({ status: 404 });
    expect(await attempt(INITECH_BUYER)).toMatchObject({ status: 404 });
    expect(await poRow(t.db, poId)).toEqual(before);

    const draft = await draftPo(demo, ONE_LINE("10"), ["20.00"]);
    await expect(
      makeChangeOrder(demo.as(BUYER, new Date()), { id: draft, ...(await change(draft, ["5"])) }),
    ).rejects.toThrow("A draft can be edited directly; change orders are for issued purchase orders.");
    expect(await revisionRows(draft)).toEqual([]);
  });
});
