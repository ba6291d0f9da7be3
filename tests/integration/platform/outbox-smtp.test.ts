import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { renderPurchaseOrderPdf, type PurchaseOrderDocument } from "../../../app/documents/purchase-order-pdf.server";
import type { OutboxAttachment } from "../../../db/schema";
import {
  deliverPendingMail,
  enqueueMail,
  retryDelayMs,
  startOutboxWorker,
  type RenderAttachment,
} from "../../../emails/outbox.server";
import { mailReader } from "../../../emails/templates/reader";
import { purchaseOrderIssuedMail } from "../../../emails/templates/purchase-order-issued";
import { createMailTransport, type MailTransport } from "../../../emails/transport.server";
import { APP_ROLE } from "../../../db/app-role.server";
import { createPostgres } from "../../../db/client.server";
import { TestSmtpServer } from "../../factories/smtp-server";
import { createTestDb, type TestDb } from "../../support/test-db";

const FROM = "Quotient <no-reply@quotient.test>";

let t: TestDb;
let dir: string;
const smtp = new TestSmtpServer();
let transport: MailTransport;
/** The outbox's clock: moved forward by the tests instead of waiting. */
let clock: Date;
const now = () => clock;

const orders = new Map<string, PurchaseOrderDocument>();

function purchaseOrder(number: string): PurchaseOrderDocument {
  return {
    number,
    revision: 1,
    status: "issued",
    createdAt: new Date("2026-11-20T09:00:00Z"),
    issuedAt: new Date("2026-11-22T14:30:00Z"),
    currency: "EUR",
    buyer: { name: "Northwind Buying GmbH", address: "Hauptstrasse 1\n10115 Berlin" },
    supplier: { name: "Bolt & Nut Supplies Ltd", address: "1 Mill Lane\nLeeds" },
    deliveryAddress: "Dock 4, Hauptstrasse 1, Berlin",
    deliveryDate: "2026-12-15",
    paymentTerms: "Net 30",
    incoterm: "DAP",
    notes: "",
    lines: [
      {
        position: 1,
        itemName: "Hex bolt M8x40",
        specification: "DIN 933",
        quantity: "1000",
        unit: "pcs",
        unitPrice: "0.12",
        lineTotal: "120.00",
      },
    ],
    subtotal: "120.00",
    taxTotal: "22.80",
    total: "142.80",
    approvals: [{ name: "Fiona Finance", at: new Date("2026-11-21T08:15:00Z") }],
  };
}

const renderAttachment: RenderAttachment = async (a: OutboxAttachment) => {
  if (a.kind !== "purchase_order_pdf") throw new Error(`unknown attachment kind ${String(a.kind)}`);
  const po = orders.get(a.poId);
  if (!po) throw new Error(`no purchase order ${a.poId}`);
  return { filename: `${po.number}.pdf`, content: await renderPurchaseOrderPdf(po), contentType: "application/pdf" };
};

/** Enqueues the "purchase order issued" mail the way a route would: inside a transaction. */
async function enqueueIssuedMail(poId: string, number: string, to: string): Promise<string> {
  orders.set(poId, purchaseOrder(number));
  const mail = purchaseOrderIssuedMail(
    {
      poNumber: number,
      buyerName: "Northwind Buying GmbH",
      supplierName: "Bolt & Nut Supplies Ltd",
      total: "142.80",
      currency: "EUR",
      url: `https://quotient.test/pos/${poId}`,
    },
    mailReader(),
  );
  return t.db
    .transaction()
    .execute((trx) => enqueueMail(trx, { to, ...mail, attachments: [{ kind: "purchase_order_pdf", poId }] }));
}

function outboxRow(id: string) {
  return t.db.selectFrom("email_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

beforeAll(async () => {
  t = await createTestDb("outbox_smtp");
  dir = mkdtempSync(path.join(tmpdir(), "quotient-outbox-"));
  await smtp.start(0);
  transport = createMailTransport({ smtpUrl: smtp.url, mailDir: path.join(dir, "unused") });
});

afterAll(async () => {
  transport?.close();
  await smtp.stop();
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  smtp.received.length = 0;
  // A little ahead of the database's clock, so rows inserted just now are due.
  clock = new Date(Date.now() + 1_000);
});

describe("outbox over SMTP", () => {
  it("sends a queued mail with the purchase order PDF attached and marks it sent", async () => {
    expect(transport.kind).toBe("smtp");
    const id = await enqueueIssuedMail("po-1", "PO-2026-000101", "orders@bolt-nut.test");
    expect((await outboxRow(id)).status).toBe("pending");

    const result = await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now });
    expect(result).toEqual({ sent: 1, retried: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message.rcptTo).toEqual(["orders@bolt-nut.test"]);
    expect(message.mailFrom).toBe("no-reply@quotient.test");

    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe("Purchase order PO-2026-000101 from Northwind Buying GmbH");
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe("orders@bolt-nut.test");
    expect(parsed.text).toContain("EUR");
    expect(parsed.text).toContain("https://quotient.test/pos/po-1");
    expect(parsed.html || "").toContain("Bolt &amp; Nut Supplies Ltd");

    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment.contentType).toBe("application/pdf");
    expect(attachment.filename).toBe("PO-2026-000101.pdf");
    expect(attachment.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfText(attachment.content, "attached.pdf")).toContain("PO-2026-000101");

    const row = await outboxRow(id);
    expect(row.status).toBe("sent");
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(row.message_id).toBe(parsed.messageId);
    // Derived from the row, so a second send after a lost "sent" record carries the same id.
    expect(parsed.messageId).toBe(`<outbox-${id}@quotient.test>`);
    expect(row.last_error).toBeNull();

    // Nothing left to send.
    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(smtp.received).toHaveLength(1);
  });

  it("sends a mail whose success was never recorded again after the reclaim time, under the same Message-ID", async () => {
    const id = await enqueueIssuedMail("po-lost", "PO-2026-000103", "lost@bolt-nut.test");
    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toMatchObject({
      sent: 1,
    });
    // As if the process died after SMTP accepted the mail but before the row said so.
    await t.db
      .updateTable("email_outbox")
      .set({ status: "sending", next_attempt_at: clock, sent_at: null })
      .where("id", "=", id)
      .execute();
    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toMatchObject({
      sent: 0,
    });

    clock = new Date(clock.getTime() + 11 * 60_000);
    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toMatchObject({
      sent: 1,
    });
    expect(smtp.received).toHaveLength(2);
    const [first, second] = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    expect(first.messageId).toBe(`<outbox-${id}@quotient.test>`);
    expect(second.messageId).toBe(first.messageId);
  });

  it("keeps a mail pending while the SMTP server is down and sends it once after the backoff", async () => {
    const id = await enqueueIssuedMail("po-2", "PO-2026-000102", "sales@bolt-nut.test");
    await smtp.stop();
    try {
      const first = await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now });
      expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    } finally {
      await smtp.start();
    }

    const waiting = await outboxRow(id);
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(1);
    expect(waiting.last_error).toMatch(/ECONNREFUSED/);
    expect(waiting.next_attempt_at.getTime()).toBe(clock.getTime() + retryDelayMs(1));
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(clock.getTime());

    // The server is back, but the backoff has not passed yet: nothing is sent.
    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(smtp.received).toHaveLength(0);

    clock = new Date(clock.getTime() + retryDelayMs(1) + 1_000);
    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(smtp.received).toHaveLength(1);
    const parsed = await simpleParser(smtp.received[0].raw);
    expect(parsed.subject).toContain("PO-2026-000102");

    const row = await outboxRow(id);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(2);
  });

  it("sends every mail exactly once after the SMTP server was down for a while, with two senders at work", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(
        await enqueueIssuedMail(`po-down-${i}`, `PO-2026-0009${String(i).padStart(2, "0")}`, `down${i}@bolt-nut.test`),
      );
    // A second sender with its own connections, as a second server process would have.
    const other = t.url ? createPostgres(t.url, { max: 2, role: APP_ROLE }) : null;
    const senders = [t.db, other?.db ?? t.db];
    const round = () =>
      Promise.all(
        senders.map((db) => deliverPendingMail({ db, transport, from: FROM, renderAttachment, now, batchSize: 5 })),
      );
    let down = false;
    try {
      await smtp.stop();
      down = true;
      // Down for several minutes of outbox time: every due row is tried, fails and waits longer.
      for (let minute = 0; minute < 4; minute++) {
        await round();
        clock = new Date(clock.getTime() + 61_000);
      }
      const waiting = await t.db
        .selectFrom("email_outbox")
        .select(["status", "attempts"])
        .where("id", "in", ids)
        .execute();
      expect(waiting.every((r) => r.status === "pending" && r.attempts >= 1)).toBe(true);
      expect(smtp.received).toHaveLength(0);

      await smtp.start();
      down = false;
      for (let i = 0; i < 20; i++) {
        await round();
        const left = await t.db
          .selectFrom("email_outbox")
          .select("id")
          .where("id", "in", ids)
          .where("status", "<>", "sent")
          .execute();
        if (left.length === 0) break;
        clock = new Date(clock.getTime() + retryDelayMs(8));
      }
    } finally {
      await other?.close();
      if (down) await smtp.start();
    }
    const rows = await t.db.selectFrom("email_outbox").select(["status"]).where("id", "in", ids).execute();
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => "sent"));
    const recipients = smtp.received.flatMap((m) => m.rcptTo).sort();
    expect(recipients).toEqual(ids.map((_, i) => `down${i}@bolt-nut.test`).sort());
  });

  it("marks a mail failed after maxAttempts failures and stops trying", async () => {
    const id = await enqueueIssuedMail("po-3", "PO-2026-000103", "nobody@bolt-nut.test");
    const broken: MailTransport = {
      kind: "smtp",
      send: () => Promise.reject(Object.assign(new Error("connection refused"), { code: "ECONNECTION" })),
      close: () => undefined,
    };
    const options = { db: t.db, transport: broken, from: FROM, renderAttachment, now, maxAttempts: 3 };

    expect(await deliverPendingMail(options)).toEqual({ sent: 0, retried: 1, failed: 0 });
    clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    expect(await deliverPendingMail(options)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await outboxRow(id)).next_attempt_at.getTime()).toBe(clock.getTime() + retryDelayMs(2));
    clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    expect(await deliverPendingMail(options)).toEqual({ sent: 0, retried: 0, failed: 1 });

    const row = await outboxRow(id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(3);
    expect(row.last_error).toBe("ECONNECTION: connection refused");

    clock = new Date(clock.getTime() + 2 * 60 * 60_000);
    expect(await deliverPendingMail(options)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await deliverPendingMail({ ...options, transport })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it("reclaims a mail left in 'sending' for more than ten minutes, and only then", async () => {
    const stale = await enqueueIssuedMail("po-4", "PO-2026-000104", "stale@bolt-nut.test");
    const recent = await enqueueIssuedMail("po-5", "PO-2026-000105", "recent@bolt-nut.test");
    await t.db
      .updateTable("email_outbox")
      .set({ status: "sending", next_attempt_at: new Date(clock.getTime() - 11 * 60_000) })
      .where("id", "=", stale)
      .execute();
    await t.db
      .updateTable("email_outbox")
      .set({ status: "sending", next_attempt_at: new Date(clock.getTime() - 60_000) })
      .where("id", "=", recent)
      .execute();

    expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(smtp.received.map((m) => m.rcptTo)).toEqual([["stale@bolt-nut.test"]]);
    expect((await outboxRow(stale)).status).toBe("sent");
    expect((await outboxRow(recent)).status).toBe("sending");
    await t.db.updateTable("email_outbox").set({ status: "failed" }).where("id", "=", recent).execute();
  });

  it("runs delivery in a background worker that can be kicked and stopped", async () => {
    const errors: unknown[] = [];
    const worker = startOutboxWorker({
      db: t.db,
      transport,
      from: FROM,
      renderAttachment,
      now,
      intervalMs: 60_000,
      onError: (e) => errors.push(e),
    });
    try {
      const id = await enqueueIssuedMail("po-6", "PO-2026-000106", "worker@bolt-nut.test");
      worker.kick();
      const deadline = Date.now() + 10_000;
      while ((await outboxRow(id)).status !== "sent" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        worker.kick();
      }
      expect((await outboxRow(id)).status).toBe("sent");
    } finally {
      await worker.stop();
    }
    expect(errors).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].rcptTo).toEqual(["worker@bolt-nut.test"]);
  });
});

describe("folder transport", () => {
  it("writes each mail as an .eml file a mail program can open", async () => {
    const mailDir = path.join(dir, "mail", "outgoing");
    const folder = createMailTransport({ mailDir });
    expect(folder.kind).toBe("folder");
    const pdf = await renderPurchaseOrderPdf(purchaseOrder("PO-2026-000200"));
    try {
      const { messageId } = await folder.send({
        from: FROM,
        to: "orders@bolt-nut.test",
        subject: "Purchase order PO-2026-000200",
        text: "The order is attached.",
        html: "<p>The order is attached.</p>",
        attachments: [{ filename: "PO-2026-000200.pdf", content: pdf, contentType: "application/pdf" }],
      });

      const files = readdirSync(mailDir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9a-f]{8}\.eml$/);

      const parsed = await simpleParser(readFileSync(path.join(mailDir, files[0])));
      expect(parsed.messageId).toBe(messageId);
      expect(parsed.subject).toBe("Purchase order PO-2026-000200");
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe("orders@bolt-nut.test");
      expect(parsed.text?.trim()).toBe("The order is attached.");
      expect(parsed.attachments).toHaveLength(1);
      expect(parsed.attachments[0].contentType).toBe("application/pdf");
      expect(parsed.attachments[0].content.equals(pdf)).toBe(true);
    } finally {
      folder.close();
    }
  });
});

describe("purchase order issued mail", () => {
  it("escapes every value put into the HTML and formats the total", () => {
    const mail = purchaseOrderIssuedMail(
      {
        poNumber: "PO-1",
        buyerName: "<script>alert(1)</script> & Co",
        supplierName: 'Quote "Marks" Ltd',
        total: "1234567.5",
        currency: "EUR",
        url: "https://quotient.test/pos/1?a=1&b=2",
      },
      mailReader(),
    );
    expect(mail.subject).toBe("Purchase order PO-1 from <script>alert(1)</script> & Co");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
    expect(mail.html).toContain("Quote &quot;Marks&quot; Ltd");
    expect(mail.html).toContain('href="https://quotient.test/pos/1?a=1&amp;b=2"');
    expect(mail.text).toContain("1,234,567.50 EUR");
  });
});
