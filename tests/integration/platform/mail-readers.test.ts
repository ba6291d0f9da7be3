/**
 * A mail is written for its reader: times in the recipient's own zone, or
 * their organisation's when they chose none, or, for an address without an
 * account, the zone of the organisation writing to it; always with the zone
 * named, and money with its separators.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { submitPo } from "../../../app/models/ordering/approval.server";
import {
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_ACCOUNTS,
  NORTHWIND_SALES,
  publishedRfq,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { draftPo, ONE_LINE, poVersion } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("mail_readers");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

async function mailsDuring(step: () => Promise<unknown>) {
  const before = new Set((await t.db.selectFrom("email_outbox").select("id").execute()).map((r) => r.id));
  await step();
  const rows = await t.db
    .selectFrom("email_outbox")
    .select(["id", "to_address as to", "subject", "text_body as text", "html_body as html"])
    .execute();
  return rows.filter((r) => !before.has(r.id));
}

function to<T extends { to: string }>(mails: T[], address: string): T {
  const found = mails.filter((m) => m.to === address);
  expect(found).toHaveLength(1);
  return found[0];
}

describe("the reader of a mail", () => {
  it("reads an RFQ's deadline in their own zone, else their organisation's, else the inviting organisation's", async () => {
    await t.db.updateTable("users").set({ time_zone: "Asia/Shanghai" }).where("email", "=", NORTHWIND_SALES).execute();
    await t.db
      .updateTable("organisations")
      .set({ default_time_zone: "America/New_York" })
      .where("id", "=", demo.orgId(GLOBEX))
      .execute();
    const deadline = new Date("2031-03-14T16:00:00Z");
    const mails = await mailsDuring(() =>
      publishedRfq(
        demo,
        {
          title: "Zoned washers",
          deadlineAt: deadline,
          supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
          inviteEmails: ["new-supplier@example.test"],
        },
        new Date("2031-03-01T08:00:00Z"),
      ),
    );
    // A person with a zone of their own.
    expect(to(mails, NORTHWIND_SALES).text).toContain(
      "Quotes are sealed until the deadline: 2031-03-15 00:00 Asia/Shanghai.",
    );
    expect(to(mails, NORTHWIND_SALES).html).toContain("2031-03-15 00:00 Asia/Shanghai");
    // A colleague who kept the default reads their organisation's (Northwind's is UTC).
    expect(to(mails, NORTHWIND_ACCOUNTS).text).toContain("Quotes are sealed until the deadline: 2031-03-14 16:00 UTC.");
    // Someone at Globex, whose organisation is in New York.
    expect(to(mails, GLOBEX_SALES).text).toContain(
      "Quotes are sealed until the deadline: 2031-03-14 12:00 America/New_York.",
    );
    // An address without an account reads the zone of the buyer that invites it (Acme, in Berlin).
    expect(to(mails, "new-supplier@example.test").text).toContain(
      "Quotes are sealed until the deadline: 2031-03-14 17:00 Europe/Berlin.",
    );
  });

  it("reads money with its separators, whatever the zone", async () => {
    await t.db.updateTable("users").set({ time_zone: "Asia/Shanghai" }).where("email", "=", FINANCE).execute();
    // 100 × 93.40 EUR = 9,340.00 EUR: finance is asked to approve.
    const poId = await draftPo(demo, ONE_LINE("100"), ["93.40"]);
    const mails = await mailsDuring(async () =>
      submitPo(demo.as(BUYER), { id: poId, version: await poVersion(t.db, poId) }),
    );
    for (const address of [FINANCE, CONTROLLER]) {
      const mail = to(mails, address);
      expect(mail.text).toContain("9,340.00 EUR");
      expect(mail.text).not.toContain("9340");
    }
  });
});
