/**
 * The one function that moves a stored record (DESIGN.md rule 3): inside a
 * transaction it locks the row, checks the version the person saw, asks the
 * machine, writes the new state and appends exactly one audit event; a
 * stale version or an event the machine refuses changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closeRfq } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { rfqContext } from "../../../app/models/sourcing/rfq.server";
import type { Rfq } from "../../../db/schema";
import { RecordNotFoundError, StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import { rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "../../../workflows/rfq.machine";
import { runTransition } from "../../../workflows/run-transition.server";
import { formatUtc } from "../../../workflows/shared";
import { auditOf, BUYER, seededDemo, type Demo } from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const OPEN = "Aluminium brackets, batch 7";
const HOUR = 3_600_000;

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("workflow_runner");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

/** Applies one RFQ event through the runner, in its own transaction. */
function moveRfq(
  id: string,
  event: RfqEvent,
  options: { expectedVersion?: number; changes?: Record<string, unknown> } = {},
) {
  const buyer = demo.actor(BUYER);
  return t.db.transaction().execute((trx) =>
    runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
      workflow: rfqWorkflow,
      table: "rfqs",
      id,
      event,
      actor: { userId: buyer.userId, orgId: buyer.orgId },
      expectedVersion: options.expectedVersion,
      context: (row) => rfqContext(trx, row),
      changes: () => options.changes ?? {},
    }),
  );
}

/** What must not change when a transition is refused. */
async function footprint(id: string) {
  const row = await t.db.selectFrom("rfqs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const audit = await auditOf(t.db, id);
  return {
    status: row.status,
    version: row.version,
    deadline: row.deadline.toISOString(),
    closedAt: row.closed_at,
    updatedAt: row.updated_at.toISOString(),
    auditCount: audit.length,
  };
}

describe("runTransition", () => {
  it("refuses a stale expectedVersion with StaleVersionError and changes nothing", async () => {
    const rfq = await demo.rfq(OPEN);
    expect(rfq.status).toBe("open");
    const before = await footprint(rfq.id);

    const newDeadline = new Date(rfq.deadline.getTime() + 24 * HOUR);
    const attempt = moveRfq(
      rfq.id,
      { type: "EXTEND_DEADLINE", at: demo.now.toISOString(), deadline: newDeadline.toISOString() },
      { expectedVersion: rfq.version - 1, changes: { deadline: newDeadline } },
    );
    await expect(attempt).rejects.toBeInstanceOf(StaleVersionError);
    await expect(attempt).rejects.toThrow(
      "This RFQ was changed by someone else since you opened it. Reload the page and try again.",
    );

    expect(await footprint(rfq.id)).toEqual(before);
  });

  it("refuses an event the machine does not allow, with the machine's message, and writes nothing", async () => {
    const rfq = await demo.rfq(OPEN);
    // The deadline is a week ahead and only Northwind of two invited suppliers has answered.
    const context = await rfqContext(t.db, rfq);
    expect(context).toMatchObject({ invitedCount: 2, answeredCount: 1 });
    const before = await footprint(rfq.id);

    const event = { type: "CLOSE", at: demo.now.toISOString() } as const;
    const expected =
      `The RFQ can be closed early only once every invited supplier has answered (1 of 2 so far); ` +
      `otherwise it closes at the deadline, ${formatUtc(rfq.deadline.toISOString())}.`;
    expect(rfqWorkflow.explainRefusal("open", context, event)).toBe(expected);

    const attempt = moveRfq(rfq.id, event, { expectedVersion: rfq.version, changes: { closed_at: demo.now } });
    await expect(attempt).rejects.toBeInstanceOf(TransitionRefusedError);
    await expect(attempt).rejects.toThrow(expected);
    expect(await footprint(rfq.id)).toEqual(before);

    // The same through the domain function the page calls.
    const viaPage = closeRfq(demo.as(BUYER, demo.now), { id: rfq.id, version: rfq.version });
    await expect(viaPage).rejects.toThrow(expected);
    expect(await footprint(rfq.id)).toEqual(before);
  });

  it("rolls back the caller's own writes in the same transaction when the event is refused", async () => {
    const rfq = await demo.rfq(OPEN);
    const before = await footprint(rfq.id);
    const attempt = t.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("rfqs")
        .set({ description: "edited before the refused close" })
        .where("id", "=", rfq.id)
        .execute();
      await runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
        workflow: rfqWorkflow,
        table: "rfqs",
        id: rfq.id,
        event: { type: "CLOSE", at: demo.now.toISOString() },
        actor: { userId: null, orgId: null },
        context: (row) => rfqContext(trx, row),
      });
    });
    await expect(attempt).rejects.toBeInstanceOf(TransitionRefusedError);
    expect(await footprint(rfq.id)).toEqual(before);
    expect((await demo.rfq(OPEN)).description).toBe(rfq.description);
  });

  it("says so when the record does not exist", async () => {
    const attempt = moveRfq("00000000-0000-4000-8000-000000000000", { type: "CLOSE", at: demo.now.toISOString() });
    await expect(attempt).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(attempt).rejects.toThrow("No such RFQ.");
  });

  it("applies an allowed event: version + 1, workflow_version written, exactly one audit event", async () => {
    const rfq = await demo.rfq(OPEN);
    // A row last written under an older machine version.
    await t.db.updateTable("rfqs").set({ workflow_version: 0 }).where("id", "=", rfq.id).execute();
    const auditBefore = await auditOf(t.db, rfq.id);

    const newDeadline = new Date(rfq.deadline.getTime() + 48 * HOUR);
    const at = demo.now.toISOString();
    const result = await moveRfq(
      rfq.id,
      { type: "EXTEND_DEADLINE", at, deadline: newDeadline.toISOString() },
      { expectedVersion: rfq.version, changes: { deadline: newDeadline } },
    );
    expect(result).toMatchObject({ from: "open", to: "open", version: rfq.version + 1 });
    expect(result.context.deadline).toBe(newDeadline.toISOString());

    const after = await demo.rfq(OPEN);
    expect(after.status).toBe("open");
    expect(after.version).toBe(rfq.version + 1);
    expect(after.workflow_version).toBe(rfqWorkflow.version);
    expect(after.deadline.toISOString()).toBe(newDeadline.toISOString());
    expect(after.updated_at.getTime()).toBeGreaterThan(rfq.updated_at.getTime());

    const auditAfter = await auditOf(t.db, rfq.id);
    expect(auditAfter).toHaveLength(auditBefore.length + 1);
    const event = auditAfter[auditAfter.length - 1];
    const buyer = demo.actor(BUYER);
    expect(event).toMatchObject({
      org_id: buyer.orgId,
      actor_id: buyer.userId,
      entity_type: "rfq",
      entity_id: rfq.id,
      event: "EXTEND_DEADLINE",
      from_state: "open",
      to_state: "open",
    });
    expect(event.data).toEqual({ at, deadline: newDeadline.toISOString() });

    // The version the person saw is now stale.
    await expect(
      moveRfq(
        rfq.id,
        { type: "EXTEND_DEADLINE", at, deadline: new Date(newDeadline.getTime() + HOUR).toISOString() },
        { expectedVersion: rfq.version },
      ),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await demo.rfq(OPEN)).version).toBe(rfq.version + 1);
  });

  it("moves the status and records from and to: closing an RFQ whose deadline has passed", async () => {
    const rfq = await demo.rfq(OPEN);
    const at = new Date(rfq.deadline.getTime() + 1_000);
    const result = await moveRfq(
      rfq.id,
      { type: "CLOSE", at: at.toISOString() },
      { expectedVersion: rfq.version, changes: { closed_at: at } },
    );
    expect(result).toMatchObject({ from: "open", to: "closed", version: rfq.version + 1 });

    const after = await demo.rfq(OPEN);
    expect(after).toMatchObject({ status: "closed", version: rfq.version + 1 });
    expect(after.closed_at?.toISOString()).toBe(at.toISOString());
    const audit = await auditOf(t.db, rfq.id);
    expect(audit.filter((e) => e.event === "CLOSE")).toHaveLength(1);
    expect(audit[audit.length - 1]).toMatchObject({
      event: "CLOSE",
      from_state: "open",
      to_state: "closed",
      actor_id: demo.actor(BUYER).userId,
    });
  });
});
