/**
 * The organisation's audit log for its admin: one page at a time, newest
 * first, filtered by person, kind of record, event and days (in the
 * viewer's time zone), and the CSV export of everything the filters select,
 * streamed in batches so a long log never sits in memory. Only the
 * organisation's own events: every query is scoped by its id.
 */
import { subject } from "../../auth/ability";
import { msg } from "../../i18n/config";
import { forbidden } from "../../utils/http.server";
import { parseSubmission } from "../../utils/submission";
import { formatInstant, zonedLocalToInstant } from "../../utils/time";
import type { Db } from "../../../db/client.server";

import type { Ctx } from "./context.server";
import { auditFilterSchema, type AuditFilters } from "./audit-log.schema";
import { encodeKeysetCursor } from "./sql.server";
import { csvCell } from "./csv.server";
import { organisationTimeZone } from "./organisation-settings.server";

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_BATCH = 500;

const FILTER_KEYS = ["actor", "entity", "event", "from", "to"] as const;

/**
 * The filters in an address, read with the page form's schema: `filters`
 * null when they do not parse (the reply puts each message next to its
 * field), and the address of the same selection without the page cursor.
 */
export function readAuditFilters(params: URLSearchParams) {
  const submission = parseSubmission(params, auditFilterSchema);
  const filters = submission.status === "success" ? submission.value : null;
  const selection = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters?.[key];
    if (value) selection.set(key, value);
  }
  const messages = submission.status === "success" ? [] : Object.values(submission.error ?? {}).flat();
  return {
    filters,
    selection,
    reply: filters ? null : submission.reply(),
    message: messages[0] ?? null,
    typed: Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])),
  };
}

function requireAuditLog(ctx: Ctx) {
  if (!ctx.ability.can("read", subject("AuditLog", { org_id: ctx.actor.orgId }))) throw forbidden();
}

/** The zone the viewer reads instants in: their own, or else the organisation's default. */
export async function viewerTimeZone(ctx: Ctx): Promise<string> {
  const own = await ctx.db
    .selectFrom("users")
    .where("id", "=", ctx.actor.userId)
    .select("time_zone")
    .executeTakeFirst();
  return own?.time_zone ?? organisationTimeZone(ctx.db, ctx.actor.orgId);
}

/** The day after "YYYY-MM-DD". */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function eventQuery(db: Db, orgId: string, filters: AuditFilters, zone: string) {
  let query = db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .where("audit_events.org_id", "=", orgId)
    .select([
      "audit_events.id",
      "audit_events.created_at",
      "audit_events.entity_type",
      "audit_events.entity_id",
      "audit_events.event",
      "audit_events.from_state",
      "audit_events.to_state",
      "audit_events.data",
      "users.name as actorName",
      "users.email as actorEmail",
    ])
    .select((eb) => eb.cast<string>("audit_events.created_at", "text").as("sortKey"))
    .orderBy("audit_events.created_at", "desc")
    .orderBy("audit_events.id", "desc");
  if (filters.actor) query = query.where("audit_events.actor_id", "=", filters.actor);
  if (filters.entity) query = query.where("audit_events.entity_type", "=", filters.entity);
  if (filters.event) query = query.where("audit_events.event", "=", filters.event);
  // Days are the viewer's days: midnight to midnight in their zone.
  const from = filters.from ? zonedLocalToInstant(`${filters.from}T00:00`, zone) : null;
  const to = filters.to ? zonedLocalToInstant(`${nextDay(filters.to)}T00:00`, zone) : null;
  if (from) query = query.where("audit_events.created_at", ">=", from);
  if (to) query = query.where("audit_events.created_at", "<", to);
  return query;
}

/**
 * The cursor of an audit page: the last event's instant and its id. Audit
 * ids are a bigint sequence, not UUIDs, so sql.server's decoder (which
 * insists on a UUID) does not fit; anything tampered with reads as the
 * first page.
 */
function decodeAuditCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === "string" &&
      /^\d{1,18}$/.test(value[1])
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // Not base64 or not JSON: the first page.
  }
  return null;
}

type EventRow = Awaited<ReturnType<ReturnType<typeof eventQuery>["execute"]>>[number];

async function pageAfter(
  db: Db,
  orgId: string,
  filters: AuditFilters,
  zone: string,
  cursor: string | undefined,
  size: number,
) {
  let query = eventQuery(db, orgId, filters, zone).limit(size + 1);
  const after = decodeAuditCursor(cursor);
  if (after) {
    query = query.where((eb) =>
      eb(
        eb.refTuple("audit_events.created_at", "audit_events.id"),
        "<",
        eb.tuple(eb.cast<Date>(eb.val(after.key), "timestamptz"), eb.cast<string>(eb.val(after.id), "bigint")),
      ),
    );
  }
  const rows = await query.execute();
  const more = rows.length > size;
  const page = more ? rows.slice(0, size) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? encodeKeysetCursor(last.sortKey, last.id) : null };
}

/** What an event says in one line: its states and the keys of its data. */
function summary(row: EventRow): string {
  const states = row.from_state || row.to_state ? `${row.from_state ?? "—"} → ${row.to_state ?? "—"}` : "";
  const data = row.data && Object.keys(row.data).length > 0 ? JSON.stringify(row.data) : "";
  return [states, data.length > 300 ? `${data.slice(0, 300)}…` : data].filter(Boolean).join(" · ");
}

/** One page of the log with the choices its filter form offers. */
export async function getAuditPage(ctx: Ctx, filters: AuditFilters) {
  requireAuditLog(ctx);
  const { db, actor } = ctx;
  const zone = await viewerTimeZone(ctx);
  const [page, people, kinds, events] = await Promise.all([
    pageAfter(db, actor.orgId, filters, zone, filters.after, AUDIT_PAGE_SIZE),
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .where("memberships.org_id", "=", actor.orgId)
      .select(["users.id", "users.name", "users.email"])
      .distinct()
      .orderBy("users.name")
      .execute(),
    db
      .selectFrom("audit_events")
      .where("org_id", "=", actor.orgId)
      .select("entity_type")
      .distinct()
      .orderBy("entity_type")
      .execute(),
    db
      .selectFrom("audit_events")
      .where("org_id", "=", actor.orgId)
      .select("event")
      .distinct()
      .orderBy("event")
      .execute(),
  ]);
  return {
    zone,
    events: page.rows.map((r) => ({
      id: r.id,
      at: formatInstant(r.created_at, zone),
      /** For the page, which shows it in the viewer's own zone. */
      createdAt: r.created_at.toISOString(),
      actor: r.actorName ?? msg("System"),
      /** Done by no person (a scheduled job, a match): the page says so in the viewer's words. */
      system: r.actorName === null,
      fromState: r.from_state,
      toState: r.to_state,
      data: r.data && Object.keys(r.data).length > 0 ? JSON.stringify(r.data) : "",
      entityType: r.entity_type,
      entityId: r.entity_id,
      event: r.event,
      summary: summary(r),
    })),
    nextCursor: page.nextCursor,
    choices: {
      people: people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` })),
      kinds: kinds.map((k) => k.entity_type),
      events: events.map((e) => e.event),
    },
  };
}

// One rule for every CSV the application writes; kept importable from here for the audit export's callers.
export { csvCell };

// Routes that audit a sign-in write through here: a module of app/ named .server never reaches the browser
// build, while the workflows' own audit writer (outside app/) would be bundled for it.
export { appendAuditEvent } from "../../../workflows/audit.server";

/** Column names, catalogue keys: a spreadsheet's formulas may name them, so they stay short words. */
const CSV_HEADER = [
  msg("time"),
  msg("time_utc"),
  msg("actor"),
  msg("actor_email"),
  msg("entity_type"),
  msg("entity_id"),
  msg("event"),
  msg("from_state"),
  msg("to_state"),
  msg("data"),
];

type Translate = (key: string) => string;

/** The CSV of every event the filters select, newest first, as a stream of batches; `t` says its header in the reader's words. */
export async function auditCsvStream(
  ctx: Ctx,
  filters: AuditFilters,
  { batch = EXPORT_BATCH, t = (key) => key }: { batch?: number; t?: Translate } = {},
): Promise<ReadableStream<Uint8Array>> {
  requireAuditLog(ctx);
  const { db, actor } = ctx;
  const zone = await viewerTimeZone(ctx);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${CSV_HEADER.map((h) => csvCell(t(h))).join(",")}\r\n`));
        }
        const { rows, nextCursor } = await pageAfter(db, actor.orgId, filters, zone, cursor, batch);
        const lines = rows.map((r) =>
          [
            formatInstant(r.created_at, zone),
            r.created_at.toISOString(),
            r.actorName ?? t("System"),
            r.actorEmail ?? "",
            r.entity_type,
            r.entity_id ?? "",
            r.event,
            r.from_state ?? "",
            r.to_state ?? "",
            r.data && Object.keys(r.data).length > 0 ? JSON.stringify(r.data) : "",
          ]
            .map(csvCell)
            .join(","),
        );
        if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
        if (!nextCursor) controller.close();
        else cursor = nextCursor;
      } catch (error) {
        controller.error(error);
      }
    },
  });
}
