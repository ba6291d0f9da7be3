/**
 * A free-text line from the sourcing queue to its invoice, on real Postgres
 * and a real SMTP server: the buyer makes an RFQ of it, edits and publishes
 * the draft (the line keeps its link), two suppliers quote, the award's PO
 * fulfils the line and moves the requisition on; when the goods are received
 * and when they are invoiced the requester is told in the app and by mail,
 * and a reorder rule's line (no requester) tells nobody.
 */
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { acknowledgePo } from "../../../app/models/ordering/supplier-answers.server";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { createRequisition } from "../../../app/models/requisitions/requisition-draft.server";
import { getSourcingQueue, rfqFromQueue } from "../../../app/models/sourcing/sourcing-queue.server";
import { updateDraftRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { deliverPendingMail } from "../../../emails/outbox.server";
import { createMailTransport, type MailTransport } from "../../../emails/transport.server";
import { awardRfq } from "../../factories/award";
import {
  ACME,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  REQUESTER,
  quoteInput,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { TestSmtpServer } from "../../factories/smtp-server";
import { english } from "../../support/english";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
let t: TestDb;
let demo: Demo;
let smtp: TestSmtpServer;
let transport: MailTransport;

beforeAll(async () => {
  t = await createTestDb("requisition_follow_up", { max: 8 });
  demo = await seededDemo(t.db);
  smtp = new TestSmtpServer();
  await smtp.start(0);
  transport = createMailTransport({ smtpUrl: smtp.url, mailDir: "unused" });
});
afterAll(async () => {
  transport?.close();
  await smtp?.stop();
  await t?.destroy();
});

/** Sends the whole outbox over SMTP and returns what reached the requester, parsed. */
async function mailsToRequester() {
  await deliverPendingMail({
    db: t.db,
    transport,
    from: "Quotient <no-reply@quotient.test>",
    renderAttachment: async () => ({
      filename: "po.pdf",
      content: Buffer.from("%PDF-1.4"),
      contentType: "application/pdf",
    }),
    now: () => new Date(Date.now() + 365 * 86_400_000),
    batchSize: 1000,
  });
  const arrived = smtp.received.splice(0).filter((m) => m.rcptTo.map((a) => a.toLowerCase()).includes(REQUESTER));
  return Promise.all(
    arrived.map(async (m) => {
      const parsed = await simpleParser(m.raw);
      return { subject: parsed.subject ?? "", text: parsed.text ?? "" };
    }),
  );
}

const toldRequester = (requisitionId: string, kind: string) =>
  t.db
    .selectFrom("notifications")
    .where("user_id", "=", demo.actor(REQUESTER).userId)
    .where("path", "=", `/requisitions/${requisitionId}`)
    .where("kind", "=", kind)
    .select(["text"])
    .execute();

const version = async (table: "rfqs" | "purchase_orders", id: string) =>
  (await t.db.selectFrom(table).where("id", "=", id).select("version").executeTakeFirstOrThrow()).version;

describe("a free-text line from the sourcing queue to its invoice", () => {
  it("is fulfilled by the award's PO, and its requester hears of the receipt and of the invoice", async () => {
    const site = await t.db
      .selectFrom("ship_to_addresses")
      .where("org_id", "=", demo.orgId(ACME))
      .select("id")
      .orderBy("is_default", "desc")
      .executeTakeFirstOrThrow();
    const wantedBy = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await createRequisition(demo.as(REQUESTER), {
      costCentre: "CC-410 Maintenance",
      reason: "The old wrench broke.",
      lines: [
        {
          itemName: "Torque wrench 40-200 Nm",
          category: "Tools",
          unit: "pcs",
          unitPrice: "85",
          quantity: "2",
          wantedBy,
          shipToId: site.id,
        },
      ],
    });
    expect(created.status).toBe("sourcing");
    const [line] = await t.db
      .selectFrom("requisition_lines")
      .where("requisition_id", "=", created.id)
      .selectAll()
      .execute();
    const queue = await getSourcingQueue(demo.as(BUYER));
    expect(JSON.stringify(queue)).toContain(line.id);

    // One click makes a draft; the buyer invites two suppliers and publishes it from the draft form.
    const { rfqId } = await rfqFromQueue(demo.as(BUYER), { lineIds: [line.id] });
    const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
    const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
    await updateDraftRfq(demo.as(BUYER, createdAt), {
      id: rfqId,
      version: await version("rfqs", rfqId),
      ...rfqInput({
        title: "Torque wrench 40-200 Nm",
        deadlineAt: deadline,
        lines: [
          { itemName: "Torque wrench 40-200 Nm", specification: "", quantity: "2", unit: "pcs", targetPrice: "85" },
        ],
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
        intent: "publish",
      }),
    });
    const linked = await t.db
      .selectFrom("requisition_lines")
      .innerJoin("rfq_lines", "rfq_lines.id", "requisition_lines.rfq_line_id")
      .where("requisition_lines.id", "=", line.id)
      .select(["rfq_lines.rfq_id", "requisition_lines.rfq_id as lineRfqId"])
      .executeTakeFirstOrThrow();
    expect(linked).toEqual({ rfq_id: rfqId, lineRfqId: rfqId });

    const quotedAt = new Date(createdAt.getTime() + MINUTE);
    await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), { rfqId, ...(await quoteInput(t.db, rfqId, ["79.00"])) });
    await submitQuote(demo.as(GLOBEX_SALES, quotedAt), { rfqId, ...(await quoteInput(t.db, rfqId, ["88.00"])) });
    const closedAt = new Date(deadline.getTime() + 1_000);
    expect(await closeDueRfqs(t.db, closedAt)).toContain(rfqId);
    const { poId, poNumber } = await awardRfq(demo.as(BUYER, closedAt), {
      rfqId,
      supplierOrgId: demo.orgId(NORTHWIND),
      version: await version("rfqs", rfqId),
    });

    // The award fulfils the line: linked to the award's PO line, ordered; the requisition moves on.
    const poLine = await t.db
      .selectFrom("purchase_order_lines")
      .where("po_id", "=", poId)
      .select(["id", "unit_price"])
      .executeTakeFirstOrThrow();
    const fulfilled = await t.db
      .selectFrom("requisition_lines")
      .where("id", "=", line.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(fulfilled).toMatchObject({ status: "ordered", po_id: poId, po_line_id: poLine.id });
    const requisition = await t.db
      .selectFrom("requisitions")
      .where("id", "=", created.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(requisition.status).toBe("ordered");
    expect((await toldRequester(created.id, "requisition_ordered")).map((n) => english(n.text))).toEqual([
      `The buyers awarded what you asked for in requisition ${requisition.number}: Torque wrench 40-200 Nm on purchase order ${poNumber}.`,
    ]);
    // The mail says the same in the requester's words, its subject naming the requisition (the demo's own mails
    // to the requester leave the outbox with it).
    const orderedMail = (await mailsToRequester()).filter((m) => m.subject === `Ordered: ${requisition.number}`);
    expect(orderedMail).toHaveLength(1);
    expect(orderedMail[0].text.replace(/\s+/g, " ")).toContain(
      `The buyers awarded what you asked for in requisition ${requisition.number}: Torque wrench 40-200 Nm on purchase order ${poNumber}.`,
    );

    await submitPo(demo.as(BUYER), { id: poId, version: await version("purchase_orders", poId) });
    const afterSubmit = await t.db
      .selectFrom("purchase_orders")
      .where("id", "=", poId)
      .select("status")
      .executeTakeFirstOrThrow();
    if (afterSubmit.status === "pending_approval")
      await approvePo(demo.as(FINANCE), { id: poId, version: await version("purchase_orders", poId) });
    await acknowledgePo(demo.as(NORTHWIND_SALES), {
      id: poId,
      version: await version("purchase_orders", poId),
      promisedDate: null,
    });
    expect(await toldRequester(created.id, "requisition_received")).toEqual([]);

    await recordReceipt(demo.as(BUYER), {
      poId,
      version: await version("purchase_orders", poId),
      receivedOn: new Date().toISOString().slice(0, 10),
      deliveryNote: "DN-WRENCH-1",
      note: "",
      lines: [{ poLineId: poLine.id, quantity: "2" }],
    });
    const receivedText = `Torque wrench 40-200 Nm of your requisition ${requisition.number} were received (purchase order ${poNumber}).`;
    expect((await toldRequester(created.id, "requisition_received")).map((n) => english(n.text))).toEqual([
      receivedText,
    ]);
    const receivedMails = await mailsToRequester();
    expect(receivedMails).toHaveLength(1);
    expect(receivedMails[0].subject).toBe(`Received: ${requisition.number}`);
    expect(receivedMails[0].text).toContain(receivedText);
    expect(receivedMails[0].text).toContain(`/requisitions/${created.id}`);

    await submitInvoice(demo.as(NORTHWIND_SALES), {
      poId,
      invoiceNumber: "NW-WRENCH-1",
      issuedOn: new Date().toISOString().slice(0, 10),
      dueOn: "",
      lines: [{ poLineId: poLine.id, quantity: "2", unitPrice: poLine.unit_price, taxRate: "0" }],
    });
    const invoicedText = `Torque wrench 40-200 Nm of your requisition ${requisition.number} were invoiced (purchase order ${poNumber}).`;
    expect((await toldRequester(created.id, "requisition_invoiced")).map((n) => english(n.text))).toEqual([
      invoicedText,
    ]);
    const invoicedMails = await mailsToRequester();
    expect(invoicedMails).toHaveLength(1);
    expect(invoicedMails[0].subject).toBe(`Invoiced: ${requisition.number}`);
    expect(invoicedMails[0].text).toContain(invoicedText);
    // The PO stays the buyers': nothing the requester got links into it.
    expect(invoicedMails[0].text).not.toContain(`/pos/${poId}`);
  });

  it("sends a line the buyer drops from the draft back to the sourcing queue", async () => {
    const site = await t.db
      .selectFrom("ship_to_addresses")
      .where("org_id", "=", demo.orgId(ACME))
      .select("id")
      .executeTakeFirstOrThrow();
    const wantedBy = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const freeText = (itemName: string) => ({
      itemName,
      category: "Tools",
      unit: "pcs",
      unitPrice: "20",
      quantity: "1",
      wantedBy,
      shipToId: site.id,
    });
    const created = await createRequisition(demo.as(REQUESTER), {
      costCentre: "CC-410 Maintenance",
      reason: "Bench tools.",
      lines: [freeText("Bench vice"), freeText("File set")],
    });
    const lines = await t.db
      .selectFrom("requisition_lines")
      .where("requisition_id", "=", created.id)
      .select(["id", "item_name"])
      .orderBy("position")
      .execute();
    const { rfqId } = await rfqFromQueue(demo.as(BUYER), { lineIds: lines.map((l) => l.id) });
    const at = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
    const vice = (
      await t.db.selectFrom("rfq_lines").where("rfq_id", "=", rfqId).select(["item_name"]).orderBy("position").execute()
    )[0];
    await updateDraftRfq(demo.as(BUYER, at), {
      id: rfqId,
      version: await version("rfqs", rfqId),
      ...rfqInput({
        title: "Bench vice",
        deadlineAt: new Date(at.getTime() + 60 * MINUTE),
        lines: [{ itemName: vice.item_name, specification: "", quantity: "1", unit: "pcs" }],
        intent: "save",
      }),
    });
    const after = await t.db
      .selectFrom("requisition_lines")
      .where("requisition_id", "=", created.id)
      .select(["item_name", "rfq_id", "status"])
      .orderBy("position")
      .execute();
    expect(after).toEqual([
      { item_name: "Bench vice", rfq_id: rfqId, status: "sourcing" },
      { item_name: "File set", rfq_id: null, status: "sourcing" },
    ]);
    expect(JSON.stringify(await getSourcingQueue(demo.as(BUYER)))).toContain(lines[1].id);
  });
});
