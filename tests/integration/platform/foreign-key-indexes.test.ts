/**
 * Every foreign key the pages may look up by has an index that starts with
 * it: a missing one turns a detail page into a scan of the whole table (a
 * PO page once spent ~100 ms on receipts and invoices). Keys to users and
 * organisations are exempt: nothing is listed by who created a row (lists
 * are scoped by organisation through their own composite indexes), and
 * neither users nor organisations are ever deleted.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";

import { asOwner, createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb("foreign_key_indexes");
});
afterAll(async () => {
  await t?.destroy();
});

const EXEMPT_TARGETS = ["users", "organisations"];

async function unindexedForeignKeys(): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select c.conrelid::regclass::text || '.' || a.attname as key
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f'
      and c.confrelid::regclass::text <> all (${EXEMPT_TARGETS})
      and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
    order by 1`.execute(t.db);
  return rows.map((r) => r.key);
}

it("indexes every foreign key except those to users and organisations", async () => {
  expect(await unindexedForeignKeys()).toEqual([]);
});

it("would notice a foreign key without its index", async () => {
  // The app's own role may not create tables: the probe is made as the owner.
  await asOwner(t, (db) =>
    sql`create table fk_probe (id serial primary key, po_id uuid references purchase_orders(id))`.execute(db),
  );
  try {
    expect(await unindexedForeignKeys()).toEqual(["fk_probe.po_id"]);
  } finally {
    await asOwner(t, (db) => sql`drop table fk_probe`.execute(db));
  }
});
