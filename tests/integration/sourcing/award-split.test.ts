/**
 * Awards on a real database, whole and line by line, with three bidders in
 * two currencies: Northwind in EUR, Globex in USD (converted at finance's
 * rate of the close date, 0.9235) and a third supplier, Umbrella, that
 * quotes one line only. Each award makes exactly the right draft POs,
 * decides every quote, tells every bidder only its own result, needs a
 * justification exactly when the choice is not the cheapest converted
 * price, and happens once, also when two buyers award at the same moment.
 *
 * The converted prices, worked out by hand (EUR, half-up to the cent):
 *
 * | line                     | Northwind (EUR)  | Globex (USD → EUR)            | Umbrella (EUR) |
 * |--------------------------|------------------|-------------------------------|----------------|
 * | 1 Ball bearing, 500 pcs  | 1.20 → 600.00    | 1.25 → 625.00 → 577.19        | no bid         |
 * | 2 Roller bearing, 40 pcs | 30.00 → 1200.00  | 34.00 → 1360.00 → 1255.96     | no bid         |
 * | 3 Grease, 20 kg          | 5.00 → 100.00    | 4.90 → 98.00 → 90.50          | 4.60 → 92.00   |
 * | total                    | 1900.00          | 1923.65                       | (not complete) |
 *
 * So Northwind is the cheapest whole award (unconverted, Globex's 625.00 on
 * line 1 would wrongly lose to 600.00), and the cheapest split is line 1 and
 * 3 to Globex, line 2 to Northwind.
 */
import { tmpdir } from "node:os";
import path from "node:path";

import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { award, getAwardSummary, type AwardInput } from "../../../app/models/sourcing/award.server";
import { awardRfq } from "../../factories/award";
import type { QuoteFormInput } from "../../../app/models/sourcing/quote.schema";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import type { RfqFormInput } from "../../../app/models/sourcing/rfq.schema";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { FormError } from "../../../app/utils/errors";
import { deliverPendingMail } from "../../../emails/outbox.server";
import { createMailTransport } from "../../../emails/transport.server";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  NORTHWIND_ACCOUNTS,
  ACME,
  auditOf,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  responseOf,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { TestSmtpServer } from "../../factories/smtp-server";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";
import { msgWith } from "~/i18n/config";

const DAY = 86_400_000;
const MINUTE = 60_000;
const UMBRELLA = "Umbrella Bearings";
const UMBRELLA_SALES = "sales@umbrella.test";

const onPostgres = await postgresReachable();
const concurrently = onPostgres ? "concurrently" : "one after another (pglite: a single connection, so sequential)";

let t: TestDb;
let demo: Demo;
/** 10:00 UTC ten days on: every RFQ here closes on this date, in Berlin as in UTC. */
let day: Date;
let counter = 0;
let umbrellaOrgId: string;
/** Organisation ids by name: the demo's, and the supplier added here. */
const org = (name: string) => (name === UMBRELLA ? umbrellaOrgId : demo.orgId(name));

const LINES: RfqFormInput["lines"] = [
  { itemName: "Ball bearing 6204-2RS", specification: "C3 clearance", quantity: "500", unit: "pcs" },
  { itemName: "Tapered roller bearing 30205", specification: "", quantity: "40", unit: "pcs" },
  { itemName: "Bearing grease", specification: "NLGI 2", quantity: "20", unit: "kg" },
];
const PRICES = {
  northwind: ["1.20", "30.00", "5.00"],
  globex: ["1.25", "34.00", "4.90"],
  umbrella: [null, null, "4.60"],
} as const;

beforeAll(async () => {
  t = await createTestDb("award_split", { max: 24 });
  demo = await seededDemo(t.db);
  const d = new Date(demo.now.getTime() + 10 * DAY);
  day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 10, 0));
  const acme = org(ACME);
  // A third supplier of Acme's, as the supplier list would hold it.
  const umbrella = await t.db
    .insertInto("organisations")
    .values({ name: UMBRELLA, kind: "supplier", address: "1 Mill Lane\nLeeds\nUnited Kingdom", base_currency: "EUR" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await t.db
    .insertInto("users")
    .values({ email: UMBRELLA_SALES, name: "Uma Brenner", password_hash: "not-used-here" })
    .returning("id")
    .executeTakeFirstOrThrow();
  umbrellaOrgId = umbrella.id;
  await t.db.insertInto("memberships").values({ user_id: user.id, org_id: umbrella.id, role: "supplier" }).execute();
  await t.db
    .insertInto("supplier_relationships")
    .values({
      buyer_org_id: acme,
      supplier_org_id: umbrella.id,
      status: "active",
      qualification_status: "approved",
      categories: ["Bearings"],
      contact_email: UMBRELLA_SALES,
    })
    .execute();
  await t.db
    .insertInto("fx_rates")
    .values({
      org_id: acme,
      base_currency: "EUR",
      quote_currency: "USD",
      rate: "0.9235",
      valid_on: day.toISOString().slice(0, 10),
    })
    .execute();
});

afterAll(async () => {
  await t?.destroy();
});

// ---- helpers ----------------------------------------------------------------

async function umbrellaActor() {
  const row = await t.db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("users.email", "=", UMBRELLA_SALES)
    .select(["users.id", "memberships.org_id"])
    .executeTakeFirstOrThrow();
  return { userId: row.id, orgId: row.org_id, roles: ["supplier"] as const };
}

interface Bidding {
  rfqId: string;
  version: number;
  lineIds: string[];
  at: Date;
}

/** A fresh RFQ with the three quotes above, Globex's in USD, closed at its deadline. */
async function closedRfqWithThreeQuotes(title: string): Promise<Bidding> {
  counter += 1;
  const createdAt = new Date(day.getTime() + counter * 2 * MINUTE);
  const deadline = new Date(createdAt.getTime() + MINUTE);
  const rfqId = await publishedRfq(
    demo,
    {
      title,
      lines: LINES,
      deadlineAt: deadline,
      supplierIds: [org(NORTHWIND), org(GLOBEX), org(UMBRELLA)],
    },
    createdAt,
  );
  const lines = await t.db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", rfqId)
    .select("id")
    .orderBy("position")
    .execute();
  const input = (prices: readonly (string | null)[]): QuoteFormInput => ({
    lines: lines.map((l, i) =>
      prices[i] === null ? { rfqLineId: l.id, unitPrice: "", noBid: "on" } : { rfqLineId: l.id, unitPrice: prices[i] },
    ),
    leadTimeDays: "10",
    notes: "",
  });
  const quotedAt = new Date(createdAt.getTime() + 10_000);
  await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), { rfqId, ...input(PRICES.northwind) });
  await submitQuote(demo.as(GLOBEX_SALES, quotedAt), { rfqId, ...input(PRICES.globex) });
  await submitQuote(actingAs(t.db, await umbrellaActor(), quotedAt), { rfqId, ...input(PRICES.umbrella) });
  // The quote form has no currency choice yet, so Globex's USD quote is set up directly.
  const globexQuote = await t.db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", org(GLOBEX))
    .select("id")
    .executeTakeFirstOrThrow();
  await t.db.updateTable("quotes").set({ currency: "USD" }).where("id", "=", globexQuote.id).execute();
  await t.db.updateTable("quote_revisions").set({ currency: "USD" }).where("quote_id", "=", globexQuote.id).execute();

  const at = new Date(deadline.getTime() + 1_000);
  expect(await closeDueRfqs(t.db, at)).toContain(rfqId);
  const { version } = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
  return { rfqId, version, lineIds: lines.map((l) => l.id), at: new Date(at.getTime() + MINUTE) };
}

const byLine = (b: Bidding, suppliers: string[]): AwardInput["choice"] => ({
  mode: "lines",
  lines: b.lineIds.map((rfqLineId, i) => ({ rfqLineId, supplierOrgId: org(suppliers[i]) })),
});

const awardAs = (email: string, b: Bidding, choice: AwardInput["choice"], justification?: string) =>
  award(demo.as(email, b.at), { rfqId: b.rfqId, version: b.version, choice, justification });

/** The POs of an RFQ with their lines, by supplier name. */
async function posOf(rfqId: string) {
  const pos = await t.db
    .selectFrom("purchase_orders")
    .innerJoin("organisations", "organisations.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.rfq_id", "=", rfqId)
    .selectAll("purchase_orders")
    .select("organisations.name as supplierName")
    .orderBy("organisations.name")
    .execute();
  return Promise.all(
    pos.map(async (po) => ({
      ...po,
      lines: await t.db
        .selectFrom("purchase_order_lines")
        .where("po_id", "=", po.id)
        .selectAll()
        .orderBy("position")
        .execute(),
    })),
  );
}

async function quoteStatuses(rfqId: string) {
  const rows = await t.db
    .selectFrom("quotes")
    .innerJoin("organisations", "organisations.id", "quotes.supplier_org_id")
    .where("quotes.rfq_id", "=", rfqId)
    .select(["organisations.name", "quotes.status"])
    .orderBy("organisations.name")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.status]));
}

/** Everything a refused award must leave as it was. */
async function footprint(rfqId: string) {
  const [rfq, quotes, pos, audit, outbox] = await Promise.all([
    t.db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirstOrThrow(),
    t.db.selectFrom("quotes").selectAll().where("rfq_id", "=", rfqId).orderBy("id").execute(),
    t.db.selectFrom("purchase_orders").select("id").where("rfq_id", "=", rfqId).execute(),
    auditOf(t.db, rfqId),
    t.db.selectFrom("email_outbox").select("id").execute(),
  ]);
  return { rfq, quotes, pos, audit, outboxCount: outbox.length };
}

async function outboxIds(): Promise<Set<string>> {
  return new Set((await t.db.selectFrom("email_outbox").select("id").execute()).map((r) => r.id));
}

async function mailsSince(before: Set<string>) {
  const rows = await t.db.selectFrom("email_outbox").selectAll().orderBy("to_address").execute();
  return rows.filter((r) => !before.has(r.id));
}

/** Sends only the given outbox rows through a real SMTP server on loopback; returns what it received, by recipient. */
async function deliverOverSmtp(ids: string[]) {
  // Everything else waits, so only these go out.
  await t.db
    .updateTable("email_outbox")
    .set({ next_attempt_at: new Date(Date.now() + DAY) })
    .where("status", "=", "pending")
    .where("id", "not in", ids)
    .execute();
  const smtp = new TestSmtpServer();
  await smtp.start(0);
  const transport = createMailTransport({ smtpUrl: smtp.url, mailDir: path.join(tmpdir(), "quotient-award-unused") });
  try {
    const result = await deliverPendingMail({
      db: t.db,
      transport,
      from: "Quotient <no-reply@quotient.test>",
      renderAttachment: () => Promise.reject(new Error("award mails carry no attachment")),
      now: () => new Date(Date.now() + 1_000),
    });
    expect(result).toEqual({ sent: ids.length, retried: 0, failed: 0 });
  } finally {
    transport.close();
    await smtp.stop();
  }
  const received = await Promise.all(
    smtp.received.map(async (r) => ({ rcptTo: r.rcptTo, mail: await simpleParser(r.raw) })),
  );
  return received.sort((a, b) => a.rcptTo[0].localeCompare(b.rcptTo[0]));
}

async function formErrors(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FormError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected the award to be refused");
}

// ---- whole awards -------------------------------------------------------------

describe("a whole award", () => {
  it("to the lowest converted total needs no justification and makes one PO with all its lines", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, whole to the cheapest");
    const result = await awardAs(BUYER, b, { mode: "whole", supplierOrgId: org(NORTHWIND) });
    expect(result.justificationRequired).toBe(false);
    const pos = await posOf(b.rfqId);
    expect(pos.map((p) => [p.supplierName, p.currency, p.total, p.status])).toEqual([
      [NORTHWIND, "EUR", "1900.00", "draft"],
    ]);
    expect(result.purchaseOrders.map((p) => p.id)).toEqual([pos[0].id]);
    expect(pos[0].lines.map((l) => [l.rfq_line_id, l.unit_price, l.line_total])).toEqual([
      [b.lineIds[0], "1.2000", "600.00"],
      [b.lineIds[1], "30.0000", "1200.00"],
      [b.lineIds[2], "5.0000", "100.00"],
    ]);
    expect(await quoteStatuses(b.rfqId)).toEqual({
      [GLOBEX]: "not_awarded",
      [NORTHWIND]: "awarded",
      [UMBRELLA]: "not_awarded",
    });
    const rfq = await t.db.selectFrom("rfqs").selectAll().where("id", "=", b.rfqId).executeTakeFirstOrThrow();
    expect(rfq).toMatchObject({ status: "awarded", award_justification: null });
  });

  it("to a dearer supplier is refused without a justification, writing nothing, and accepted with one", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, whole to Globex");
    const before = await footprint(b.rfqId);
    const choice = { mode: "whole", supplierOrgId: org(GLOBEX) } as const;
    expect(await formErrors(awardAs(BUYER, b, choice))).toEqual({
      justification: "Say why you award to a supplier that is not the cheapest.",
    });
    expect(await formErrors(awardAs(BUYER, b, choice, "   "))).toEqual({
      justification: "Say why you award to a supplier that is not the cheapest.",
    });
    expect(await footprint(b.rfqId)).toEqual(before);

    const why = "Globex holds the framework agreement for bearings.";
    const result = await awardAs(BUYER, b, choice, `  ${why} `);
    expect(result.justificationRequired).toBe(true);
    const [po] = await posOf(b.rfqId);
    // Prices stay in the quote's currency: the PO is in USD, at Globex's own prices.
    expect([po.supplierName, po.currency, po.subtotal, po.total]).toEqual([GLOBEX, "USD", "2083.00", "2083.00"]);
    expect(po.lines.map((l) => l.line_total)).toEqual(["625.00", "1360.00", "98.00"]);
    const rfq = await t.db.selectFrom("rfqs").selectAll().where("id", "=", b.rfqId).executeTakeFirstOrThrow();
    expect(rfq.award_justification).toBe(why);
    const [event] = (await auditOf(t.db, b.rfqId)).filter((e) => e.event === "AWARD");
    expect(event.data).toMatchObject({ mode: "whole", justificationRequired: true, justification: why });
  });

  it("to a supplier that did not quote every line is refused next to the supplier choice", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, whole to Umbrella");
    const before = await footprint(b.rfqId);
    expect(await formErrors(awardAs(BUYER, b, { mode: "whole", supplierOrgId: org(UMBRELLA) }, "Local stock"))).toEqual(
      {
        award: msgWith("{{supplier}} did not quote line {{lines}}; award line by line instead.", {
          supplier: UMBRELLA,
          lines: "1, 2",
        }),
      },
    );
    expect(await footprint(b.rfqId)).toEqual(before);
  });
});

// ---- split awards -------------------------------------------------------------

describe("a split award", () => {
  it("to the cheapest converted price per line needs no justification and makes one PO per supplier", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, cheapest split");
    const before = await outboxIds();
    const result = await awardAs(BUYER, b, byLine(b, [GLOBEX, NORTHWIND, GLOBEX]));
    expect(result.justificationRequired).toBe(false);

    const pos = await posOf(b.rfqId);
    expect(pos).toHaveLength(2);
    expect(result.purchaseOrders.map((p) => p.id).sort()).toEqual(pos.map((p) => p.id).sort());
    const [globex, northwind] = pos;
    const revisionOf = async (name: string) =>
      (
        await t.db
          .selectFrom("quote_revisions")
          .innerJoin("quotes", "quotes.id", "quote_revisions.quote_id")
          .where("quotes.rfq_id", "=", b.rfqId)
          .where("quotes.supplier_org_id", "=", org(name))
          .whereRef("quote_revisions.revision", "=", "quotes.current_revision")
          .select("quote_revisions.id")
          .executeTakeFirstOrThrow()
      ).id;
    expect(globex).toMatchObject({
      supplierName: GLOBEX,
      status: "draft",
      currency: "USD",
      subtotal: "723.00",
      total: "723.00",
      rfq_id: b.rfqId,
      quote_revision_id: await revisionOf(GLOBEX),
      buyer_org_id: org(ACME),
      created_by: demo.actor(BUYER).userId,
    });
    expect(
      globex.lines.map((l) => [l.position, l.rfq_line_id, l.item_name, l.quantity, l.unit_price, l.line_total]),
    ).toEqual([
      [1, b.lineIds[0], "Ball bearing 6204-2RS", "500.000", "1.2500", "625.00"],
      [2, b.lineIds[2], "Bearing grease", "20.000", "4.9000", "98.00"],
    ]);
    expect(northwind).toMatchObject({
      supplierName: NORTHWIND,
      currency: "EUR",
      total: "1200.00",
      quote_revision_id: await revisionOf(NORTHWIND),
    });
    expect(northwind.lines.map((l) => [l.position, l.rfq_line_id, l.unit_price, l.line_total])).toEqual([
      [1, b.lineIds[1], "30.0000", "1200.00"],
    ]);
    expect(new Set(pos.map((p) => p.number)).size).toBe(2);

    expect(await quoteStatuses(b.rfqId)).toEqual({
      [GLOBEX]: "partially_awarded",
      [NORTHWIND]: "partially_awarded",
      [UMBRELLA]: "not_awarded",
    });
    const [event] = (await auditOf(t.db, b.rfqId)).filter((e) => e.event === "AWARD");
    expect(event).toMatchObject({ from_state: "closed", to_state: "awarded" });
    expect(event.data).toMatchObject({
      mode: "lines",
      justificationRequired: false,
      justification: null,
      lines: {
        [b.lineIds[0]]: org(GLOBEX),
        [b.lineIds[1]]: org(NORTHWIND),
        [b.lineIds[2]]: org(GLOBEX),
      },
    });

    const mails = await mailsSince(before);
    expect(mails.map((m) => [m.to_address, m.subject])).toEqual([
      [NORTHWIND_ACCOUNTS, "Your quote was partially awarded: Bearings, cheapest split (" + (await ref(b)) + ")"],
      [GLOBEX_SALES, "Your quote was partially awarded: Bearings, cheapest split (" + (await ref(b)) + ")"],
      [NORTHWIND_SALES, "Your quote was partially awarded: Bearings, cheapest split (" + (await ref(b)) + ")"],
      [UMBRELLA_SALES, "Result of Bearings, cheapest split (" + (await ref(b)) + ")"],
    ]);
    const [, toGlobex, toNorthwind, toUmbrella] = mails;
    expect(toGlobex.text_body).toContain("Line 1: Ball bearing 6204-2RS, 500 pcs");
    expect(toGlobex.text_body).toContain("Line 3: Bearing grease, 20 kg");
    expect(toGlobex.text_body).not.toContain("Line 2:");
    expect(toNorthwind.text_body).toContain("Line 2: Tapered roller bearing 30205, 40 pcs");
    expect(toNorthwind.text_body).not.toMatch(/Line [13]:/);
    expect(toUmbrella.text_body).toContain("to another supplier");
    expect(toUmbrella.text_body).not.toContain("Line ");
  });

  it("that gives a line to a dearer supplier needs a justification; each bidder hears awarded, partial or not", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, mixed split");
    const before = await footprint(b.rfqId);
    // Umbrella's 92.00 on line 3 is dearer than Globex's 90.50 (98.00 USD converted).
    const choice = byLine(b, [GLOBEX, NORTHWIND, UMBRELLA]);
    expect(await formErrors(awardAs(BUYER, b, choice))).toEqual({
      justification: "Say why you award to a supplier that is not the cheapest.",
    });
    expect(await footprint(b.rfqId)).toEqual(before);

    const outbox = await outboxIds();
    const why = "Umbrella delivers the grease from local stock within two days.";
    const result = await awardAs(BUYER, b, choice, why);
    expect(result.justificationRequired).toBe(true);
    const pos = await posOf(b.rfqId);
    expect(pos.map((p) => [p.supplierName, p.currency, p.total, p.lines.map((l) => l.rfq_line_id)])).toEqual([
      [GLOBEX, "USD", "625.00", [b.lineIds[0]]],
      [NORTHWIND, "EUR", "1200.00", [b.lineIds[1]]],
      [UMBRELLA, "EUR", "92.00", [b.lineIds[2]]],
    ]);
    expect(await quoteStatuses(b.rfqId)).toEqual({
      [GLOBEX]: "partially_awarded",
      [NORTHWIND]: "partially_awarded",
      // Umbrella quoted line 3 only and won it: its whole quote is awarded.
      [UMBRELLA]: "awarded",
    });
    const rfq = await t.db.selectFrom("rfqs").selectAll().where("id", "=", b.rfqId).executeTakeFirstOrThrow();
    expect(rfq.award_justification).toBe(why);

    const mails = await mailsSince(outbox);
    expect(mails.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES, UMBRELLA_SALES]);
    const [, toGlobex, toNorthwind, toUmbrella] = mails;
    expect(toUmbrella.subject).toMatch(/^Your quote was awarded: Bearings, mixed split/);
    expect(toUmbrella.text_body).toContain("every line you quoted");
    expect(toUmbrella.text_body).toContain("Line 3: Bearing grease, 20 kg");
    expect(toGlobex.subject).toMatch(/^Your quote was partially awarded/);
    expect(toNorthwind.subject).toMatch(/^Your quote was partially awarded/);

    // No competitor's name, price or total, and no hint of how many bid; nor the buyer's reasoning.
    const text = (m: (typeof mails)[number]) => [m.subject, m.text_body, m.html_body ?? ""].join("\n");
    const secrets: Record<string, string[]> = {
      [GLOBEX_SALES]: [NORTHWIND, "Northwind", UMBRELLA, "Umbrella", "30.00", "1200", "1,200", "4.60", "92.00"],
      [NORTHWIND_SALES]: [GLOBEX, "Globex", UMBRELLA, "Umbrella", "1.25", "625", "4.60", "92.00", "577"],
      [NORTHWIND_ACCOUNTS]: [GLOBEX, "Globex", UMBRELLA, "Umbrella", "1.25", "625", "4.60", "92.00", "577"],
      [UMBRELLA_SALES]: [NORTHWIND, "Northwind", GLOBEX, "Globex", "1.20", "4.90", "98.00", "90.50", "30.00"],
    };
    for (const mail of mails) {
      for (const secret of [...secrets[mail.to_address], "local stock", "three", "3 suppliers", "bidders"])
        expect(text(mail)).not.toContain(secret);
      expect(JSON.parse(JSON.stringify(mail.attachments))).toEqual([]);
    }

    // As the suppliers receive them: over SMTP, each to its own address only, the same words.
    const received = await deliverOverSmtp(mails.map((m) => m.id));
    expect(received.map((r) => r.rcptTo)).toEqual([
      [NORTHWIND_ACCOUNTS],
      [GLOBEX_SALES],
      [NORTHWIND_SALES],
      [UMBRELLA_SALES],
    ]);
    for (const r of received) {
      const address = r.rcptTo[0];
      expect(r.mail.subject).toBe(mails.find((m) => m.to_address === address)?.subject);
      const body = [r.mail.subject, r.mail.text, r.mail.html || ""].join("\n");
      for (const secret of [...secrets[address], "local stock"]) expect(body).not.toContain(secret);
    }
    expect(received[3].mail.text).toContain("Line 3: Bearing grease, 20 kg");
  });

  it("refuses a line given to a supplier that did not quote it, and a line the RFQ does not have", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, bad splits");
    const before = await footprint(b.rfqId);
    expect(await formErrors(awardAs(BUYER, b, byLine(b, [UMBRELLA, NORTHWIND, GLOBEX]), "Because"))).toEqual({
      "lines.0.supplierOrgId": msgWith("{{supplier}} did not quote line {{line}}; choose a supplier that did.", {
        supplier: UMBRELLA,
        line: 1,
      }),
    });
    const twoLines: AwardInput["choice"] = {
      mode: "lines",
      lines: [
        { rfqLineId: b.lineIds[0], supplierOrgId: org(GLOBEX) },
        { rfqLineId: b.lineIds[2], supplierOrgId: org(GLOBEX) },
      ],
    };
    // Also when only some lines are posted (the page shows one page of lines), each posted one is checked.
    const badOfTwo: AwardInput["choice"] = {
      mode: "lines",
      lines: [{ rfqLineId: b.lineIds[1], supplierOrgId: org(UMBRELLA) }],
    };
    expect(await formErrors(awardAs(BUYER, b, badOfTwo, "Because"))).toEqual({
      "lines.0.supplierOrgId": msgWith("{{supplier}} did not quote line {{line}}; choose a supplier that did.", {
        supplier: UMBRELLA,
        line: 2,
      }),
    });
    const foreignLine: AwardInput["choice"] = {
      mode: "lines",
      lines: [...twoLines.lines, { rfqLineId: crypto.randomUUID(), supplierOrgId: org(NORTHWIND) }],
    };
    expect((await formErrors(awardAs(BUYER, b, foreignLine))).form).toBe(
      "The lines of the form do not match this RFQ; reload the page and choose again.",
    );
    expect(await footprint(b.rfqId)).toEqual(before);
  });

  it("posted with only some lines (one page of them) gives every other line to its cheapest price", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, one line posted");
    // Line 2 to Northwind, its cheapest; lines 1 and 3 are not posted and go to Globex (577.19 and 90.50 EUR).
    const result = await awardAs(BUYER, b, {
      mode: "lines",
      lines: [{ rfqLineId: b.lineIds[1], supplierOrgId: org(NORTHWIND) }],
    });
    expect(result.justificationRequired).toBe(false);
    const pos = await posOf(b.rfqId);
    expect(pos.map((p) => [p.supplierName, p.total, p.lines.map((l) => l.rfq_line_id)])).toEqual([
      [GLOBEX, "723.00", [b.lineIds[0], b.lineIds[2]]],
      [NORTHWIND, "1200.00", [b.lineIds[1]]],
    ]);
    expect(await quoteStatuses(b.rfqId)).toEqual({
      [GLOBEX]: "partially_awarded",
      [NORTHWIND]: "partially_awarded",
      [UMBRELLA]: "not_awarded",
    });
    const [event] = (await auditOf(t.db, b.rfqId)).filter((e) => e.event === "AWARD");
    expect(event.data).toMatchObject({
      mode: "lines",
      justificationRequired: false,
      defaultedToCheapest: 2,
      lines: { [b.lineIds[0]]: org(GLOBEX), [b.lineIds[1]]: org(NORTHWIND), [b.lineIds[2]]: org(GLOBEX) },
    });

    // No line posted at all (a page of lines nobody quoted): every quoted line to its cheapest.
    const none = await closedRfqWithThreeQuotes("Bearings, no line posted");
    await awardAs(BUYER, none, { mode: "lines", lines: [] });
    expect((await posOf(none.rfqId)).map((p) => [p.supplierName, p.lines.map((l) => l.rfq_line_id)])).toEqual([
      [GLOBEX, [none.lineIds[0], none.lineIds[2]]],
      [NORTHWIND, [none.lineIds[1]]],
    ]);
  });

  it("posted with only some lines still needs a justification when a posted choice is not the cheapest", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, one dear line posted");
    const before = await footprint(b.rfqId);
    // Umbrella's 92.00 on line 3 is dearer than Globex's 90.50; lines 1 and 2 would go to their cheapest.
    const choice: AwardInput["choice"] = {
      mode: "lines",
      lines: [{ rfqLineId: b.lineIds[2], supplierOrgId: org(UMBRELLA) }],
    };
    expect(await formErrors(awardAs(BUYER, b, choice))).toEqual({
      justification: "Say why you award to a supplier that is not the cheapest.",
    });
    expect(await footprint(b.rfqId)).toEqual(before);

    const why = "Umbrella delivers the grease from local stock.";
    const result = await awardAs(BUYER, b, choice, why);
    expect(result.justificationRequired).toBe(true);
    expect((await posOf(b.rfqId)).map((p) => [p.supplierName, p.lines.map((l) => l.rfq_line_id)])).toEqual([
      [GLOBEX, [b.lineIds[0]]],
      [NORTHWIND, [b.lineIds[1]]],
      [UMBRELLA, [b.lineIds[2]]],
    ]);
    const rfq = await t.db.selectFrom("rfqs").selectAll().where("id", "=", b.rfqId).executeTakeFirstOrThrow();
    expect(rfq.award_justification).toBe(why);
  });

  it("needs a justification when a line not posted has no price at a known rate to call the cheapest", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, default without a rate");
    // Line 3 quoted by Umbrella alone, in a currency finance has no rate for: no price on it can be compared.
    await t.db
      .updateTable("quote_lines")
      .set({ no_bid: true, unit_price: null, line_total: null })
      .where("rfq_line_id", "=", b.lineIds[2])
      .where("revision_id", "in", (eb) =>
        eb
          .selectFrom("quote_revisions")
          .innerJoin("quotes", "quotes.id", "quote_revisions.quote_id")
          .where("quotes.supplier_org_id", "in", [org(NORTHWIND), org(GLOBEX)])
          .select("quote_revisions.id"),
      )
      .execute();
    const umbrellaQuote = t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", b.rfqId)
      .where("supplier_org_id", "=", org(UMBRELLA))
      .select("id");
    await t.db.updateTable("quotes").set({ currency: "JPY" }).where("id", "in", umbrellaQuote).execute();
    await t.db.updateTable("quote_revisions").set({ currency: "JPY" }).where("quote_id", "in", umbrellaQuote).execute();
    const before = await footprint(b.rfqId);
    // Lines 1 and 2 to their cheapest; line 3 can only go to Umbrella, whose price cannot be compared.
    const choice: AwardInput["choice"] = {
      mode: "lines",
      lines: [
        { rfqLineId: b.lineIds[0], supplierOrgId: org(GLOBEX) },
        { rfqLineId: b.lineIds[1], supplierOrgId: org(NORTHWIND) },
      ],
    };
    expect(await formErrors(awardAs(BUYER, b, choice))).toEqual({
      justification: "Say why you award to a supplier that is not the cheapest.",
    });
    expect(await footprint(b.rfqId)).toEqual(before);
    await awardAs(BUYER, b, choice, "Umbrella is the only one offering grease.");
    expect((await posOf(b.rfqId)).map((p) => [p.supplierName, p.lines.map((l) => l.rfq_line_id)])).toEqual([
      [GLOBEX, [b.lineIds[0]]],
      [NORTHWIND, [b.lineIds[1]]],
      [UMBRELLA, [b.lineIds[2]]],
    ]);
  });

  it("refuses a second award, split or whole, and keeps the first one's POs", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, awarded twice");
    await awardAs(BUYER, b, byLine(b, [GLOBEX, NORTHWIND, GLOBEX]));
    const after = await footprint(b.rfqId);
    await expect(awardAs(BUYER, b, byLine(b, [NORTHWIND, NORTHWIND, NORTHWIND]))).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    const fresh = { ...b, version: after.rfq.version };
    const again = awardAs(BUYER, fresh, { mode: "whole", supplierOrgId: org(NORTHWIND) });
    await expect(again).rejects.toBeInstanceOf(TransitionRefusedError);
    await expect(again).rejects.toThrow("This RFQ has already been awarded.");
    expect(await footprint(b.rfqId)).toEqual(after);
  });

  it(`lets exactly one of two simultaneous split awards through, run ${concurrently}`, async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, race");
    const splits = [byLine(b, [GLOBEX, NORTHWIND, GLOBEX]), byLine(b, [NORTHWIND, GLOBEX, UMBRELLA])];
    const run = (choice: AwardInput["choice"]) => awardAs(BUYER, b, choice, "Chosen in the race test.");
    let results: PromiseSettledResult<Awaited<ReturnType<typeof run>>>[];
    if (onPostgres) {
      results = await Promise.allSettled(splits.map(run));
    } else {
      results = [];
      for (const choice of splits) results.push(...(await Promise.allSettled([run(choice)])));
    }
    const fulfilled = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const rejected = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(StaleVersionError);

    const pos = await posOf(b.rfqId);
    expect(pos.map((p) => p.id).sort()).toEqual(fulfilled[0].purchaseOrders.map((p) => p.id).sort());
    // Whichever won, its own allocation and no other: 2 POs for the first split, 3 for the second.
    const winner = results[0].status === "fulfilled" ? 0 : 1;
    expect(pos).toHaveLength(winner === 0 ? 2 : 3);
    const lines = pos.flatMap((p) => p.lines.map((l) => [l.rfq_line_id, p.supplier_org_id]));
    const expected = splits[winner].mode === "lines" ? splits[winner].lines : [];
    expect(Object.fromEntries(lines)).toEqual(Object.fromEntries(expected.map((l) => [l.rfqLineId, l.supplierOrgId])));
    expect(lines).toHaveLength(3);
    expect((await auditOf(t.db, b.rfqId)).filter((e) => e.event === "AWARD")).toHaveLength(1);
  });
});

// ---- who may award --------------------------------------------------------------

describe("who may award", () => {
  it.each([
    ["finance of the same organisation", FINANCE, 403],
    ["an invited supplier", NORTHWIND_SALES, 403],
    ["a buyer of another organisation", INITECH_BUYER, 404],
  ])("refuses %s and changes nothing", async (_who, email, status) => {
    const b = await closedRfqWithThreeQuotes(`Bearings, award by ${email}`);
    const before = await footprint(b.rfqId);
    const refused = await responseOf(awardAs(email, b, byLine(b, [GLOBEX, NORTHWIND, GLOBEX])));
    expect(refused.status).toBe(status);
    expect(await footprint(b.rfqId)).toEqual(before);
    const whole = await responseOf(
      awardRfq(demo.as(email, b.at), {
        rfqId: b.rfqId,
        version: b.version,
        supplierOrgId: org(NORTHWIND),
      }),
    );
    expect(whole.status).toBe(status);
    expect(await footprint(b.rfqId)).toEqual(before);
  });
});

// ---- the RFQ page ----------------------------------------------------------------

describe("the RFQ page after an award", () => {
  it("shows the buyer the justification and the award's POs, and a supplier neither", async () => {
    const b = await closedRfqWithThreeQuotes("Bearings, page");
    const why = "Umbrella delivers the grease from local stock within two days.";
    const result = await awardAs(BUYER, b, byLine(b, [GLOBEX, NORTHWIND, UMBRELLA]), why);

    const page = await getRfqPage(demo.as(BUYER, b.at), { id: b.rfqId });
    const summary = await getAwardSummary(demo.as(BUYER), { rfq: page.rfq });
    expect(summary?.justification).toBe(why);
    expect(summary?.purchaseOrders.map((p) => p.id).sort()).toEqual(result.purchaseOrders.map((p) => p.id).sort());
    expect(summary?.purchaseOrders.map((p) => [p.supplierName, p.status, p.currency, p.total])).toEqual([
      [GLOBEX, "draft", "USD", "625.00"],
      [NORTHWIND, "draft", "EUR", "1200.00"],
      [UMBRELLA, "draft", "EUR", "92.00"],
    ]);

    for (const email of [NORTHWIND_SALES, GLOBEX_SALES]) {
      const supplierPage = await getRfqPage(demo.as(email, b.at), { id: b.rfqId });
      expect(JSON.stringify(supplierPage)).not.toContain("local stock");
      expect(await getAwardSummary(demo.as(email), { rfq: supplierPage.rfq })).toBeNull();
    }
  });
});

async function ref(b: Bidding): Promise<string> {
  return (await t.db.selectFrom("rfqs").where("id", "=", b.rfqId).select("reference").executeTakeFirstOrThrow())
    .reference;
}
