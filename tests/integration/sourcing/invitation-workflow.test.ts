/**
 * The invitation machine in use: opening the RFQ, declining, answering and
 * withdrawing move the invitation only through workflows/run-transition,
 * each with its version bumped and an audit event; a refusal changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { declineInvitation, submitQuote, withdrawQuote } from "../../../app/models/sourcing/quote-submission.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { TransitionRefusedError } from "../../../workflows/errors";
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
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("invitation_workflow");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

afterAll(async () => {
  await t?.destroy();
});

const invitation = (rfqId: string, org: string) =>
  t.db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfqId)
    .where("supplier_org_id", "=", demo.orgId(org))
    .select(["id", "status", "version", "workflow_version", "viewed_at", "answered_at", "decline_reason"])
    .executeTakeFirstOrThrow();

const trail = async (id: string) =>
  (await auditOf(t.db, id)).map((e) => [e.entity_type, e.event, e.from_state, e.to_state]);

async function rfqWithBoth(title: string, deadline = new Date(now.getTime() + 2 * HOUR)) {
  return publishedRfq(
    demo,
    { title, deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)] },
    now,
  );
}

describe("viewing", () => {
  it("marks the invitation viewed once, through the machine", async () => {
    const rfqId = await rfqWithBoth("Viewed once");
    const northwind = demo.actor(NORTHWIND_SALES);
    await getRfqPage(demo.as(NORTHWIND_SALES, now), { id: rfqId });
    await getRfqPage(actingAs(t.db, northwind, new Date(now.getTime() + MINUTE), demo.ability(NORTHWIND_SALES)), {
      id: rfqId,
    });
    const row = await invitation(rfqId, NORTHWIND);
    expect(row).toMatchObject({ status: "viewed", version: 2, workflow_version: 1 });
    expect(new Date(row.viewed_at!).getTime()).toBe(now.getTime());
    expect(await trail(row.id)).toEqual([["invitation", "VIEW", "invited", "viewed"]]);
    // Globex has not opened it.
    expect((await invitation(rfqId, GLOBEX)).status).toBe("invited");
  });
});

describe("declining", () => {
  it("declines with a reason, then may still quote, then withdraw back to viewed", async () => {
    const rfqId = await rfqWithBoth("Declined then quoted");
    const globex = demo.actor(GLOBEX_SALES);
    await declineInvitation(actingAs(t.db, globex, now), { rfqId, reason: "No capacity this month" });
    let row = await invitation(rfqId, GLOBEX);
    expect(row).toMatchObject({ status: "declined", decline_reason: "No capacity this month" });

    await submitQuote(actingAs(t.db, globex, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["2.10"])) });
    row = await invitation(rfqId, GLOBEX);
    expect(row.status).toBe("submitted");

    const quote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", demo.orgId(GLOBEX))
      .select("version")
      .executeTakeFirstOrThrow();
    await withdrawQuote(actingAs(t.db, globex, new Date(now.getTime() + MINUTE)), { rfqId, version: quote.version });
    row = await invitation(rfqId, GLOBEX);
    expect(row).toMatchObject({ status: "viewed", answered_at: null, version: 4 });
    expect(await trail(row.id)).toEqual([
      ["invitation", "DECLINE", "invited", "declined"],
      ["invitation", "SUBMIT", "declined", "submitted"],
      ["invitation", "WITHDRAW", "submitted", "viewed"],
    ]);
    const decline = (await auditOf(t.db, row.id))[0];
    expect(decline).toMatchObject({
      org_id: demo.orgId(GLOBEX),
      actor_id: globex.userId,
      data: { reason: "No capacity this month" },
    });
  });

  it("refuses a blank reason, a second decline and a decline after the deadline, changing nothing", async () => {
    const deadline = new Date(now.getTime() + HOUR);
    const rfqId = await rfqWithBoth("Refused declines", deadline);
    const northwind = demo.actor(NORTHWIND_SALES);
    await expect(declineInvitation(actingAs(t.db, northwind, now), { rfqId, reason: "   " })).rejects.toThrow(
      new TransitionRefusedError("Say why you are not quoting."),
    );
    await expect(
      declineInvitation(actingAs(t.db, northwind, new Date(deadline.getTime() + 1)), { rfqId, reason: "Too late" }),
    ).rejects.toThrow("This RFQ is no longer open for answers, so it cannot be declined.");
    const untouched = await invitation(rfqId, NORTHWIND);
    expect(untouched).toMatchObject({ status: "invited", version: 1, decline_reason: null });
    expect(await trail(untouched.id)).toEqual([]);

    await declineInvitation(actingAs(t.db, northwind, now), { rfqId, reason: "Not our range" });
    await expect(declineInvitation(actingAs(t.db, northwind, now), { rfqId, reason: "Still not" })).rejects.toThrow(
      "You have already declined this RFQ.",
    );
    expect(await invitation(rfqId, NORTHWIND)).toMatchObject({ status: "declined", decline_reason: "Not our range" });
  });
});

describe("the decline form", () => {
  it("refuses control characters in the reason next to the field", async () => {
    const { declineSchema } = await import("../../../app/models/sourcing/quote.schema");
    const result = declineSchema.safeParse({ intent: "decline", reason: "No\u0000 capacity" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["reason"],
      message: "Remove the control characters from the reason.",
    });
    expect(declineSchema.safeParse({ intent: "decline", reason: "No capacity\nuntil March" }).success).toBe(true);
  });
});
