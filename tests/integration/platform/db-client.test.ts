import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb("db_client");
});
afterAll(async () => {
  await t?.destroy();
});

describe("database module", () => {
  it("runs every migration and creates the whole domain", async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public'`.execute(t.db);
    const names = tables.rows.map((r) => r.table_name);
    for (const table of [
      "organisations",
      "rfqs",
      "quote_revisions",
      "purchase_orders",
      "approvals",
      "invoices",
      "fx_rates",
      "approval_policies",
      "email_outbox",
      "audit_events",
      "receipts",
    ]) {
      expect(names).toContain(table);
    }
  });

  it("returns numeric as exact decimal strings and dates as plain strings", async () => {
    const org = await t.db
      .insertInto("organisations")
      .values({ name: "Decimal Co", kind: "buyer" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("fx_rates")
      .values({
        org_id: org.id,
        base_currency: "EUR",
        quote_currency: "USD",
        rate: "0.1234567891",
        valid_on: "2026-01-31",
      })
      .execute();
    const row = await t.db.selectFrom("fx_rates").select(["rate", "valid_on"]).executeTakeFirstOrThrow();
    expect(row.rate).toBe("0.1234567891");
    expect(row.valid_on).toBe("2026-01-31");
  });

  it("refuses to change or delete an audit event", async () => {
    await t.db.insertInto("audit_events").values({ entity_type: "rfq", event: "TEST" }).execute();
    // On Postgres the app's role holds no UPDATE or DELETE there; on PGlite the trigger refuses.
    const refused = t.kind === "postgres" ? /permission denied for table audit_events/ : /append-only/;
    await expect(t.db.updateTable("audit_events").set({ event: "CHANGED" }).execute()).rejects.toThrow(refused);
    await expect(t.db.deleteFrom("audit_events").execute()).rejects.toThrow(refused);
  });

  it("rolls back every row of a failed transaction", async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto("organisations").values({ name: "Half Written", kind: "buyer" }).execute();
        await trx
          .insertInto("organisations")
          .values({ name: "Bad", kind: "nonsense" as "buyer" })
          .execute();
      }),
    ).rejects.toThrow();
    const rows = await t.db.selectFrom("organisations").where("name", "=", "Half Written").selectAll().execute();
    expect(rows).toHaveLength(0);
  });
});
