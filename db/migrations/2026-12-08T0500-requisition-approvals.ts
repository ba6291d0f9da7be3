import { sql, type Kysely } from "kysely";

/**
 * Requisitions get their requester and their approval: the `requester` role,
 * the organisation's requisition approval rule (two thresholds and the role
 * whose holders decide, like the PO policy's tiers), the decisions taken on
 * each requisition, and the reason a catalogue line could not be ordered by
 * itself (an agreement's cap, an agreement no longer in force). Frozen in
 * time: imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`alter table memberships drop constraint memberships_role_check`.execute(db);
  await sql`alter table memberships add constraint memberships_role_check
    check (role in ('buyer', 'finance', 'admin', 'supplier', 'requester'))`.execute(db);

  await db.schema
    .createTable("requisition_approval_rules")
    .addColumn("org_id", "uuid", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("currency", "char(3)", (c) => c.notNull())
    // Up to threshold one nothing is asked; from it one approval, from threshold two two by different people.
    .addColumn("threshold_one", sql`numeric(18, 2)`, (c) => c.notNull())
    .addColumn("threshold_two", sql`numeric(18, 2)`, (c) => c.notNull())
    .addColumn("approver_role", "text", (c) => c.notNull().check(sql`approver_role in ('buyer', 'finance', 'admin')`))
    .addColumn("updated_by", "uuid", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("requisition_approval_rules_order", sql`threshold_one >= 0 and threshold_two >= threshold_one`)
    .execute();

  await db.schema
    .createTable("requisition_approvals")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("requisition_id", "uuid", (c) => c.notNull().references("requisitions.id").onDelete("cascade"))
    .addColumn("approver_id", "uuid", (c) => c.notNull().references("users.id"))
    .addColumn("decision", "text", (c) => c.notNull().check(sql`decision in ('approved', 'rejected')`))
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // One decision per person per requisition: a double click or a race books one.
    .addUniqueConstraint("requisition_approvals_one_per_person", ["requisition_id", "approver_id"])
    .execute();
  await sql`create index requisition_approvals_approver_id_idx on requisition_approvals (approver_id)`.execute(db);

  await db.schema.alterTable("requisition_lines").addColumn("hold_reason", "text").execute();
  // The ordering run looks for approved catalogue lines still open.
  await sql`create index requisition_lines_open_catalogue_idx on requisition_lines (status) where status = 'open' and agreement_item_id is not null`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index requisition_lines_open_catalogue_idx`.execute(db);
  await db.schema.alterTable("requisition_lines").dropColumn("hold_reason").execute();
  await db.schema.dropTable("requisition_approvals").execute();
  await db.schema.dropTable("requisition_approval_rules").execute();
  await sql`alter table memberships drop constraint memberships_role_check`.execute(db);
  await sql`alter table memberships add constraint memberships_role_check
    check (role in ('buyer', 'finance', 'admin', 'supplier'))`.execute(db);
}
