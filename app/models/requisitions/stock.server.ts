/**
 * Stock on hand per item and site, as people counted it: one count typed by
 * hand (counted now), or a CSV of counts that is saved whole or not at all,
 * every bad row answered beside itself. Each figure keeps the time it was
 * counted, shown beside it: a rule judges by the latest count.
 */
import { parse } from "csv-parse/sync";

import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject } from "../../auth/ability";
import { msg, msgWith } from "../../i18n/config";
import { FormError } from "../../utils/errors";
import { forbidden } from "../../utils/http.server";
import { calendarDateProblem, MAX_YEAR, MIN_YEAR, NO_SUCH_DATE, zonedLocalToInstant } from "../../utils/time";
import { inTransaction, type Ctx, type TrxCtx } from "../shared/context.server";

import { itemKey } from "./reorder-arithmetic";
import { siteChoices } from "./reorder-rules.server";
import { STOCK_CSV_COLUMNS, stockRowSchema, type StockCountInput } from "./reorder.schema";

export const STOCK_CSV_MAX_BYTES = 1024 * 1024;
const MAX_ROWS = 2000;

export const STOCK_CSV_TEMPLATE =
  "site,item,unit,quantity,counted_at\r\n" + '"Stuttgart plant, goods in",Hex bolt M8x30,pcs,1200,2026-12-01 07:30\r\n';

function requireStockAbility(ctx: Ctx, action: "read" | "update") {
  if (!ctx.ability.can(action, subject("StockLevel", { org_id: ctx.actor.orgId })))
    throw forbidden("Only buyers and admins keep the stock counts.");
}

/** The page: every count of the organisation with its site and time, and the sites and items the form offers. */
export async function listStock(ctx: Ctx) {
  requireStockAbility(ctx, "read");
  const rows = await ctx.db
    .selectFrom("stock_levels")
    .innerJoin("ship_to_addresses as site", "site.id", "stock_levels.ship_to_address_id")
    .leftJoin("users", "users.id", "stock_levels.counted_by")
    .where("stock_levels.org_id", "=", ctx.actor.orgId)
    .select([
      "stock_levels.id",
      "stock_levels.item_name as itemName",
      "stock_levels.unit",
      "stock_levels.quantity",
      "stock_levels.counted_at as countedAt",
      "site.label as siteLabel",
      "users.name as countedBy",
    ])
    .orderBy("stock_levels.item_key")
    .orderBy("site.label")
    .limit(2000)
    .execute();
  const items = await ctx.db
    .selectFrom("reorder_rules")
    .where("org_id", "=", ctx.actor.orgId)
    .select(["item_name as itemName", "unit"])
    .distinct()
    .orderBy("item_name")
    .execute();
  return {
    rows,
    items,
    sites: (await siteChoices(ctx)).map((s) => ({ value: s.id, label: s.label })),
    can: { update: ctx.ability.can("update", subject("StockLevel", { org_id: ctx.actor.orgId })) },
  };
}

type Count = { siteId: string; itemName: string; unit: string; quantity: string; countedAt: Date };

async function saveCounts(ctx: TrxCtx, counts: readonly Count[], source: "form" | "csv") {
  for (const c of counts) {
    await ctx.db
      .insertInto("stock_levels")
      .values({
        org_id: ctx.actor.orgId,
        ship_to_address_id: c.siteId,
        item_name: c.itemName,
        item_key: itemKey(c.itemName),
        unit: c.unit,
        quantity: c.quantity,
        counted_at: c.countedAt,
        counted_by: ctx.actor.userId,
        updated_at: ctx.now,
      })
      .onConflict((oc) =>
        oc.columns(["org_id", "ship_to_address_id", "item_key", "unit"]).doUpdateSet((eb) => ({
          item_name: eb.ref("excluded.item_name"),
          quantity: eb.ref("excluded.quantity"),
          counted_at: eb.ref("excluded.counted_at"),
          counted_by: eb.ref("excluded.counted_by"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      )
      .execute();
  }
  await appendAuditEvent(ctx.db, {
    orgId: ctx.actor.orgId,
    actorId: ctx.actor.userId,
    entityType: "stock_level",
    entityId: null,
    event: "COUNT_STOCK",
    data: { source, counts: counts.length },
  });
}

/** One count typed by hand, counted now. */
export async function setStockCount(ctx: Ctx, input: StockCountInput): Promise<{ saved: number }> {
  requireStockAbility(ctx, "update");
  return inTransaction(ctx, async (_trx, tx) => {
    const sites = await siteChoices(tx);
    if (!sites.some((s) => s.id === input.siteId))
      throw new FormError({ siteId: msg("Choose one of your organisation's ship-to addresses.") });
    await saveCounts(
      tx,
      [
        {
          siteId: input.siteId,
          itemName: input.itemName,
          unit: input.unit,
          quantity: input.quantity,
          countedAt: tx.now,
        },
      ],
      "form",
    );
    return { saved: 1 };
  });
}

/**
 * One thing wrong with a row: the column of the file it is about (its header as the file names it, a code
 * the person's file shares with the template), if one, and a catalogue message (`msg`/`msgWith`).
 */
export interface CsvProblem {
  column: string | null;
  message: string;
}

/** A row of the file as the page shows it again, with what is wrong with it. */
export interface CsvRowReport {
  row: number;
  site: string;
  item: string;
  unit: string;
  quantity: string;
  countedAt: string;
  errors: CsvProblem[];
}

/** `fileError` is a catalogue message (`msg`/`msgWith`), said in the reader's words where it is shown. */
export type CsvImport = { ok: true; saved: number } | { ok: false; fileError: string; rows: CsvRowReport[] };

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Shown back short: a row's values are for the person to find the row, not to reproduce a huge cell. */
const shown = (value: string) => {
  // eslint-disable-next-line no-control-regex -- a control character is shown as a visible mark
  const clean = value.replace(/[\u0000-\u001F\u007F]/g, "�");
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
};

/**
 * Every row is checked (shape, site by name, time counted, the same item
 * and site twice) before anything is written: one bad row saves nothing and
 * every problem is reported beside its row. Rows are numbered as a
 * spreadsheet shows them (the header is row 1).
 */
export async function importStockCsv(ctx: Ctx, text: string): Promise<CsvImport> {
  requireStockAbility(ctx, "update");
  const refuse = (fileError: string, rows: CsvRowReport[] = []): CsvImport => ({ ok: false, fileError, rows });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return refuse(
      line
        ? msgWith("Row {{row}}: the file is not valid CSV. Start from the template.", { row: line })
        : msg("The file is not valid CSV. Start from the template."),
    );
  }
  if (records.length === 0) return refuse(msg("The file is empty. Start from the template."));
  const header = records[0].record.map((h) => h.toLowerCase().replace(/\s+/g, "_"));
  const missing = STOCK_CSV_COLUMNS.filter((c) => c.header !== "counted_at" && !header.includes(c.header));
  if (missing.length > 0)
    return refuse(
      msgWith("Row 1: missing column {{columns}}. Start from the template.", {
        columns: missing.map((m) => `“${m.header}”`).join(", "),
        count: missing.length,
      }),
    );
  const rows = records.slice(1);
  if (rows.length === 0) return refuse(msg("The file has a header but no counts."));
  if (rows.length > MAX_ROWS) return refuse(msgWith("At most {{max}} counts per file.", { max: MAX_ROWS }));

  const sites = await siteChoices(ctx);
  const siteByName = new Map(sites.map((s) => [s.label.trim().toLowerCase(), s.id]));
  const zone = await orgZone(ctx);
  const reports: CsvRowReport[] = [];
  const counts: Count[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const raw: Record<string, string> = {};
    for (const column of STOCK_CSV_COLUMNS) {
      const index = header.indexOf(column.header);
      raw[column.field] = index >= 0 ? (record[index] ?? "") : "";
    }
    const report: CsvRowReport = {
      row: info.lines,
      site: shown(raw.site),
      item: shown(raw.item),
      unit: shown(raw.unit),
      quantity: shown(raw.quantity),
      countedAt: shown(raw.countedAt),
      errors: [],
    };
    reports.push(report);
    const problem = (column: string | null, message: string) => report.errors.push({ column, message });
    if (record.length > header.length)
      problem(
        null,
        msgWith("{{values}} values but {{columns}} columns.", { values: record.length, columns: header.length }),
      );
    const controls = STOCK_CSV_COLUMNS.filter((c) => CONTROL.test(raw[c.field]));
    if (controls.length > 0) {
      for (const c of controls) problem(c.header, msg("Remove the control characters."));
      continue;
    }
    const parsed = stockRowSchema.safeParse(raw);
    if (!parsed.success) {
      const done = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        const column = STOCK_CSV_COLUMNS.find((c) => c.field === field)?.header ?? field;
        if (done.has(column)) continue;
        done.add(column);
        problem(column, issue.message);
      }
      continue;
    }
    const row = parsed.data;
    const siteId = siteByName.get(row.site.toLowerCase());
    if (!siteId)
      problem(
        "site",
        msgWith("No ship-to address of your organisation is named “{{site}}”.", { site: shown(row.site) }),
      );
    let countedAt = ctx.now;
    if (row.countedAt !== undefined) {
      const [day, time = "23:59"] = row.countedAt.split(/[T ]/);
      const dateProblem = calendarDateProblem(day);
      const at = dateProblem ? null : zonedLocalToInstant(`${day}T${time}`, zone);
      if (dateProblem)
        problem(
          "counted_at",
          dateProblem === NO_SUCH_DATE
            ? msg("That date does not exist.")
            : msgWith("Enter a year from {{min}} to {{max}}.", { min: MIN_YEAR, max: MAX_YEAR }),
        );
      else if (at === null) problem("counted_at", msg("That time does not exist."));
      else if (at.getTime() > ctx.now.getTime() + 60_000)
        problem("counted_at", msg("A count cannot be in the future."));
      else countedAt = at;
    }
    if (siteId) {
      const key = `${siteId}\u0000${itemKey(row.item)}\u0000${row.unit}`;
      const first = seen.get(key);
      if (first !== undefined)
        problem(null, msgWith("The same item and site as row {{row}}: keep one count of each.", { row: first }));
      else seen.set(key, report.row);
    }
    if (report.errors.length === 0 && siteId)
      counts.push({ siteId, itemName: row.item, unit: row.unit, quantity: row.quantity, countedAt });
  }
  const bad = reports.filter((r) => r.errors.length > 0);
  if (bad.length > 0)
    return refuse(
      msgWith("{{count}} rows have problems; nothing was saved. Correct them and upload the file again.", {
        count: bad.length,
      }),
      bad.slice(0, 200),
    );
  await inTransaction(ctx, (_trx, tx) => saveCounts(tx, counts, "csv"));
  return { ok: true, saved: counts.length };
}

async function orgZone(ctx: Ctx): Promise<string> {
  const org = await ctx.db
    .selectFrom("organisations")
    .where("id", "=", ctx.actor.orgId)
    .select("default_time_zone")
    .executeTakeFirstOrThrow();
  return org.default_time_zone;
}

/** The organisation's zone, in which the reorder pages show times. */
export async function organisationZone(ctx: Ctx): Promise<string> {
  return orgZone(ctx);
}
