/**
 * The quote deadline, to the second: a quote (and each revision of it) is
 * accepted strictly before the deadline, refused at and after it with a
 * message naming the deadline, and the deadline job closes the RFQ exactly
 * once. Every "now" is passed in; nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { TransitionRefusedError } from "../../../workflows/errors";
import { formatUtc } from "../../../workflows/shared";
import {
  auditOf,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const SECOND = 1_000;

let t: TestDb;
let demo: Demo;
let rfqId: string;
/** Published at `createdAt`; quotes are due at `deadline`, one hour later on the minute. */
let createdAt: Date;
let deadline: Date;

beforeAll(async () => {
  t = await createTestDb("quote_deadline");
  demo = await seededDemo(t.db);
  createdAt = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
  deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  rfqId = await publishedRfq(
    demo,
    {
      title: "Spring washers, deadline test",
      deadlineAt: deadline,
      lines: [
        { itemName: "Spring washer M8", specification: "DIN 127 B", quantity: "4000", unit: "pcs" },
        { itemName: "Spring washer M10", specification: "DIN 127 B", quantity: "2500", unit: "pcs" },
      ],
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    createdAt,
  );
});

afterAll(async () => {
  await t?.destroy();
});

const at = (offsetMs: number) => new Date(deadline.getTime() + offsetMs);

function revisions() {
  return t.db
    .selectFrom("quote_revisions")
    .innerJoin("quotes", "quotes.id", "quote_revisions.quote_id")
    .where("quotes.rfq_id", "=", rfqId)
    .select([
      "quote_revisions.revision",
      "quote_revisions.subtotal",
      "quote_revisions.received_at",
      "quote_revisions.id",
    ])
    .orderBy("quote_revisions.revision")
    .execute();
}

function rfqRow() {
  return t.db.selectFrom("rfqs").selectAll().where("id", "=", rfqId).executeTakeFirstOrThrow();
}

describe("submitting a quote around the deadline", () => {
  it("stores the deadline as the instant the buyer typed", async () => {
    const rfq = await rfqRow();
    expect(rfq.status).toBe("open");
    expect(rfq.deadline.toISOString()).toBe(deadline.toISOString());
    expect(rfq.deadline_time_zone).toBe("Europe/Berlin");
  });

  it("accepts a quote one second before the deadline as revision 1", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const result = await submitQuote(actingAs(t.db, northwind, at(-SECOND)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.045", "0.07"])),
    });
    expect(result.revision).toBe(1);
    expect(result.receivedAt).toBeInstanceOf(Date);

    const quote = await t.db
      .selectFrom("quotes")
      .selectAll()
      .where("id", "=", result.quoteId)
      .executeTakeFirstOrThrow();
    expect(quote).toMatchObject({ status: "submitted", current_revision: 1, supplier_org_id: northwind.orgId });
    // 4000 × 0.045 + 2500 × 0.07
    expect(await revisions()).toMatchObject([{ revision: 1, subtotal: "355.00" }]);

    const invitation = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", northwind.orgId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(invitation.status).toBe("submitted");
    expect(invitation.answered_at?.toISOString()).toBe(at(-SECOND).toISOString());
  });

  it("accepts a revision just before the deadline and keeps both, each with its time of receipt", async () => {
    const result = await submitQuote(demo.as(NORTHWIND_SALES, at(-1)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.044", "0.07"])),
    });
    expect(result.revision).toBe(2);

    const rows = await revisions();
    expect(rows.map((r) => [r.revision, r.subtotal])).toEqual([
      [1, "355.00"],
      [2, "351.00"],
    ]);
    for (const row of rows) expect(row.received_at).toBeInstanceOf(Date);
    expect(rows[1].received_at.getTime()).toBeGreaterThanOrEqual(rows[0].received_at.getTime());

    const quote = await t.db
      .selectFrom("quotes")
      .selectAll()
      .where("id", "=", result.quoteId)
      .executeTakeFirstOrThrow();
    expect(quote.current_revision).toBe(2);
    const submits = (await auditOf(t.db, result.quoteId)).filter((e) => e.event === "SUBMIT");
    expect(submits.map((e) => [e.from_state, e.to_state])).toEqual([
      ["draft", "submitted"],
      ["submitted", "submitted"],
    ]);
  });

  it("refuses a quote at the deadline and after it, naming the deadline, and writes nothing", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const quoteBefore = await t.db
      .selectFrom("quotes")
      .selectAll()
      .where("rfq_id", "=", rfqId)
      .executeTakeFirstOrThrow();
    const auditBefore = await auditOf(t.db, quoteBefore.id);
    const invitationBefore = await t.db
      .selectFrom("rfq_invitations")
      .selectAll()
      .where("rfq_id", "=", rfqId)
      .orderBy("id")
      .execute();

    for (const when of [at(0), at(SECOND)]) {
      const attempt = submitQuote(actingAs(t.db, northwind, when), {
        rfqId,
        ...(await quoteInput(t.db, rfqId, ["0.01", "0.01"])),
      });
      await expect(attempt).rejects.toBeInstanceOf(TransitionRefusedError);
      await expect(attempt).rejects.toThrow(
        `Quotes can no longer be submitted: the deadline passed at ${formatUtc(deadline.toISOString())}.`,
      );
    }

    expect((await revisions()).map((r) => r.revision)).toEqual([1, 2]);
    expect(await t.db.selectFrom("quotes").selectAll().where("rfq_id", "=", rfqId).executeTakeFirstOrThrow()).toEqual(
      quoteBefore,
    );
    expect(await auditOf(t.db, quoteBefore.id)).toEqual(auditBefore);
    expect(
      await t.db.selectFrom("rfq_invitations").selectAll().where("rfq_id", "=", rfqId).orderBy("id").execute(),
    ).toEqual(invitationBefore);
    const lines = await t.db.selectFrom("quote_lines").where("unit_price", "=", "0.01").select("id").execute();
    expect(lines).toEqual([]);
  });

  it("leaves no quote behind for a supplier whose first quote comes too late", async () => {
    const globex = demo.actor(GLOBEX_SALES);
    const attempt = submitQuote(actingAs(t.db, globex, at(SECOND)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.04", "0.06"])),
    });
    await expect(attempt).rejects.toThrow(/the deadline passed at/);
    const quotes = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", globex.orgId)
      .select("id")
      .execute();
    expect(quotes).toEqual([]);
    const invitation = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", globex.orgId)
      .select(["status", "answered_at"])
      .executeTakeFirstOrThrow();
    expect(invitation).toEqual({ status: "invited", answered_at: null });
  });
});

describe("closing at the deadline", () => {
  it("leaves the RFQ open one second before the deadline", async () => {
    expect(await closeDueRfqs(t.db, at(-SECOND))).not.toContain(rfqId);
    expect((await rfqRow()).status).toBe("open");
  });

  it("closes it once the deadline has passed, as the system (no actor)", async () => {
    const closed = await closeDueRfqs(t.db, at(SECOND));
    expect(closed).toContain(rfqId);

    const rfq = await rfqRow();
    expect(rfq.status).toBe("closed");
    expect(rfq.closed_at?.toISOString()).toBe(at(SECOND).toISOString());
    const reached = (await auditOf(t.db, rfqId)).filter((e) => e.event === "DEADLINE_REACHED");
    expect(reached).toHaveLength(1);
    expect(reached[0]).toMatchObject({
      actor_id: null,
      org_id: null,
      from_state: "open",
      to_state: "closed",
      entity_type: "rfq",
    });
    expect(reached[0].data).toEqual({ at: at(SECOND).toISOString() });
  });

  it("is idempotent: running the job again changes nothing", async () => {
    const before = await rfqRow();
    const auditBefore = await auditOf(t.db, rfqId);

    expect(await closeDueRfqs(t.db, at(SECOND))).toEqual([]);
    expect(await closeDueRfqs(t.db, at(MINUTE))).toEqual([]);

    expect(await rfqRow()).toEqual(before);
    expect(await auditOf(t.db, rfqId)).toEqual(auditBefore);
  });

  it("refuses a quote on the closed RFQ even with a clock that says it is early", async () => {
    const attempt = submitQuote(demo.as(NORTHWIND_SALES, at(-MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.01", "0.01"])),
    });
    await expect(attempt).rejects.toThrow("Quotes can no longer be submitted: the RFQ is closed.");
    expect((await revisions()).map((r) => r.revision)).toEqual([1, 2]);
  });
});
