import { sql, type Kysely } from "kysely";

/**
 * Supplier invitations: a buying organisation adds a supplier to its list
 * by inviting an address, with categories, without an RFQ. One row per
 * buyer and address (inviting again updates it); a registration link is
 * mailed for it as for an RFQ invitation, so `registration_tokens` points at
 * either an RFQ invitation or a supplier invitation, never both. Frozen in
 * time: it must never import application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("supplier_invitations")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("buyer_org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("contact_name", "text")
    .addColumn("categories", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn("invited_by", "uuid", (c) => c.references("users.id"))
    .addColumn("supplier_org_id", "uuid", (c) => c.references("organisations.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index supplier_invitations_buyer_email_key on supplier_invitations (buyer_org_id, lower(email))`.execute(
    db,
  );
  await db.schema
    .createIndex("supplier_invitations_supplier_idx")
    .on("supplier_invitations")
    .column("supplier_org_id")
    .execute();
  await db.schema
    .createIndex("supplier_invitations_invited_by_idx")
    .on("supplier_invitations")
    .column("invited_by")
    .execute();

  await db.schema
    .alterTable("registration_tokens")
    .alterColumn("invitation_id", (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable("registration_tokens")
    .addColumn("supplier_invitation_id", "uuid", (c) => c.references("supplier_invitations.id").onDelete("cascade"))
    .execute();
  await sql`alter table registration_tokens add constraint registration_tokens_one_invitation check (num_nonnulls(invitation_id, supplier_invitation_id) = 1)`.execute(
    db,
  );
  await db.schema
    .createIndex("registration_tokens_supplier_invitation_idx")
    .on("registration_tokens")
    .column("supplier_invitation_id")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.deleteFrom("registration_tokens").where("invitation_id", "is", null).execute();
  await sql`alter table registration_tokens drop constraint if exists registration_tokens_one_invitation`.execute(db);
  await db.schema.alterTable("registration_tokens").dropColumn("supplier_invitation_id").execute();
  await db.schema
    .alterTable("registration_tokens")
    .alterColumn("invitation_id", (c) => c.setNotNull())
    .execute();
  await db.schema.dropTable("supplier_invitations").execute();
}
