/**
 * The audit log is append-only in the database itself: a trigger refuses
 * UPDATE and DELETE, whoever asks, and inserting still works.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { appendAuditEvent } from "../../../workflows/audit.server";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb("audit_append_only");
});

afterAll(async () => {
  await t?.destroy();
});

describe("audit_events", () => {
  it("accepts new events but refuses to change or delete any", async () => {
    await appendAuditEvent(t.db, {
      orgId: null,
      actorId: null,
      entityType: "session",
      entityId: null,
      event: "SIGN_IN_FAILED",
      data: { email: "someone@acme.test" },
    });
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from audit_events`.execute(t.db)).rows[0].n);
    expect(await count()).toBe(1);
    await expect(sql`update audit_events set event = 'SIGN_IN'`.execute(t.db)).rejects.toThrow();
    await expect(sql`delete from audit_events`.execute(t.db)).rejects.toThrow();
    const row = await t.db.selectFrom("audit_events").select("event").executeTakeFirstOrThrow();
    expect(row.event).toBe("SIGN_IN_FAILED");
    expect(await count()).toBe(1);
  });
});
