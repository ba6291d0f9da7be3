import { sql, type Kysely } from "kysely";

/**
 * Reorder rules: per item and ship-to site, a reorder point and how much to
 * order when the projected stock falls below it; the stock counted on hand
 * per item and site; the job's runs (one scheduled run per organisation and
 * day, held by a unique key so a second server or a restart never takes it
 * again) and one decision per rule per run, always written. Items are named
 * as the catalogue names them: agreement item name and unit, compared
 * without case (`item_key` holds the lower-cased name). Frozen in time:
 * imports no application code.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("reorder_rules")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("item_key", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    // The agreement item to order from while it is in force; any agreement in force offering the item otherwise.
    .addColumn("preferred_agreement_item_id", "uuid", (c) => c.references("agreement_items.id"))
    .addColumn("ship_to_address_id", "uuid", (c) => c.notNull().references("ship_to_addresses.id"))
    .addColumn("reorder_point", sql`numeric(14, 3)`, (c) => c.notNull().check(sql`reorder_point >= 0`))
    .addColumn("order_up_to", sql`numeric(14, 3)`)
    .addColumn("fixed_quantity", sql`numeric(14, 3)`)
    .addColumn("min_order_quantity", sql`numeric(14, 3)`, (c) => c.check(sql`min_order_quantity > 0`))
    .addColumn("lot_size", sql`numeric(14, 3)`, (c) => c.check(sql`lot_size > 0`))
    .addColumn("paused", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "uuid", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Exactly one way to size an order: up to a level, or a fixed quantity.
    .addCheckConstraint(
      "reorder_rules_one_policy",
      sql`(order_up_to is null) <> (fixed_quantity is null) and coalesce(order_up_to > reorder_point, true) and coalesce(fixed_quantity > 0, true)`,
    )
    .execute();
  // One rule per item and site: two rules for one shelf would each order.
  await sql`create unique index reorder_rules_item_site_key on reorder_rules (org_id, item_key, unit, ship_to_address_id)`.execute(
    db,
  );
  await sql`create index reorder_rules_ship_to_address_id_idx on reorder_rules (ship_to_address_id)`.execute(db);
  await sql`create index reorder_rules_preferred_item_idx on reorder_rules (preferred_agreement_item_id)`.execute(db);
  await sql`create index reorder_rules_created_by_idx on reorder_rules (created_by)`.execute(db);

  await db.schema
    .alterTable("requisition_lines")
    .addForeignKeyConstraint("requisition_lines_reorder_rule_id_fkey", ["reorder_rule_id"], "reorder_rules", ["id"])
    .execute();

  await db.schema
    .createTable("stock_levels")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("ship_to_address_id", "uuid", (c) => c.notNull().references("ship_to_addresses.id"))
    .addColumn("item_name", "text", (c) => c.notNull())
    .addColumn("item_key", "text", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull())
    .addColumn("quantity", sql`numeric(14, 3)`, (c) => c.notNull().check(sql`quantity >= 0`))
    .addColumn("counted_at", "timestamptz", (c) => c.notNull())
    .addColumn("counted_by", "uuid", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index stock_levels_item_site_key on stock_levels (org_id, ship_to_address_id, item_key, unit)`.execute(
    db,
  );
  await sql`create index stock_levels_ship_to_address_id_idx on stock_levels (ship_to_address_id)`.execute(db);
  await sql`create index stock_levels_counted_by_idx on stock_levels (counted_by)`.execute(db);

  await db.schema
    .createTable("reorder_runs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    // The day of a scheduled run, in the organisation's zone; null for a run someone started by hand.
    .addColumn("scheduled_for", "date")
    .addColumn("trigger", "text", (c) => c.notNull().check(sql`trigger in ('schedule', 'manual')`))
    .addColumn("started_by", "uuid", (c) => c.references("users.id"))
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .addColumn("rules_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("ordered_count", "integer", (c) => c.notNull().defaultTo(0))
    .addCheckConstraint("reorder_runs_schedule_has_day", sql`(trigger = 'schedule') = (scheduled_for is not null)`)
    .execute();
  // The claim on a day's run: whichever server inserts it first runs it, every other finds it taken.
  await sql`create unique index reorder_runs_org_day_key on reorder_runs (org_id, scheduled_for)`.execute(db);
  await sql`create index reorder_runs_org_started_idx on reorder_runs (org_id, started_at desc)`.execute(db);
  await sql`create index reorder_runs_started_by_idx on reorder_runs (started_by)`.execute(db);

  await db.schema
    .createTable("reorder_decisions")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("run_id", "uuid", (c) => c.notNull().references("reorder_runs.id"))
    .addColumn("rule_id", "uuid", (c) => c.notNull().references("reorder_rules.id"))
    .addColumn("org_id", "uuid", (c) => c.notNull().references("organisations.id"))
    .addColumn("decision", "text", (c) =>
      c.notNull().check(sql`decision in ('ordered', 'above_point', 'already_requested', 'no_agreement', 'paused')`),
    )
    .addColumn("on_hand", sql`numeric(14, 3)`, (c) => c.notNull())
    .addColumn("on_order", sql`numeric(14, 3)`, (c) => c.notNull())
    .addColumn("projected", sql`numeric(14, 3)`, (c) => c.notNull())
    .addColumn("reorder_point", sql`numeric(14, 3)`, (c) => c.notNull())
    .addColumn("quantity", sql`numeric(14, 3)`)
    .addColumn("requisition_line_id", "uuid", (c) => c.references("requisition_lines.id"))
    .addColumn("detail", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .execute();
  await sql`create unique index reorder_decisions_run_rule_key on reorder_decisions (run_id, rule_id)`.execute(db);
  await sql`create index reorder_decisions_rule_idx on reorder_decisions (rule_id, created_at desc)`.execute(db);
  await sql`create index reorder_decisions_org_id_idx on reorder_decisions (org_id)`.execute(db);
  await sql`create index reorder_decisions_requisition_line_id_idx on reorder_decisions (requisition_line_id)`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("reorder_decisions").execute();
  await db.schema.dropTable("reorder_runs").execute();
  await db.schema.dropTable("stock_levels").execute();
  await db.schema.alterTable("requisition_lines").dropConstraint("requisition_lines_reorder_rule_id_fkey").execute();
  await db.schema.dropTable("reorder_rules").execute();
}
