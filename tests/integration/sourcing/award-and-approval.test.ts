/**
 * From a closed RFQ to an acknowledged purchase order, on the demo data:
 * the award makes exactly one draft PO from the winning quote revision and
 * tells each bidder only its own result; PO numbers never repeat; approval
 * follows the organisation's thresholds with separation of duties; the
 * issued PO reaches the supplier by mail with its PDF; only that supplier
 * can acknowledge it.
 */
import { poVersion } from "../../factories/purchasing";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Decimal from "decimal.js";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { awardRfq } from "../../factories/award";
import { acknowledgePo } from "../../../app/models/ordering/supplier-answers.server";
import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { nextPoNumber } from "../../../app/models/ordering/purchase-order.server";
import { renderMailAttachment } from "../../../app/models/ordering/document.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import type { RfqFormInput } from "../../../app/models/sourcing/rfq.schema";
import type { PurchaseOrder } from "../../../db/schema";
import { deliverPendingMail } from "../../../emails/outbox.server";
import { createMailTransport, type MailTransport } from "../../../emails/transport.server";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  NORTHWIND_ACCOUNTS,
  ACME,
  auditOf,
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { TestSmtpServer } from "../../factories/smtp-server";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";
import { instantToZonedLocal } from "../../../app/utils/time";

const GLOVES = "Safety gloves, Q1 supply";
const MINUTE = 60_000;
const FROM = "Quotient <no-reply@quotient.test>";

/** Concurrency needs several connections; PGlite has one, so there the same steps run one after another. */
const onPostgres = await postgresReachable();
const concurrently = onPostgres ? "concurrently" : "one after another (pglite: a single connection, so sequential)";

let t: TestDb;
let demo: Demo;
let dir: string;

beforeAll(async () => {
  t = await createTestDb("award_approval", { max: 24 });
  expect(t.kind).toBe(onPostgres ? "postgres" : "pglite");
  demo = await seededDemo(t.db);
  dir = mkdtempSync(path.join(tmpdir(), "quotient-award-"));
});

afterAll(async () => {
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---- helpers ----------------------------------------------------------------

function poRow(id: string): Promise<PurchaseOrder> {
  return t.db.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function posOf(rfqId: string) {
  return t.db.selectFrom("purchase_orders").selectAll().where("rfq_id", "=", rfqId).execute();
}

async function outboxIds(): Promise<Set<string>> {
  return new Set((await t.db.selectFrom("email_outbox").select("id").execute()).map((r) => r.id));
}

async function outboxSince(before: Set<string>) {
  const rows = await t.db.selectFrom("email_outbox").selectAll().orderBy("to_address").execute();
  return rows.filter((r) => !before.has(r.id));
}

/** Everything a refused change must leave as it was. */
async function poFootprint(id: string) {
  const [po, approvals, audit, outbox] = await Promise.all([
    poRow(id),
    t.db.selectFrom("approvals").selectAll().where("po_id", "=", id).orderBy("created_at").execute(),
    auditOf(t.db, id),
    t.db.selectFrom("email_outbox").select("id").execute(),
  ]);
  return { po, approvals, audit, outboxCount: outbox.length };
}

/** Quotes, prices and awards a fresh RFQ of Acme's through the domain functions; returns the draft PO. */
async function awardedPo(options: {
  title: string;
  lines: RfqFormInput["lines"];
  prices: { northwind: string[]; globex: string[] };
  winner: string;
}): Promise<{ rfqId: string; poId: string; poNumber: string; at: Date }> {
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const rfqId = await publishedRfq(
    demo,
    {
      title: options.title,
      lines: options.lines,
      deadlineAt: deadline,
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    createdAt,
  );
  const quotedAt = new Date(createdAt.getTime() + MINUTE);
  await submitQuote(demo.as(NORTHWIND_SALES, quotedAt), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, options.prices.northwind)),
  });
  await submitQuote(demo.as(GLOBEX_SALES, quotedAt), {
    rfqId,
    ...(await quoteInput(t.db, rfqId, options.prices.globex)),
  });
  const at = new Date(deadline.getTime() + 1_000);
  expect(await closeDueRfqs(t.db, at)).toContain(rfqId);
  const { version } = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
  const po = await awardRfq(demo.as(BUYER, at), { rfqId, supplierOrgId: demo.orgId(options.winner), version });
  return { rfqId, ...po, at };
}

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

// ---- award --------------------------------------------------------------------

describe("awarding the safety gloves to Globex", () => {
  let glovesPoId: string;
  let outboxBeforeAward: Set<string>;

  it("makes exactly one draft PO with Globex's lines and prices", async () => {
    expect(await closeDueRfqs(t.db, new Date())).toContain((await demo.rfq(GLOVES)).id);
    const gloves = await demo.rfq(GLOVES);
    expect(gloves.status).toBe("closed");

    const at = new Date();
    const year = at.getUTCFullYear();
    const earlier = await t.db
      .selectFrom("purchase_orders")
      .where("buyer_org_id", "=", demo.orgId(ACME))
      .where("number", "like", `PO-${year}-%`)
      .select("id")
      .execute();
    outboxBeforeAward = await outboxIds();

    const buyer = demo.actor(BUYER);
    const globexOrg = demo.orgId(GLOBEX);
    const award = await awardRfq(demo.as(BUYER, at), {
      rfqId: gloves.id,
      supplierOrgId: globexOrg,
      version: gloves.version,
    });
    glovesPoId = award.poId;
    expect(award.poNumber).toMatch(/^PO-\d{4}-\d{6}$/);
    expect(award.poNumber).toBe(`PO-${year}-${String(earlier.length + 1).padStart(6, "0")}`);

    const pos = await posOf(gloves.id);
    expect(pos).toHaveLength(1);
    const [po] = pos;

    const quote = await t.db
      .selectFrom("quotes")
      .selectAll()
      .where("rfq_id", "=", gloves.id)
      .where("supplier_org_id", "=", globexOrg)
      .executeTakeFirstOrThrow();
    const revision = await t.db
      .selectFrom("quote_revisions")
      .selectAll()
      .where("quote_id", "=", quote.id)
      .where("revision", "=", quote.current_revision)
      .executeTakeFirstOrThrow();
    expect(po).toMatchObject({
      id: award.poId,
      number: award.poNumber,
      status: "draft",
      buyer_org_id: demo.orgId(ACME),
      supplier_org_id: globexOrg,
      rfq_id: gloves.id,
      quote_revision_id: revision.id,
      currency: "EUR",
      created_by: buyer.userId,
      delivery_address: gloves.delivery_address,
    });
    // Due when the quote's lead time says, counted from the award in the RFQ's zone (the gloves RFQ wants no date).
    expect(gloves.wanted_by).toBeNull();
    const awardedOn = instantToZonedLocal(at, gloves.deadline_time_zone).slice(0, 10);
    const due = new Date(`${awardedOn}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + revision.lead_time_days);
    expect(po.delivery_date).toBe(due.toISOString().slice(0, 10));

    const quoted = await t.db
      .selectFrom("quote_lines")
      .innerJoin("rfq_lines", "rfq_lines.id", "quote_lines.rfq_line_id")
      .where("quote_lines.revision_id", "=", revision.id)
      .select([
        "rfq_lines.id",
        "rfq_lines.position",
        "rfq_lines.item_name",
        "rfq_lines.specification",
        "rfq_lines.quantity",
        "rfq_lines.unit",
        "quote_lines.unit_price",
        "quote_lines.line_total",
      ])
      .orderBy("rfq_lines.position")
      .execute();
    const lines = await t.db
      .selectFrom("purchase_order_lines")
      .selectAll()
      .where("po_id", "=", po.id)
      .orderBy("position")
      .execute();
    expect(
      lines.map((l) => ({
        rfqLine: l.rfq_line_id,
        item: l.item_name,
        spec: l.specification,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unit_price,
        total: l.line_total,
      })),
    ).toEqual(
      quoted.map((q) => ({
        rfqLine: q.id,
        item: q.item_name,
        spec: q.specification,
        quantity: q.quantity,
        unit: q.unit,
        unitPrice: q.unit_price,
        total: q.line_total,
      })),
    );
    // The seed's Globex prices, 600 × 3.95 and 120 × 8.40, worked out here in decimals.
    const expected = Decimal.sum(new Decimal("600").times("3.95"), new Decimal("120").times("8.40")).toFixed(2);
    expect(lines.map((l) => new Decimal(l.unit_price).toFixed(2))).toEqual(["3.95", "8.40"]);
    expect(po.subtotal).toBe(expected);
    expect(po.total).toBe("3378.00");
    expect(revision.subtotal).toBe(po.subtotal);

    const statuses = await t.db
      .selectFrom("quotes")
      .innerJoin("organisations", "organisations.id", "quotes.supplier_org_id")
      .where("quotes.rfq_id", "=", gloves.id)
      .select(["organisations.name", "quotes.status"])
      .orderBy("organisations.name")
      .execute();
    expect(statuses).toEqual([
      { name: GLOBEX, status: "awarded" },
      { name: NORTHWIND, status: "not_awarded" },
    ]);
    const rfq = await demo.rfq(GLOVES);
    expect(rfq.status).toBe("awarded");
    expect(rfq.awarded_at?.toISOString()).toBe(at.toISOString());
    expect((await auditOf(t.db, po.id)).map((e) => [e.event, e.to_state])).toEqual([["CREATE", "draft"]]);
  });

  it("tells each bidder its own result, never the competitor's name or prices", async () => {
    const mails = await outboxSince(outboxBeforeAward);
    expect(mails.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    const [, toGlobex, toNorthwind] = mails;
    expect(toGlobex.subject).toMatch(/^Your quote was awarded: Safety gloves, Q1 supply/);
    expect(toNorthwind.subject).toMatch(/^Result of Safety gloves, Q1 supply/);
    expect(toNorthwind.text_body).toContain("to another supplier");

    const text = (m: (typeof mails)[number]) => [m.subject, m.text_body, m.html_body ?? ""].join("\n");
    // Northwind quoted 4.20 / 7.90 (3468.00), Globex 3.95 / 8.40 (3378.00).
    for (const secret of [NORTHWIND, "Northwind", "4.20", "7.90", "3468", "3,468"])
      expect(text(toGlobex)).not.toContain(secret);
    for (const secret of [GLOBEX, "Globex", "3.95", "8.40", "3378", "3,378"])
      expect(text(toNorthwind)).not.toContain(secret);
    for (const mail of mails) expect(JSON.parse(JSON.stringify(mail.attachments))).toEqual([]);
  });

  it("refuses a second award, with the old version or a fresh one, and still has one PO", async () => {
    const gloves = await demo.rfq(GLOVES);
    const buyer = demo.actor(BUYER);
    const ability = demo.ability(BUYER);
    const outboxBefore = await outboxIds();
    const staleVersion = gloves.version - 1;

    const again = awardRfq(actingAs(t.db, buyer, new Date(), ability), {
      rfqId: gloves.id,
      supplierOrgId: demo.orgId(GLOBEX),
      version: staleVersion,
    });
    await expect(again).rejects.toBeInstanceOf(StaleVersionError);
    const fresh = awardRfq(actingAs(t.db, buyer, new Date(), ability), {
      rfqId: gloves.id,
      supplierOrgId: demo.orgId(NORTHWIND),
      version: gloves.version,
    });
    await expect(fresh).rejects.toBeInstanceOf(TransitionRefusedError);
    await expect(fresh).rejects.toThrow("This RFQ has already been awarded.");

    expect((await posOf(gloves.id)).map((p) => p.id)).toEqual([glovesPoId]);
    expect(await demo.rfq(GLOVES)).toEqual(gloves);
    expect(await outboxSince(outboxBefore)).toEqual([]);
  });

  it(`lets only one of two simultaneous awards through, run ${concurrently}`, async () => {
    const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE);
    const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Cable ties, race test",
        deadlineAt: deadline,
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      },
      createdAt,
    );
    for (const [email, price] of [
      [NORTHWIND_SALES, "0.031"],
      [GLOBEX_SALES, "0.029"],
    ] as const) {
      await submitQuote(demo.as(email, new Date(createdAt.getTime() + MINUTE)), {
        rfqId,
        ...(await quoteInput(t.db, rfqId, [price])),
      });
    }
    const at = new Date(deadline.getTime() + 1_000);
    await closeDueRfqs(t.db, at);
    const { version, status } = await t.db
      .selectFrom("rfqs")
      .where("id", "=", rfqId)
      .select(["version", "status"])
      .executeTakeFirstOrThrow();
    expect(status).toBe("closed");

    // Both give a reason, so the dearer choice is not refused for lacking one: the only refusal left is the race.
    const award = (winner: string) =>
      awardRfq(demo.as(BUYER, at), {
        rfqId,
        supplierOrgId: demo.orgId(winner),
        version,
        justification: "Either will do for the race",
      });
    let results: PromiseSettledResult<{ poId: string }>[];
    if (onPostgres) {
      results = await Promise.allSettled([award(GLOBEX), award(NORTHWIND)]);
    } else {
      results = [];
      for (const winner of [GLOBEX, NORTHWIND]) results.push(...(await Promise.allSettled([award(winner)])));
    }

    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(StaleVersionError);

    const pos = await posOf(rfqId);
    expect(pos).toHaveLength(1);
    expect(pos[0].id).toBe(fulfilled[0].status === "fulfilled" ? fulfilled[0].value.poId : null);
    const quotes = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .select(["supplier_org_id", "status"])
      .execute();
    expect(quotes.filter((q) => q.status === "awarded").map((q) => q.supplier_org_id)).toEqual([
      pos[0].supplier_org_id,
    ]);
    expect(quotes.filter((q) => q.status === "not_awarded")).toHaveLength(1);
    const awards = (await auditOf(t.db, rfqId)).filter((e) => e.event === "AWARD");
    expect(awards).toHaveLength(1);
  });
});

// ---- numbering ----------------------------------------------------------------

describe("PO numbers", () => {
  it(`hands out 20 distinct consecutive numbers to 20 transactions run ${concurrently}`, async () => {
    const orgId = demo.orgId(INITECH);
    const year = 2099;
    const take = () => t.db.transaction().execute((trx) => nextPoNumber(trx, orgId, year));
    let numbers: string[];
    if (onPostgres) {
      numbers = await Promise.all(Array.from({ length: 20 }, take));
    } else {
      numbers = [];
      for (let i = 0; i < 20; i++) numbers.push(await take());
    }
    expect(new Set(numbers).size).toBe(20);
    expect([...numbers].sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `PO-2099-${String(i + 1).padStart(6, "0")}`),
    );

    // Another organisation and another year count on their own.
    const acme = await t.db.transaction().execute((trx) => nextPoNumber(trx, demo.orgId(ACME), year));
    expect(acme).toBe("PO-2099-000001");
    const initechNextYear = await t.db.transaction().execute((trx) => nextPoNumber(trx, orgId, 2100));
    expect(initechNextYear).toBe("PO-2100-000001");
  });

  it("skips a number whose transaction rolled back, and never hands it out again", async () => {
    const orgId = demo.orgId(INITECH);
    const rolledBack = t.db.transaction().execute(async (trx) => {
      await nextPoNumber(trx, orgId, 2099);
      throw new Error("the PO insert failed");
    });
    await expect(rolledBack).rejects.toThrow("the PO insert failed");
    expect(await t.db.transaction().execute((trx) => nextPoNumber(trx, orgId, 2099))).toBe("PO-2099-000021");
  });
});

// ---- approval -----------------------------------------------------------------

describe("approving purchase orders", () => {
  let glovesPo: PurchaseOrder;
  let bigPo: { poId: string; poNumber: string; at: Date };

  it("sends a PO above the first threshold to finance for approval", async () => {
    const gloves = await demo.rfq(GLOVES);
    [glovesPo] = await posOf(gloves.id);
    expect(glovesPo.status).toBe("draft");
    const policy = await t.db
      .selectFrom("approval_policies")
      .selectAll()
      .where("org_id", "=", demo.orgId(ACME))
      .executeTakeFirstOrThrow();
    expect(new Decimal(glovesPo.total).gte(policy.threshold_one)).toBe(true);
    expect(new Decimal(glovesPo.total).lt(policy.threshold_two)).toBe(true);
    const outboxBefore = await outboxIds();

    const at = new Date();
    const result = await submitPo(demo.as(BUYER, at), { id: glovesPo.id, version: glovesPo.version });
    expect(result).toMatchObject({ from: "draft", to: "pending_approval" });

    const po = await poRow(glovesPo.id);
    expect(po).toMatchObject({ status: "pending_approval", required_approvals: 1, version: glovesPo.version + 1 });
    expect(po.submitted_at?.toISOString()).toBe(at.toISOString());
    expect(po.issued_at).toBeNull();
    // Finance is asked, the buyer who raised it is not.
    const mails = await outboxSince(outboxBefore);
    expect(mails.map((m) => m.to_address)).toEqual([CONTROLLER, FINANCE]);
    for (const mail of mails) expect(mail.text_body).toContain(glovesPo.number);
  });

  it("refuses the approval of the person who created the PO (separation of duties) and writes nothing", async () => {
    const before = await poFootprint(glovesPo.id);
    const attempt = approvePo(demo.as(BUYER, new Date()), {
      id: glovesPo.id,
      version: await poVersion(t.db, glovesPo.id),
    });
    await expect(attempt).rejects.toBeInstanceOf(TransitionRefusedError);
    await expect(attempt).rejects.toThrow(
      "You created this purchase order, so you cannot approve it (separation of duties).",
    );
    expect(await poFootprint(glovesPo.id)).toEqual(before);
  });

  it("issues the PO on finance's approval when one approval is required, mailing the supplier its PDF", async () => {
    const outboxBefore = await outboxIds();
    const finance = demo.actor(FINANCE);
    const at = new Date();
    const result = await approvePo(actingAs(t.db, finance, at, demo.ability(FINANCE)), {
      id: glovesPo.id,
      version: await poVersion(t.db, glovesPo.id),
    });
    expect(result).toMatchObject({ from: "pending_approval", to: "approved" });

    const po = await poRow(glovesPo.id);
    expect(po.status).toBe("issued");
    expect(po.issued_at?.toISOString()).toBe(at.toISOString());
    const approvals = await t.db.selectFrom("approvals").selectAll().where("po_id", "=", po.id).execute();
    expect(approvals.map((a) => [a.approver_id, a.decision])).toEqual([[finance.userId, "approved"]]);
    const trail = (await auditOf(t.db, po.id)).map((e) => [e.event, e.from_state, e.to_state, e.actor_id]);
    expect(trail.slice(-2)).toEqual([
      ["APPROVE", "pending_approval", "approved", finance.userId],
      ["ISSUE", "approved", "issued", finance.userId],
    ]);

    const mails = await outboxSince(outboxBefore);
    expect(mails.map((m) => m.to_address).sort()).toEqual([BUYER, GLOBEX_SALES].sort());
    const toSupplier = mails.filter((m) => m.to_address === GLOBEX_SALES);
    expect(toSupplier[0].subject).toBe(`Purchase order ${po.number} from ${ACME}`);
    expect(toSupplier[0].attachments).toEqual([{ kind: "purchase_order_pdf", poId: po.id }]);
    // Whoever raised it hears that it was approved, and so went out, with no PDF of its own.
    const toBuyer = mails.filter((m) => m.to_address !== GLOBEX_SALES);
    expect(toBuyer[0].subject).toBe(`Approved and issued: ${po.number}`);
    expect(toBuyer[0].attachments).toEqual([]);
  });

  it("approves and issues a PO below the first threshold on submission, without anyone approving", async () => {
    const small = await awardedPo({
      title: "Cable glands, small order",
      lines: [{ itemName: "Cable gland M20", specification: "IP68, polyamide", quantity: "100", unit: "pcs" }],
      prices: { northwind: ["2.50"], globex: ["2.75"] },
      winner: NORTHWIND,
    });
    const draft = await poRow(small.poId);
    expect(draft.total).toBe("250.00");
    const outboxBefore = await outboxIds();

    const result = await submitPo(demo.as(BUYER, small.at), { id: small.poId, version: draft.version });
    expect(result).toMatchObject({ from: "draft", to: "approved" });
    const po = await poRow(small.poId);
    expect(po).toMatchObject({ status: "issued", required_approvals: 0 });
    expect((await auditOf(t.db, po.id)).map((e) => [e.event, e.from_state, e.to_state])).toEqual([
      ["CREATE", null, "draft"],
      ["SUBMIT", "draft", "approved"],
      ["ISSUE", "approved", "issued"],
    ]);
    expect(await t.db.selectFrom("approvals").where("po_id", "=", po.id).select("id").execute()).toEqual([]);
    expect((await outboxSince(outboxBefore)).map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
  });

  it("needs two distinct approvers above the second threshold", async () => {
    bigPo = await awardedPo({
      title: "Steel profiles, annual volume",
      lines: [
        { itemName: "C-profile 40x20x2 mm", specification: "S235JR, 6 m lengths", quantity: "10000", unit: "m" },
        { itemName: "Profile end cap", specification: "PE, black", quantity: "2000", unit: "pcs" },
      ],
      prices: { northwind: ["3.10", "0.50"], globex: ["3.25", "0.45"] },
      winner: NORTHWIND,
    });
    const draft = await poRow(bigPo.poId);
    expect(draft.total).toBe(new Decimal("10000").times("3.10").plus(new Decimal("2000").times("0.50")).toFixed(2));
    expect(draft.total).toBe("32000.00");

    const buyer = demo.actor(BUYER);
    const finance = demo.actor(FINANCE);
    const controller = demo.actor(CONTROLLER);
    const submitted = await submitPo(actingAs(t.db, buyer, bigPo.at, demo.ability(BUYER)), {
      id: bigPo.poId,
      version: draft.version,
    });
    expect(submitted.to).toBe("pending_approval");
    expect(await poRow(bigPo.poId)).toMatchObject({ status: "pending_approval", required_approvals: 2 });

    const first = await approvePo(actingAs(t.db, finance, bigPo.at, demo.ability(FINANCE)), {
      id: bigPo.poId,
      version: await poVersion(t.db, bigPo.poId),
    });
    expect(first).toMatchObject({ from: "pending_approval", to: "pending_approval" });
    expect((await poRow(bigPo.poId)).status).toBe("pending_approval");

    const before = await poFootprint(bigPo.poId);
    const twice = approvePo(actingAs(t.db, finance, bigPo.at, demo.ability(FINANCE)), {
      id: bigPo.poId,
      version: await poVersion(t.db, bigPo.poId),
    });
    await expect(twice).rejects.toBeInstanceOf(TransitionRefusedError);
    await expect(twice).rejects.toThrow("You have already approved this purchase order.");
    await expect(
      approvePo(actingAs(t.db, buyer, bigPo.at, demo.ability(BUYER)), {
        id: bigPo.poId,
        version: await poVersion(t.db, bigPo.poId),
      }),
    ).rejects.toThrow(/separation of duties/);
    expect(await poFootprint(bigPo.poId)).toEqual(before);

    const second = await approvePo(actingAs(t.db, controller, bigPo.at, demo.ability(CONTROLLER)), {
      id: bigPo.poId,
      version: await poVersion(t.db, bigPo.poId),
    });
    expect(second).toMatchObject({ from: "pending_approval", to: "approved" });
    const po = await poRow(bigPo.poId);
    expect(po.status).toBe("issued");
    const approvers = await t.db
      .selectFrom("approvals")
      .where("po_id", "=", po.id)
      .select("approver_id")
      .orderBy("created_at")
      .execute();
    expect(approvers.map((a) => a.approver_id)).toEqual([finance.userId, controller.userId]);

    const issuedMail = await t.db
      .selectFrom("email_outbox")
      .selectAll()
      .where("subject", "=", `Purchase order ${po.number} from ${ACME}`)
      .execute();
    expect(issuedMail.map((m) => [m.to_address, m.attachments])).toEqual([
      [NORTHWIND_ACCOUNTS, [{ kind: "purchase_order_pdf", poId: po.id }]],
      [NORTHWIND_SALES, [{ kind: "purchase_order_pdf", poId: po.id }]],
    ]);
  });

  it("delivers the issued POs over SMTP, each PDF naming its number, both parties and the total, in the recipient's zone", async () => {
    // Globex's salesperson reads times in Auckland, where the day is often UTC's next; Northwind's in Honolulu.
    const zonesBefore = await t.db
      .selectFrom("users")
      .where("email", "in", [GLOBEX_SALES, NORTHWIND_SALES])
      .select(["email", "time_zone"])
      .execute();
    await t.db.updateTable("users").set({ time_zone: "Pacific/Auckland" }).where("email", "=", GLOBEX_SALES).execute();
    await t.db
      .updateTable("users")
      .set({ time_zone: "Pacific/Honolulu" })
      .where("email", "=", NORTHWIND_SALES)
      .execute();
    const orders = [
      {
        number: glovesPo.number,
        supplier: GLOBEX,
        to: GLOBEX_SALES,
        total: "3,378.00",
        other: NORTHWIND,
        approvers: ["Farid Nasser"],
        zone: "Pacific/Auckland",
      },
      // Both approvers of the large order are on its PDF.
      {
        number: bigPo.poNumber,
        supplier: NORTHWIND,
        to: NORTHWIND_SALES,
        total: "32,000.00",
        other: GLOBEX,
        approvers: ["Farid Nasser", "Carla Jensen"],
        zone: "Pacific/Honolulu",
      },
    ].map((o) => ({ ...o, subject: `Purchase order ${o.number} from ${ACME}` }));
    const targets = await t.db
      .selectFrom("email_outbox")
      .where(
        "subject",
        "in",
        orders.map((o) => o.subject),
      )
      // One recipient per order is enough to read the PDF; Northwind's colleague gets the same mail.
      .where(
        "to_address",
        "in",
        orders.map((o) => o.to),
      )
      .where("status", "=", "pending")
      .select("id")
      .execute();
    expect(targets).toHaveLength(2);
    // The rest of the demo's mail waits: the test server greets each connection after 0.1 s.
    await t.db
      .updateTable("email_outbox")
      .set({ next_attempt_at: new Date(Date.now() + 24 * 60 * MINUTE) })
      .where("status", "=", "pending")
      .where(
        "id",
        "not in",
        targets.map((r) => r.id),
      )
      .execute();

    const smtp = new TestSmtpServer();
    await smtp.start(0);
    let transport: MailTransport | undefined;
    try {
      transport = createMailTransport({ smtpUrl: smtp.url, mailDir: path.join(dir, "unused") });
      // As app/bootstrap.server.ts renders it at send time: for the one it is sent to.
      const renderAttachment = renderMailAttachment(t.db);
      const now = () => new Date(Date.now() + 1_000);
      expect(await deliverPendingMail({ db: t.db, transport, from: FROM, renderAttachment, now })).toEqual({
        sent: 2,
        retried: 0,
        failed: 0,
      });
    } finally {
      transport?.close();
      await smtp.stop();
    }
    expect(smtp.received).toHaveLength(2);

    for (const order of orders) {
      const received = smtp.received.filter((m) => m.rcptTo.includes(order.to));
      expect(received).toHaveLength(1);
      const mail = await simpleParser(received[0].raw);
      expect(mail.subject).toBe(order.subject);
      expect(received[0].rcptTo).toEqual([order.to]);
      expect(mail.text).toContain(`${order.total} EUR`);
      expect(mail.attachments).toHaveLength(1);
      const [attachment] = mail.attachments;
      expect(attachment.filename).toBe(`${order.number}.pdf`);
      expect(attachment.contentType).toBe("application/pdf");

      const text = pdfText(attachment.content, `${order.number}.pdf`);
      expect(text).toContain(`Purchase order ${order.number}`);
      expect(text).toContain(ACME);
      expect(text).toContain(order.supplier);
      expect(text).not.toContain(order.other);
      for (const name of order.approvers) expect(text).toContain(`Approved by ${name}`);
      // Each approval's time in the recipient's zone, named, as the PDF route shows it to them.
      const approvals = await t.db
        .selectFrom("approvals")
        .innerJoin("purchase_orders", "purchase_orders.id", "approvals.po_id")
        .where("purchase_orders.number", "=", order.number)
        .select("approvals.created_at")
        .execute();
      expect(approvals.length).toBe(order.approvers.length);
      for (const a of approvals) {
        const local = instantToZonedLocal(new Date(a.created_at), order.zone).replace("T", " ");
        expect(text).toContain(`${local} ${order.zone}`);
      }
      expect(text).not.toContain(" UTC");
      expect(text).toMatch(new RegExp(`Total\\s+EUR ${order.total.replace(/[.,]/g, "\\$&")}`));

      const row = await t.db
        .selectFrom("email_outbox")
        .selectAll()
        .where("subject", "=", order.subject)
        // Northwind's accounts colleague gets the same subject and waits; the row is the one delivered.
        .where("to_address", "=", order.to)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe("sent");
      expect(row.message_id).toBe(mail.messageId);
    }
    for (const u of zonesBefore)
      await t.db.updateTable("users").set({ time_zone: u.time_zone }).where("email", "=", u.email).execute();
  });

  it("lets only the PO's own supplier acknowledge it", async () => {
    const before = await poFootprint(bigPo.poId);
    const refused = await responseOf(
      acknowledgePo(demo.as(GLOBEX_SALES, new Date()), {
        id: bigPo.poId,
        version: before.po.version,
        promisedDate: null,
      }),
    );
    expect(refused.status).toBe(404);
    expect(refused.text).toBe("No such purchase order.");
    expect(await poFootprint(bigPo.poId)).toEqual(before);

    const northwind = demo.actor(NORTHWIND_SALES);
    const at = new Date();
    const result = await acknowledgePo(actingAs(t.db, northwind, at, demo.ability(NORTHWIND_SALES)), {
      id: bigPo.poId,
      version: before.po.version,
      promisedDate: "2030-03-31",
    });
    expect(result).toMatchObject({ from: "issued", to: "acknowledged", version: before.po.version + 1 });
    const po = await poRow(bigPo.poId);
    expect(po).toMatchObject({ status: "acknowledged", promised_date: "2030-03-31" });
    expect(po.acknowledged_at?.toISOString()).toBe(at.toISOString());
    const audit = await auditOf(t.db, bigPo.poId);
    expect(audit[audit.length - 1]).toMatchObject({
      event: "ACKNOWLEDGE",
      from_state: "issued",
      to_state: "acknowledged",
      actor_id: northwind.userId,
    });
  });
});
