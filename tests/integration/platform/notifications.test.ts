/**
 * Notifications: every event that reaches a person in the app reaches the
 * same people by mail (unless they turned that kind off), written by the one
 * `notify` in the transaction of the change; nobody is told of another
 * supplier's business or of their own act. Then the centre itself: the
 * unread count, the list with keyset paging, following one, marking all
 * read, and someone else's notification refused. Mail goes through a real
 * SMTP server on loopback.
 */
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { approveInvoice } from "../../../app/models/fulfilment/invoice.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { approvePo, rejectPo, submitPo } from "../../../app/models/ordering/approval.server";
import { acknowledgePo, declinePo } from "../../../app/models/ordering/supplier-answers.server";
import { makeChangeOrder } from "../../../app/models/ordering/change-order.server";
import {
  getMailChoices,
  listNotifications,
  markAllRead,
  openNotification,
  saveMailChoices,
  unreadCount,
} from "../../../app/models/shared/notifications.server";
import { answerQuestion, askQuestion } from "../../../app/models/sourcing/question.server";
import { extendRfqDeadline } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { msgWith, translated } from "../../../app/i18n/config";
import { createFormat } from "../../../app/i18n/format";
import { PSEUDO_LOCALE } from "../../../app/i18n/pseudo";
import { translatorFor } from "../../../app/i18n/translator";
import { instantToZonedLocal } from "../../../app/utils/time";
import { deliverPendingMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { createMailTransport } from "../../../emails/transport.server";
import {
  NORTHWIND_ACCOUNTS,
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { awardRfq } from "../../factories/award";
import { TestSmtpServer } from "../../factories/smtp-server";
import { draftPo, ONE_LINE, poLineIds, poRow, poVersion } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const FROM = "Quotient <no-reply@quotient.test>";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("notifications");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

interface Told {
  /** Who got a notification, by address, sorted. */
  notified: string[];
  /** Who got a mail, by address, sorted. */
  mailed: string[];
  /** `text` as its person reads it in English, in their zone; `stored` as the row holds it (a catalogue message). */
  notes: { email: string; kind: string; text: string; stored: string; path: string; orgId: string }[];
  mails: { id: string; to: string; subject: string; text: string; attachments: unknown }[];
}

/** What a step wrote to the notification centre and the outbox, and nothing that was there before. */
async function told(step: () => Promise<unknown>): Promise<Told> {
  const notesBefore = new Set((await t.db.selectFrom("notifications").select("id").execute()).map((r) => r.id));
  const mailsBefore = new Set((await t.db.selectFrom("email_outbox").select("id").execute()).map((r) => r.id));
  await step();
  const notes = (
    await t.db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select([
        "notifications.id",
        "users.id as userId",
        "users.email",
        "kind",
        "text",
        "path",
        "notifications.org_id as orgId",
      ])
      .execute()
  ).filter((n) => !notesBefore.has(n.id));
  const read = await Promise.all(
    notes.map(async ({ userId, text, ...n }) => {
      const { t: english, format } = await mailReaderFor(t.db, { userId, orgId: n.orgId });
      return { ...n, stored: text, text: translated(english, text, format) };
    }),
  );
  const mails = (
    await t.db
      .selectFrom("email_outbox")
      .select(["id", "to_address as to", "subject", "text_body as text", "attachments"])
      .execute()
  ).filter((m) => !mailsBefore.has(m.id));
  return {
    notified: notes.map((n) => n.email).sort(),
    mailed: mails.map((m) => m.to).sort(),
    notes: read,
    mails,
  };
}

function only<T>(rows: T[]): T {
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe("a purchase order's events", () => {
  let poId: string;
  let poNumber: string;

  beforeAll(async () => {
    // 100 × 93.40 EUR = 9,340.00 EUR: above the first threshold, so finance must approve.
    poId = await draftPo(demo, ONE_LINE("100"), ["93.40"]);
    poNumber = (await poRow(t.db, poId)).number;
  });

  it("asks finance to approve (never the buyer who submitted), with the amount's separators", async () => {
    const r = await told(() => submitPo(demo.as(BUYER), { id: poId, version: 0 }).catch(() => undefined));
    // The version above is stale on purpose: a refused step tells nobody.
    expect(r.notes).toEqual([]);
    expect(r.mails).toEqual([]);

    const s = await told(async () => submitPo(demo.as(BUYER), { id: poId, version: await poVersion(t.db, poId) }));
    expect(s.notified).toEqual([CONTROLLER, FINANCE]);
    expect(s.mailed).toEqual([CONTROLLER, FINANCE]);
    for (const n of s.notes) {
      expect(n.kind).toBe("po_approval_needed");
      expect(n.path).toBe(`/pos/${poId}`);
      expect(n.text).toBe(`Purchase order ${poNumber} for 9,340.00 EUR is waiting for your approval.`);
      // The stored row is the catalogue message with the raw amount, said in each reader's format.
      expect(n.stored).not.toContain("9,340.00");
      // The notification and its mail say the same sentence.
      expect(only(s.mails.filter((m) => m.to === n.email)).text).toContain(n.text);
    }
  });

  it("on approval issues it to the supplier with its PDF and tells the buyer, never another supplier", async () => {
    const r = await told(async () => approvePo(demo.as(FINANCE), { id: poId, version: await poVersion(t.db, poId) }));
    expect(r.notified).toEqual([NORTHWIND_ACCOUNTS, BUYER, NORTHWIND_SALES]);
    expect(r.mailed).toEqual([NORTHWIND_ACCOUNTS, BUYER, NORTHWIND_SALES]);
    expect(r.notified).not.toContain(GLOBEX_SALES);
    const toSupplier = only(r.mails.filter((m) => m.to === NORTHWIND_SALES));
    expect(toSupplier.attachments).toEqual([{ kind: "purchase_order_pdf", poId }]);
    expect(toSupplier.text).toContain("9,340.00 EUR");
    const forBuyer = only(r.notes.filter((n) => n.email === BUYER));
    expect(forBuyer.kind).toBe("po_approved");
    expect(forBuyer.text).toMatch(
      /^Purchase order PO-\S+ \(9,340\.00 EUR\) was approved by .+ and was issued to Northwind Components\.$/,
    );
    expect(only(r.mails.filter((m) => m.to === BUYER)).text).toContain(forBuyer.text);
    expect(only(r.notes.filter((n) => n.email === NORTHWIND_SALES)).kind).toBe("po_issued");
  });

  it("tells the buyer of the acknowledgement, in the app and by mail, as the page promises", async () => {
    const r = await told(async () =>
      acknowledgePo(demo.as(NORTHWIND_SALES), {
        id: poId,
        version: await poVersion(t.db, poId),
        promisedDate: "2026-12-20",
      }),
    );
    expect(r.notified).toEqual([BUYER]);
    expect(r.mailed).toEqual([BUYER]);
    const note = only(r.notes);
    expect(note.kind).toBe("po_acknowledged");
    expect(note.text).toBe(
      `Northwind Components acknowledged purchase order ${poNumber}, delivery promised for 2026-12-20.`,
    );
    expect(only(r.mails).subject).toBe(`Acknowledged by Northwind Components: ${poNumber}`);
    expect(only(r.mails).text).toContain(note.text);
  });

  it("tells the supplier its goods were received, and not the buyer who booked them", async () => {
    const [lineId] = await poLineIds(t.db, poId);
    const r = await told(async () =>
      recordReceipt(demo.as(BUYER), {
        poId,
        version: await poVersion(t.db, poId),
        receivedOn: "2026-12-18",
        deliveryNote: "NW-DN-77",
        note: "",
        lines: [{ poLineId: lineId, quantity: "100" }],
      }),
    );
    expect(r.notified).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
    expect(r.mailed).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
    expect(only(r.notes.filter((n) => n.email === NORTHWIND_SALES)).text).toBe(
      `Acme Manufacturing received goods of purchase order ${poNumber} in full (delivery note NW-DN-77, received on 2026-12-18).`,
    );
    for (const n of r.notes) expect(only(r.mails.filter((m) => m.to === n.email)).text).toContain(n.text);
  });

  it("tells finance and the buyer of a submitted invoice, and the supplier of its approval", async () => {
    const [lineId] = await poLineIds(t.db, poId);
    let invoiceId = "";
    const submitted = await told(async () => {
      const result = await submitInvoice(demo.as(NORTHWIND_SALES), {
        poId,
        invoiceNumber: "NW-NOTE-1",
        issuedOn: "2026-12-19",
        dueOn: "",
        lines: [{ poLineId: lineId, quantity: "100", unitPrice: "93.40", taxRate: "0" }],
      });
      invoiceId = result.invoiceId;
    });
    expect(submitted.notified).toEqual([BUYER, CONTROLLER, FINANCE]);
    expect(submitted.mailed).toEqual([BUYER, CONTROLLER, FINANCE]);
    expect(new Set(submitted.notes.map((n) => n.kind))).toEqual(new Set(["invoice_submitted"]));
    expect(only(submitted.mails.filter((m) => m.to === BUYER)).subject).toBe(
      `Invoice received: NW-NOTE-1 for ${poNumber}`,
    );

    const invoice = await t.db.selectFrom("invoices").where("id", "=", invoiceId).selectAll().executeTakeFirstOrThrow();
    const approved = await told(() =>
      approveInvoice(demo.as(FINANCE), { id: invoiceId, version: invoice.version, overrideReason: "" }),
    );
    expect(approved.notified).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
    expect(approved.mailed).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
    const toSales = only(approved.notes.filter((n) => n.email === NORTHWIND_SALES));
    expect(toSales.kind).toBe("invoice_approved");
    expect(toSales.text).toContain("9,340.00 EUR");
  });

  it("tells the buyer of a rejection and of a supplier's decline", async () => {
    const rejected = await draftPo(demo, ONE_LINE("20"), ["93.40"]);
    await submitPo(demo.as(BUYER), { id: rejected, version: await poVersion(t.db, rejected) });
    const r = await told(async () =>
      rejectPo(demo.as(CONTROLLER), {
        id: rejected,
        version: await poVersion(t.db, rejected),
        reason: "Budget is spent",
      }),
    );
    expect(r.notified).toEqual([BUYER]);
    expect(r.mailed).toEqual([BUYER]);
    expect(only(r.notes).kind).toBe("po_rejected");
    expect(only(r.notes).text).toContain("Budget is spent");

    const declined = await draftPo(demo, ONE_LINE("20"), ["93.40"]);
    await submitPo(demo.as(BUYER), { id: declined, version: await poVersion(t.db, declined) });
    await approvePo(demo.as(FINANCE), { id: declined, version: await poVersion(t.db, declined) });
    const d = await told(async () =>
      declinePo(demo.as(NORTHWIND_SALES), {
        id: declined,
        version: await poVersion(t.db, declined),
        reason: "Out of stock",
      }),
    );
    expect(d.notified).toEqual([BUYER]);
    expect(d.mailed).toEqual([BUYER]);
    expect(only(d.notes).kind).toBe("po_declined");
  });

  it("leaves the mail out for a person who turned that kind off, and still notifies them in the app", async () => {
    const choices = await getMailChoices(demo.as(BUYER));
    expect(choices.kinds.find((k) => k.kind === "po_acknowledged")?.byMail).toBe(true);
    // A buyer is offered no supplier's events.
    expect(choices.kinds.map((k) => k.kind)).not.toContain("rfq_invited");
    const keep = choices.kinds.map((k) => k.kind).filter((k) => k !== "po_acknowledged");
    await saveMailChoices(demo.as(BUYER), { byMail: keep });
    await saveMailChoices(demo.as(BUYER), { byMail: keep });
    expect((await getMailChoices(demo.as(BUYER))).kinds.filter((k) => !k.byMail).map((k) => k.kind)).toEqual([
      "po_acknowledged",
    ]);

    const po = await draftPo(demo, ONE_LINE("20"), ["93.40"]);
    await submitPo(demo.as(BUYER), { id: po, version: await poVersion(t.db, po) });
    await approvePo(demo.as(FINANCE), { id: po, version: await poVersion(t.db, po) });
    const r = await told(async () =>
      acknowledgePo(demo.as(NORTHWIND_SALES), { id: po, version: await poVersion(t.db, po), promisedDate: null }),
    );
    expect(r.notified).toEqual([BUYER]);
    expect(r.mailed).toEqual([]);

    // Turned on again, the mail comes again.
    await saveMailChoices(demo.as(BUYER), { byMail: choices.kinds.map((k) => k.kind) });
    const other = await draftPo(demo, ONE_LINE("20"), ["93.40"]);
    await submitPo(demo.as(BUYER), { id: other, version: await poVersion(t.db, other) });
    await approvePo(demo.as(FINANCE), { id: other, version: await poVersion(t.db, other) });
    const again = await told(async () =>
      acknowledgePo(demo.as(NORTHWIND_SALES), { id: other, version: await poVersion(t.db, other), promisedDate: null }),
    );
    expect(again.mailed).toEqual([BUYER]);
  });
});

describe("a change order's events", () => {
  it("asks finance, sends the approved revision to the supplier, and answers its author", async () => {
    const poId = await draftPo(demo, ONE_LINE("20"), ["93.40"]);
    await submitPo(demo.as(BUYER), { id: poId, version: await poVersion(t.db, poId) });
    await approvePo(demo.as(FINANCE), { id: poId, version: await poVersion(t.db, poId) });
    await acknowledgePo(demo.as(NORTHWIND_SALES), {
      id: poId,
      version: await poVersion(t.db, poId),
      promisedDate: null,
    });
    const [lineId] = await poLineIds(t.db, poId);
    const line = await t.db
      .selectFrom("purchase_order_lines")
      .where("id", "=", lineId)
      .selectAll()
      .executeTakeFirstOrThrow();
    const requested = await told(async () =>
      makeChangeOrder(demo.as(BUYER), {
        id: poId,
        version: await poVersion(t.db, poId),
        reason: "More needed",
        deliveryDate: "2027-03-01",
        notes: "",
        lines: [{ kind: "keep", lineId, quantity: "40", unitPrice: line.unit_price, taxRate: line.tax_rate }],
      }),
    );
    // Above the threshold: finance decides first, the supplier hears nothing yet.
    expect(requested.notified).toEqual([CONTROLLER, FINANCE]);
    expect(new Set(requested.notes.map((n) => n.kind))).toEqual(new Set(["po_approval_needed"]));

    const approved = await told(async () =>
      approvePo(demo.as(FINANCE), { id: poId, version: await poVersion(t.db, poId) }),
    );
    expect(approved.notified).toEqual([NORTHWIND_ACCOUNTS, BUYER, NORTHWIND_SALES]);
    expect(only(approved.notes.filter((n) => n.email === NORTHWIND_SALES)).kind).toBe("change_order");
    expect(only(approved.mails.filter((m) => m.to === NORTHWIND_SALES)).subject).toMatch(/^Change order: /);

    const answered = await told(async () =>
      acknowledgePo(demo.as(NORTHWIND_SALES), { id: poId, version: await poVersion(t.db, poId), promisedDate: null }),
    );
    expect(answered.notified).toEqual([BUYER]);
    expect(answered.mailed).toEqual([BUYER]);
    expect(only(answered.notes).text).toContain("acknowledged revision 2 of purchase order");
  });
});

describe("an RFQ's events", () => {
  let rfqId: string;
  const start = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 24 * 60 * MINUTE);
  const deadline = new Date(start.getTime() + 3 * 60 * MINUTE);

  it("invites each supplier in its own name, with the deadline in the reader's zone in the app and in the mail", async () => {
    const r = await told(async () => {
      rfqId = await publishedRfq(
        demo,
        {
          title: "Notified gaskets",
          deadlineAt: deadline,
          supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
        },
        start,
      );
    });
    expect(r.notified).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    expect(r.mailed).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    for (const n of r.notes) {
      expect(n.kind).toBe("rfq_invited");
      // Each supplier's notice is filed under its own organisation.
      expect(n.orgId).toBe(demo.orgId(n.email === GLOBEX_SALES ? GLOBEX : NORTHWIND));
      // The demo's suppliers chose no zone, nor did their organisations: they read UTC, in the app as by mail.
      expect(n.text).toContain(`by ${instantToZonedLocal(deadline, "UTC").replace("T", " ")} UTC.`);
    }
    for (const m of r.mails) expect(m.text).toContain(`${instantToZonedLocal(deadline, "UTC").replace("T", " ")} UTC`);
    // Someone who reads Berlin time sees the deadline there, from the same stored notification.
    const stored = r.notes[0].stored;
    const berlin = translated(translatorFor("en"), stored, createFormat({ locale: "en", timeZone: "Europe/Berlin" }));
    expect(berlin).toContain(`by ${instantToZonedLocal(deadline, "Europe/Berlin").replace("T", " ")} Europe/Berlin.`);
  });

  it("tells the buyers of a question and every invited supplier of the answer, never who asked", async () => {
    let questionId = "";
    const asked = await told(async () => {
      questionId = await askQuestion(demo.as(NORTHWIND_SALES, new Date(start.getTime() + MINUTE)), {
        rfqId,
        question: "Is EPDM acceptable?",
      });
    });
    expect(asked.notified).toEqual([BUYER]);
    expect(asked.mailed).toEqual([BUYER]);
    expect(only(asked.notes).text).not.toContain("Northwind");

    const answered = await told(() =>
      answerQuestion(demo.as(BUYER, new Date(start.getTime() + 2 * MINUTE)), {
        rfqId,
        questionId,
        answer: "Yes.",
      }),
    );
    expect(answered.notified).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    expect(answered.mailed).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    for (const n of answered.notes) expect(n.text).not.toContain("Northwind");
  });

  it("tells the suppliers of a later deadline and the buyer of each quote, without its prices", async () => {
    const rfq = await t.db.selectFrom("rfqs").where("id", "=", rfqId).selectAll().executeTakeFirstOrThrow();
    const later = new Date(deadline.getTime() + 60 * MINUTE);
    const extended = await told(() =>
      extendRfqDeadline(demo.as(BUYER, new Date(start.getTime() + 3 * MINUTE)), {
        id: rfqId,
        version: rfq.version,
        newDeadline: instantToZonedLocal(later, "Europe/Berlin"),
      }),
    );
    expect(extended.notified).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    expect(extended.mailed).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    expect(new Set(extended.notes.map((n) => n.kind))).toEqual(new Set(["rfq_deadline_extended"]));

    for (const [email, price] of [
      [NORTHWIND_SALES, "4.10"],
      [GLOBEX_SALES, "3.90"],
    ] as const) {
      const quoted = await told(async () =>
        submitQuote(demo.as(email, new Date(start.getTime() + 4 * MINUTE)), {
          rfqId,
          ...(await quoteInput(t.db, rfqId, [price])),
        }),
      );
      expect(quoted.notified).toEqual([BUYER]);
      expect(quoted.mailed).toEqual([BUYER]);
      expect(only(quoted.notes).kind).toBe("quote_submitted");
      expect(only(quoted.notes).text).not.toContain(price);
      expect(only(quoted.mails).text).not.toContain(price);
    }

    await closeDueRfqs(t.db, new Date(later.getTime() + 1_000));
    const closed = await t.db.selectFrom("rfqs").where("id", "=", rfqId).selectAll().executeTakeFirstOrThrow();
    const awarded = await told(() =>
      awardRfq(demo.as(BUYER, new Date(later.getTime() + 2_000)), {
        rfqId,
        supplierOrgId: demo.orgId(GLOBEX),
        version: closed.version,
      }),
    );
    expect(awarded.notified).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    const forNorthwind = only(awarded.notes.filter((n) => n.email === NORTHWIND_SALES));
    expect(forNorthwind.kind).toBe("quote_result");
    expect(forNorthwind.text).toContain("not awarded");
    // The loser learns its own result only: not who won, nor at what price.
    expect(forNorthwind.text).not.toContain("Globex");
    expect(forNorthwind.text).not.toContain("3.90");
    expect(only(awarded.notes.filter((n) => n.email === GLOBEX_SALES)).text).toContain("is awarded");
  });
});

describe("the notification centre", () => {
  it("counts unread, lists newest first by keyset, marks one read by following it, and all at once", async () => {
    const buyer = demo.actor(BUYER);
    const count = await unreadCount(t.db, buyer.userId);
    expect(count).toBeGreaterThan(0);
    const first = await listNotifications(demo.as(BUYER), {});
    expect(first.unread).toBe(count);
    expect(first.can.markAllRead).toBe(true);
    const times = first.rows.map((r) => new Date(r.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    // Enough rows for a second page, all at one instant so the id breaks the tie.
    const at = new Date(Date.now() + 365 * 24 * 60 * MINUTE);
    await t.db
      .insertInto("notifications")
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          user_id: buyer.userId,
          org_id: buyer.orgId,
          kind: "po_issued",
          path: "/pos",
          text: `Paged ${i}`,
          created_at: at,
        })),
      )
      .execute();
    const page1 = await listNotifications(demo.as(BUYER), {});
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await listNotifications(demo.as(BUYER), { cursor: page1.nextCursor ?? undefined });
    const ids1 = page1.rows.map((r) => r.id);
    const ids2 = page2.rows.map((r) => r.id);
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
    expect(
      page1.rows.filter((r) => r.text.startsWith("Paged")).length +
        page2.rows.filter((r) => r.text.startsWith("Paged")).length,
    ).toBe(30);

    const target = page1.rows[0];
    expect(target.read).toBe(false);
    expect(await openNotification(demo.as(BUYER), { id: target.id })).toBe("/pos");
    expect(await unreadCount(t.db, buyer.userId)).toBe(count + 30 - 1);
    // Following it again keeps the first reading.
    const readAt = (
      await t.db.selectFrom("notifications").where("id", "=", target.id).select("read_at").executeTakeFirstOrThrow()
    ).read_at;
    await openNotification(demo.as(BUYER, new Date(Date.now() + MINUTE)), { id: target.id });
    expect(
      (await t.db.selectFrom("notifications").where("id", "=", target.id).select("read_at").executeTakeFirstOrThrow())
        .read_at,
    ).toEqual(readAt);

    expect(await markAllRead(demo.as(BUYER))).toBe(count + 30 - 1);
    expect(await unreadCount(t.db, buyer.userId)).toBe(0);
    expect(await markAllRead(demo.as(BUYER))).toBe(0);
    expect((await listNotifications(demo.as(BUYER), {})).can.markAllRead).toBe(false);
  });

  it("refuses someone else's notification as if it did not exist, and leaves it unread", async () => {
    const theirs = await t.db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .where("users.email", "=", FINANCE)
      .where("read_at", "is", null)
      .select("notifications.id")
      .executeTakeFirstOrThrow();
    for (const who of [CONTROLLER, BUYER, NORTHWIND_SALES]) {
      expect((await responseOf(openNotification(demo.as(who), { id: theirs.id }))).status).toBe(404);
    }
    expect((await responseOf(openNotification(demo.as(BUYER), { id: "not-a-uuid" }))).status).toBe(404);
    const row = await t.db
      .selectFrom("notifications")
      .where("id", "=", theirs.id)
      .select("read_at")
      .executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    // A list holds only the reader's own.
    const list = await listNotifications(demo.as(CONTROLLER), {});
    expect(list.rows.map((r) => r.id)).not.toContain(theirs.id);
  });
});

describe("a notification's words", () => {
  it("lists a stored message in the reader's words and formats, and an older English row as it was stored", async () => {
    const buyer = demo.actor(BUYER);
    const message = msgWith("Purchase order {{number}} for {{total}} is waiting for your approval.", {
      number: "PO-OLD-1",
      total: { money: "12345.5", currency: "EUR" },
    });
    const old = "Purchase order PO-OLD-2 for 1,000.00 EUR waits for your approval.";
    // Newer than anything else the person has (the paging test's rows are a year ahead), so they head the list.
    const at = new Date(Date.now() + 2 * 365 * 24 * 60 * MINUTE);
    await t.db
      .insertInto("notifications")
      .values([
        {
          user_id: buyer.userId,
          org_id: buyer.orgId,
          kind: "po_approval_needed",
          path: "/pos",
          text: old,
          created_at: at,
        },
        {
          user_id: buyer.userId,
          org_id: buyer.orgId,
          kind: "po_approval_needed",
          path: "/pos",
          text: message,
          created_at: new Date(at.getTime() + 1_000),
        },
      ])
      .execute();
    const [newest, older] = (await listNotifications(demo.as(BUYER), {})).rows;
    const english = translatorFor("en");
    const utc = createFormat({ locale: "en", timeZone: "UTC" });
    expect(translated(english, newest.text, utc)).toBe(
      "Purchase order PO-OLD-1 for 12,345.50 EUR is waiting for your approval.",
    );
    expect(translated(english, older.text, utc)).toBe(old);
    // In the pseudo-locale the sentence is the catalogue's, the amount the formatter's.
    const pseudo = translated(
      translatorFor(PSEUDO_LOCALE),
      newest.text,
      createFormat({ locale: PSEUDO_LOCALE, timeZone: "UTC" }),
    );
    expect(pseudo).toMatch(/^⟦.*⟧$/);
    expect(pseudo).not.toContain("waiting for your approval");
    // The amount went through the formatter, which marks what it formatted.
    expect(pseudo).toContain("⟦12,345.50");
    await t.db.deleteFrom("notifications").where("path", "=", "/pos").where("user_id", "=", buyer.userId).execute();
  });
});

describe("delivery", () => {
  it("sends the notification's mail through SMTP, with money separated and the link to the record", async () => {
    const po = await draftPo(demo, ONE_LINE("100"), ["93.40"]);
    const r = await told(async () => submitPo(demo.as(BUYER), { id: po, version: await poVersion(t.db, po) }));
    const targets = r.mails.map((m) => m.id);
    // Only these go now; the rest of the demo's mail waits.
    await t.db
      .updateTable("email_outbox")
      .set({ next_attempt_at: new Date(Date.now() + 24 * 60 * MINUTE) })
      .where("status", "=", "pending")
      .where("id", "not in", targets)
      .execute();
    const smtp = new TestSmtpServer();
    await smtp.start(0);
    const dir = mkdtempSync(path.join(tmpdir(), "notifications-mail-"));
    const transport = createMailTransport({ smtpUrl: smtp.url, mailDir: path.join(dir, "unused") });
    try {
      const result = await deliverPendingMail({
        db: t.db,
        transport,
        from: FROM,
        renderAttachment: () => Promise.reject(new Error("no attachment expected")),
        now: () => new Date(Date.now() + 1_000),
      });
      expect(result).toEqual({ sent: 2, retried: 0, failed: 0 });
    } finally {
      transport.close();
      await smtp.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const received = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    expect(smtp.received.flatMap((m) => m.rcptTo).sort()).toEqual([CONTROLLER, FINANCE]);
    for (const mail of received) {
      expect(mail.text).toContain("9,340.00 EUR");
      expect(mail.text).toContain(`/pos/${po}`);
    }
  });
});
