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
import { FormError } from "../../../app/utils/errors";
import { createPglite } from "../../../db/client.server";
import { migrateToLatest } from "../../../db/migrate.server";
import {
  BUYER,
  GLOBEX,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
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

afterAll(async () => {
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
