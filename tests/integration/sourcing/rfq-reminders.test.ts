/**
 * The 24-hour deadline reminder: sent once per deadline to each invited
 * supplier that has neither quoted nor declined, never twice, and again
 * after the deadline is extended. The clock is an argument; nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { declineInvitation } from "../../../app/models/sourcing/quote-submission.server";
import { readRegistrationLink } from "../../../app/models/sourcing/registration.server";
import { extendRfqDeadline } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { sendDeadlineReminders } from "../../../app/models/sourcing/rfq-schedule.server";
import { instantToZonedLocal } from "../../../app/utils/time";
import {
  NORTHWIND_ACCOUNTS,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("rfq_reminders");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

afterAll(async () => {
  await t?.destroy();
});

const reminders = (title: string) =>
  t.db
    .selectFrom("email_outbox")
    .where("subject", "like", `Reminder:%${title}%`)
    .select(["to_address", "subject"])
    // ids are random uuids: order by when the mail was written
    .orderBy("created_at")
    .execute();

describe("deadline reminders", () => {
  it("reminds only unanswered suppliers, once per deadline, and again after an extension", async () => {
    const title = "Reminded rivets";
    const deadline = new Date(now.getTime() + 72 * HOUR);
    const rfqId = await publishedRfq(
      demo,
      { title, deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)] },
      now,
    );
    await declineInvitation(demo.as(GLOBEX_SALES, now), { rfqId, reason: "Not our range" });

    // More than 24 hours ahead: nothing yet.
    await sendDeadlineReminders(t.db, new Date(deadline.getTime() - 24 * HOUR - 1000));
    expect(await reminders(title)).toEqual([]);

    // Inside the window: Northwind (unanswered) only, then never again for this deadline.
    const inWindow = new Date(deadline.getTime() - 23 * HOUR);
    await sendDeadlineReminders(t.db, inWindow);
    await sendDeadlineReminders(t.db, new Date(inWindow.getTime() + HOUR));
    const first = await reminders(title);
    expect(first.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
    const invitation = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
      .select("reminded_for_deadline")
      .executeTakeFirstOrThrow();
    expect(new Date(invitation.reminded_for_deadline!).toISOString()).toBe(deadline.toISOString());

    // Extended by two days: the new deadline earns its own reminder when it is close.
    const later = new Date(deadline.getTime() + 48 * HOUR);
    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", rfqId).executeTakeFirstOrThrow();
    await extendRfqDeadline(demo.as(BUYER, inWindow), {
      id: rfqId,
      version: rfq.version,
      newDeadline: instantToZonedLocal(later, "Europe/Berlin"),
    });
    await sendDeadlineReminders(t.db, new Date(inWindow.getTime() + 2 * HOUR));
    expect(await reminders(title)).toHaveLength(2);
    await sendDeadlineReminders(t.db, new Date(later.getTime() - 2 * HOUR));
    const after = await reminders(title);
    expect(after.map((m) => m.to_address)).toEqual([
      NORTHWIND_ACCOUNTS,
      NORTHWIND_SALES,
      NORTHWIND_ACCOUNTS,
      NORTHWIND_SALES,
    ]);
    expect(after[3].subject).toContain(later.toISOString().slice(0, 16).replace("T", " "));
  });

  it("reminds an address that has not registered, with a fresh registration link that works", async () => {
    const title = "Reminded washers";
    const deadline = new Date(now.getTime() + 72 * HOUR);
    await publishedRfq(demo, { title, deadlineAt: deadline, inviteEmails: ["late-starter@vega.test"] }, now);
    await sendDeadlineReminders(t.db, new Date(deadline.getTime() - 23 * HOUR));
    const sent = await t.db
      .selectFrom("email_outbox")
      .where("subject", "like", `Reminder:%${title}%`)
      .select(["to_address", "text_body"])
      .execute();
    expect(sent.map((m) => m.to_address)).toEqual(["late-starter@vega.test"]);
    const token = /\/register\/([A-Za-z0-9_-]+)/.exec(sent[0].text_body)?.[1] ?? "";
    expect((await readRegistrationLink(t.db, token, new Date(deadline.getTime() - 23 * HOUR))).state).toBe("ready");
  });

  it("sends nothing once the deadline has passed", async () => {
    const title = "Past rivets";
    const deadline = new Date(now.getTime() + 10 * HOUR);
    await publishedRfq(demo, { title, deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND)] }, now);
    expect(await sendDeadlineReminders(t.db, new Date(deadline.getTime() + 1000))).toBeGreaterThanOrEqual(0);
    expect(await reminders(title)).toEqual([]);
  });
});
