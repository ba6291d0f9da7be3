import { sql, type Kysely } from "kysely";

/**
 * The supplier's delivery note number on each goods receipt, so that one
 * delivery booked twice on a PO can be recognised and refused. Receipts
 * booked before this have none (an empty string); every new receipt must
 * carry one, trimmed and at most 60 characters: the check is NOT VALID so it
 * holds for rows written from now on without rewriting the old ones.
 * The index serves the look-up of a PO's earlier receipts by note.
 * Frozen in time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("receipts")
    .addColumn("delivery_note", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`alter table receipts alter column delivery_note drop default`.execute(db);
  await sql`alter table receipts add constraint receipts_delivery_note_check
    check (delivery_note <> '' and delivery_note = btrim(delivery_note) and char_length(delivery_note) <= 60) not valid`.execute(
    db,
  );
  await sql`create index receipts_po_delivery_note_idx on receipts (po_id, lower(delivery_note))`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index if exists receipts_po_delivery_note_idx`.execute(db);
  await db.schema.alterTable("receipts").dropColumn("delivery_note").execute();
}
