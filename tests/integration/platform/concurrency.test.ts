/**
 * State changes raced against themselves on real Postgres: the same action
 * fired many times at once must leave the rows as if the calls had come one
 * after the other, and every call either succeeds or is refused cleanly
 * (never a 500, a unique violation or a deadlock escaping).
 *
 * Every state-changing action belongs here, each with the invariant its race
 * could break. On the embedded database (PGlite, one session, no real
 * locks) nothing runs in parallel: the same calls run one after another,
 * which still checks the outcome of each and the invariants, not the locks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attemptSignIn, type SignInOutcome } from "../../../app/auth/login.server";
import { hashPassword } from "../../../app/auth/password.server";
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  THROTTLE_WINDOW_MS,
  throttleMessage,
} from "../../../app/auth/sign-in-throttle.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { makeChangeOrder } from "../../../app/models/ordering/change-order.server";
import { acknowledgePo, cancelPo } from "../../../app/models/ordering/supplier-answers.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { award } from "../../../app/models/sourcing/award.server";
import { registerSupplier, RegistrationLinkError } from "../../../app/models/sourcing/registration.server";
import { closeRfq, publishRfq } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { FormError } from "../../../app/utils/errors";
import { isWorkflowError } from "../../../workflows/errors";
import { createPglite } from "../../../db/client.server";
import { migrateToLatest } from "../../../db/migrate.server";
import {
  auditOf,
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { acknowledged, draftPo, ONE_LINE, poLineIds, poRow, poVersion, submitted } from "../../factories/purchasing";
import { DEMO_PASSWORD } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;
/** Real Postgres: calls truly overlap. PGlite: one at a time (see the header). */
let parallel: boolean;

beforeAll(async () => {
  // Enough connections for the calls of one race to hold a transaction each.
  t = await createTestDb("concurrency", { max: 30 });
  parallel = t.url !== null;
  if (!parallel) console.info("[concurrency] embedded PGlite: the races below run sequentially");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

/** What the races below add up to, printed at the end for the figures. */
const figures = { actions: 0, tries: 0, succeeded: 0, refusedCleanly: 0, escaped: 0 };

afterAll(async () => {
  console.info(
    `[concurrency] ${figures.actions} actions raced, ${figures.tries} tries: ${figures.succeeded} succeeded, ` +
      `${figures.refusedCleanly} refused cleanly, ${figures.escaped} database or server errors escaped`,
  );
  await t?.destroy();
});

/** Starts every call at once (Postgres) or one after another (PGlite); settles them all. */
async function race<T>(calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  if (parallel) return Promise.allSettled(calls.map((call) => call()));
  const settled: PromiseSettledResult<T>[] = [];
  for (const call of calls) {
    settled.push(
      await call().then(
        (value) => ({ status: "fulfilled", value }) as const,
        (reason: unknown) => ({ status: "rejected", reason }) as const,
      ),
    );
  }
  return settled;
}

describe("submitting one supplier's quote many times at once", () => {
  it("numbers the revisions 1..k without gaps or duplicates and keeps the last received in force", async () => {
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Raced quote",
        deadlineAt: new Date(now.getTime() + 4 * HOUR),
        lines: [{ itemName: "Hex bolt M10", specification: "ISO 4017", quantity: "500", unit: "pcs" }],
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      },
      now,
    );
    const N = 12;
    // Each submission is received at its own instant, a second apart; they start in a
    // shuffled order so a later instant often reaches the database before an earlier one.
    const order = Array.from({ length: N }, (_, i) => (i * 7) % N);
    const received = (i: number) => new Date(now.getTime() + 10 * MINUTE + i * 1000);
    const inputs = await Promise.all(
      order.map(async (i) => ({
        i,
        input: { ...(await quoteInput(t.db, rfqId, [`${10 + i}.00`])), notes: `offer ${i}` },
      })),
    );
    const results = await race(
      inputs.map(
        ({ i, input }) =>
          () =>
            submitQuote(demo.as(NORTHWIND_SALES, received(i)), { rfqId, ...input }),
      ),
    );

    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    for (const reason of refused) {
      // A clean refusal: the form error the page shows, never a database error.
      expect(reason).toBeInstanceOf(FormError);
      expect((reason as FormError).fieldErrors.form).toMatch(/newer revision of your quote was received/);
    }
    const numbers = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.revision] : []));
    const k = numbers.length;
    expect(k).toBeGreaterThan(0);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, i) => i + 1));

    const quote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
      .select(["id", "current_revision", "status"])
      .executeTakeFirstOrThrow();
    expect(quote).toMatchObject({ current_revision: k, status: "submitted" });
    const revisions = await t.db
      .selectFrom("quote_revisions")
      .where("quote_id", "=", quote.id)
      .select(["revision", "received_at", "notes"])
      .orderBy("revision")
      .execute();
    expect(revisions.map((r) => r.revision)).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    // Revision numbers follow the instants received, and the one in force is the last of all.
    const instants = revisions.map((r) => new Date(r.received_at).getTime());
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    expect(instants[k - 1]).toBe(received(N - 1).getTime());
    expect(revisions[k - 1].notes).toBe(`offer ${N - 1}`);
    // Nothing half-written: each received revision has its line, and no refused one left any.
    const lines = await t.db
      .selectFrom("quote_lines")
      .innerJoin("quote_revisions", "quote_revisions.id", "quote_lines.revision_id")
      .where("quote_revisions.quote_id", "=", quote.id)
      .select("quote_lines.id")
      .execute();
    expect(lines).toHaveLength(k);
  });
});

/** How many attempts reached the password check: each one that did is recorded, and only those. */
async function attemptsRecorded(column: "email" | "address", value: string): Promise<number> {
  const rows = await t.db.selectFrom("sign_in_attempts").select("id").where(column, "=", value).execute();
  return rows.length;
}

function tally(results: PromiseSettledResult<SignInOutcome>[]) {
  const outcomes = results.map((r) => {
    if (r.status === "rejected") throw r.reason;
    return r.value;
  });
  return {
    checked: outcomes.filter((o) => o.outcome !== "throttled").length,
    throttled: outcomes.filter((o) => o.outcome === "throttled"),
  };
}

describe("signing in with wrong passwords many times at once", () => {
  it("checks at most the account's limit of 50 wrong passwords, refuses the rest, and then the right one too until the window passes", async () => {
    const address = "198.51.100.7";
    const at = new Date(now.getTime() + 5 * MINUTE);
    const results = await race(
      Array.from(
        { length: 50 },
        (_, i) => () => attemptSignIn(t.db, { email: BUYER, password: `wrong password ${i}`, address }, at),
      ),
    );
    const { checked, throttled } = tally(results);
    expect(checked).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(await attemptsRecorded("email", BUYER)).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(throttled).toHaveLength(50 - MAX_FAILURES_PER_ACCOUNT);
    for (const refusal of throttled) {
      if (refusal.outcome !== "throttled") continue;
      expect(throttleMessage(refusal.retryAfterSeconds)).toMatch(/^Too many failed sign-in attempts\. Please wait/);
      expect(refusal.retryAfterSeconds).toBe(THROTTLE_WINDOW_MS / 1000);
    }

    // The right password is refused as long as the failures are in the window…
    const right = { email: BUYER, password: DEMO_PASSWORD, address: "198.51.100.8" };
    expect(await attemptSignIn(t.db, right, new Date(at.getTime() + THROTTLE_WINDOW_MS - 1000))).toMatchObject({
      outcome: "throttled",
    });
    // …and accepted once they have left it.
    expect(await attemptSignIn(t.db, right, new Date(at.getTime() + THROTTLE_WINDOW_MS + 1000))).toEqual({
      outcome: "signed-in",
      userId: demo.actor(BUYER).userId,
    });
  });

  it("checks at most the address's limit of 60 wrong passwords for 60 accounts from one address", async () => {
    const address = "203.0.113.9";
    const at = new Date(now.getTime() + 6 * MINUTE);
    const results = await race(
      Array.from(
        { length: 60 },
        (_, i) => () =>
          attemptSignIn(t.db, { email: `someone${i}@guessing.test`, password: "not the password", address }, at),
      ),
    );
    const { checked, throttled } = tally(results);
    expect(checked).toBe(MAX_FAILURES_PER_ADDRESS);
    expect(await attemptsRecorded("address", address)).toBe(MAX_FAILURES_PER_ADDRESS);
    expect(throttled).toHaveLength(60 - MAX_FAILURES_PER_ADDRESS);
    // A real account's right password from that address waits too.
    expect(
      await attemptSignIn(
        t.db,
        { email: NORTHWIND_SALES, password: DEMO_PASSWORD, address },
        new Date(at.getTime() + MINUTE),
      ),
    ).toMatchObject({ outcome: "throttled" });
  });

  it("throttles the same way on the embedded database (one session, calls queued)", async () => {
    const embedded = await createPglite();
    try {
      await migrateToLatest(embedded.db);
      // One account is all the throttle needs; the whole demo would take most of the time on PGlite.
      const user = await embedded.db
        .insertInto("users")
        .values({ email: BUYER, name: "Buyer", password_hash: await hashPassword(DEMO_PASSWORD) })
        .returning("id")
        .executeTakeFirstOrThrow();
      const at = new Date(now.getTime() + 7 * MINUTE);
      const address = "192.0.2.10";
      // Fired at once, but PGlite runs one transaction at a time: the limit must hold and nothing may hang.
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          attemptSignIn(embedded.db, { email: BUYER, password: `wrong ${i}`, address }, at),
        ),
      );
      expect(outcomes.filter((o) => o.outcome === "mismatch")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
      expect(outcomes.filter((o) => o.outcome === "throttled")).toHaveLength(8 - MAX_FAILURES_PER_ACCOUNT);
      const later = new Date(at.getTime() + THROTTLE_WINDOW_MS + 1000);
      expect(await attemptSignIn(embedded.db, { email: BUYER, password: DEMO_PASSWORD, address }, later)).toEqual({
        outcome: "signed-in",
        userId: user.id,
      });
    } finally {
      await embedded.close();
    }
    // Starting an in-memory PGlite takes seconds, more on a busy machine.
  }, 90_000);
});

// ---- every other state-changing action, N times at once ------------------------------

const N = 8;

/** A refusal a person can act on (a form error, a workflow refusal, a 4xx answer); anything else escaped. */
function isCleanRefusal(reason: unknown): boolean {
  if (reason instanceof FormError || isWorkflowError(reason) || reason instanceof RegistrationLinkError) return true;
  return reason instanceof Response && reason.status >= 400 && reason.status < 500;
}

/**
 * Fires `call` N times at once; every refusal must be clean (never a unique
 * violation, a deadlock or a 500), and exactly `winners` calls succeed.
 */
async function raceOnce<T>(name: string, call: () => Promise<T>, winners = 1): Promise<T[]> {
  const results = await race(Array.from({ length: N }, () => call));
  const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  const escaped = refused.filter((reason) => !isCleanRefusal(reason));
  const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  figures.actions += 1;
  figures.tries += N;
  figures.succeeded += won.length;
  figures.refusedCleanly += refused.length - escaped.length;
  figures.escaped += escaped.length;
  expect(escaped.map(String), name).toEqual([]);
  expect(won, name).toHaveLength(winners);
  return won;
}

const eventsOf = async (id: string, event: string) => (await auditOf(t.db, id)).filter((e) => e.event === event);

describe("every state change raced against itself moves once", () => {
  it("publishing a draft RFQ: one transition to open", async () => {
    const draft = await createRfq(
      demo.as(BUYER, now),
      rfqInput({
        title: "Raced publish",
        deadlineAt: new Date(now.getTime() + 6 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
        intent: "save",
      }),
    );
    const { version } = await t.db
      .selectFrom("rfqs")
      .where("id", "=", draft.id)
      .select("version")
      .executeTakeFirstOrThrow();
    await raceOnce("publish", () => publishRfq(demo.as(BUYER, now), { id: draft.id, version }));
    const rfq = await t.db.selectFrom("rfqs").where("id", "=", draft.id).selectAll().executeTakeFirstOrThrow();
    expect(rfq.status).toBe("open");
    expect((await auditOf(t.db, draft.id)).filter((e) => e.to_state === "open")).toHaveLength(1);
  });

  it("closing an RFQ early and awarding it: one close, one award, one PO for the award", async () => {
    const start = new Date(now.getTime() + 20 * MINUTE);
    const rfqId = await publishedRfq(
      demo,
      { title: "Raced award", deadlineAt: new Date(start.getTime() + 2 * HOUR), supplierIds: [demo.orgId(NORTHWIND)] },
      start,
    );
    await submitQuote(demo.as(NORTHWIND_SALES, new Date(start.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["3.00"])),
    });
    const at = new Date(start.getTime() + 5 * MINUTE);
    const open = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
    await raceOnce("close RFQ", () => closeRfq(demo.as(BUYER, at), { id: rfqId, version: open.version }));
    // The scheduler closing what is already closed changes nothing.
    await closeDueRfqs(t.db, new Date(start.getTime() + 3 * HOUR));
    expect((await auditOf(t.db, rfqId)).filter((e) => e.to_state === "closed")).toHaveLength(1);

    const closed = await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
    await raceOnce("award", () =>
      award(demo.as(BUYER, new Date(at.getTime() + MINUTE)), {
        rfqId,
        version: closed.version,
        choice: { mode: "whole", supplierOrgId: demo.orgId(NORTHWIND) },
      }),
    );
    const pos = await t.db.selectFrom("purchase_orders").where("rfq_id", "=", rfqId).select("id").execute();
    expect(pos).toHaveLength(1);
    expect((await auditOf(t.db, rfqId)).filter((e) => e.to_state === "awarded")).toHaveLength(1);
  });

  it("submitting a PO, and both finance people approving a step at once: one approval per step", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    const draft = await poVersion(t.db, poId);
    await raceOnce("submit PO", () => submitPo(demo.as(BUYER), { id: poId, version: draft }));
    expect((await poRow(t.db, poId)).status).toBe("pending_approval");

    const pending = await poVersion(t.db, poId);
    // Finance and the controller, each four times, on the same version of a one-approver PO.
    const both = [FINANCE, CONTROLLER];
    let turn = 0;
    await raceOnce("approve PO", () => approvePo(demo.as(both[turn++ % 2]), { id: poId, version: pending }));
    const approvals = await t.db.selectFrom("approvals").where("po_id", "=", poId).select("id").execute();
    expect(approvals).toHaveLength(1);
    expect((await eventsOf(poId, "APPROVE")).length).toBe(1);
  });

  it("acknowledging, receiving one delivery, invoicing it: one each", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await submitted(demo, poId, [FINANCE]);
    const issued = await poVersion(t.db, poId);
    await raceOnce("acknowledge PO", () =>
      acknowledgePo(demo.as(NORTHWIND_SALES), { id: poId, version: issued, promisedDate: null }),
    );
    expect((await poRow(t.db, poId)).status).toBe("acknowledged");

    const [lineId] = await poLineIds(t.db, poId);
    const version = await poVersion(t.db, poId);
    await raceOnce("record receipt", () =>
      recordReceipt(demo.as(BUYER), {
        poId,
        version,
        receivedOn: "2026-11-20",
        deliveryNote: "DN-RACE-1",
        note: "",
        lines: [{ poLineId: lineId, quantity: "100" }],
      }),
    );
    const received = await t.db
      .selectFrom("receipt_lines")
      .innerJoin("receipts", "receipts.id", "receipt_lines.receipt_id")
      .where("receipts.po_id", "=", poId)
      .select("receipt_lines.quantity")
      .execute();
    expect(received.map((r) => Number(r.quantity))).toEqual([100]);

    await raceOnce("submit invoice", () =>
      submitInvoice(demo.as(NORTHWIND_SALES), {
        poId,
        invoiceNumber: "NW-RACE-1",
        issuedOn: "2026-11-22",
        dueOn: "",
        lines: [{ poLineId: lineId, quantity: "100", unitPrice: "20.00", taxRate: "0" }],
      }),
    );
    const invoices = await t.db.selectFrom("invoices").where("po_id", "=", poId).select("id").execute();
    expect(invoices).toHaveLength(1);
  });

  it("a change order and a cancellation: one new revision, one cancellation", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await acknowledged(demo, poId);
    const po = await poRow(t.db, poId);
    const [line] = await t.db.selectFrom("purchase_order_lines").where("po_id", "=", poId).selectAll().execute();
    await raceOnce("change order", () =>
      makeChangeOrder(demo.as(BUYER), {
        id: poId,
        version: po.version,
        reason: "Plan changed",
        deliveryDate: "2027-03-01",
        notes: "",
        lines: [{ kind: "keep", lineId: line.id, quantity: "120", unitPrice: line.unit_price, taxRate: line.tax_rate }],
      }),
    );
    expect((await poRow(t.db, poId)).revision).toBe(po.revision + 1);
    const revisions = await t.db
      .selectFrom("purchase_order_revisions")
      .where("po_id", "=", poId)
      .select("revision")
      .execute();
    expect(new Set(revisions.map((r) => r.revision)).size).toBe(revisions.length);

    const cancelling = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await acknowledged(demo, cancelling);
    const before = await poVersion(t.db, cancelling);
    await raceOnce("cancel PO", () =>
      cancelPo(demo.as(BUYER), { id: cancelling, version: before, reason: "No longer needed" }),
    );
    expect((await poRow(t.db, cancelling)).status).toBe("cancelled");
    expect((await auditOf(t.db, cancelling)).filter((e) => e.to_state === "cancelled")).toHaveLength(1);
  });

  it("registering from one invitation link: one organisation, one account", async () => {
    await publishedRfq(
      demo,
      {
        title: "Raced registration",
        deadlineAt: new Date(now.getTime() + 8 * HOUR),
        inviteEmails: ["race@kappa.test"],
      },
      now,
    );
    const mail = await t.db
      .selectFrom("email_outbox")
      .where("to_address", "=", "race@kappa.test")
      .select("text_body")
      .executeTakeFirstOrThrow();
    const token = /\/register\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1] ?? "";
    expect(token).not.toBe("");
    await raceOnce("register supplier", () =>
      registerSupplier(
        t.db,
        token,
        {
          organisationName: "Kappa Fasteners",
          address: "Kungsgatan 1, Stockholm",
          taxId: "SE556677880001",
          name: "Kai Berg",
          password: "long enough to be a passphrase",
        },
        new Date(),
      ),
    );
    const orgs = await t.db.selectFrom("organisations").where("name", "=", "Kappa Fasteners").select("id").execute();
    expect(orgs).toHaveLength(1);
    const users = await t.db.selectFrom("users").where("email", "=", "race@kappa.test").select("id").execute();
    expect(users).toHaveLength(1);
  });
});
