/**
 * Reading agreements: the list, the agreement page (items with consumed and
 * remaining, the value, the call-offs and the chart's points, and what the
 * reader may do now), and the call-off form's items.
 */
import { randomUUID } from "node:crypto";

import { sql } from "kysely";

import { agreementWorkflow, type AgreementEvent, type AgreementStatus } from "../../../workflows/agreement.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { accessibleWhere } from "../../auth/accessible.server";
import { onSupplierSide } from "../../auth/ability";
import { csvStream, EXPORT_BATCH, type CsvReader } from "../shared/csv.server";
import { msg } from "../../i18n/config";
import {
  afterCursor,
  decodeSortCursor,
  pageOf,
  sortKeyOf,
  type ListSort,
  type SortColumn,
} from "../shared/list-sort.server";
import { containing, idsByPartyName } from "../shared/sql.server";
import { toDecimal } from "../../utils/money";
import type { Ctx } from "../shared/context.server";

import { agreementContext, itemsAndBreaksOf, loadAgreementFor, tagAgreement } from "./agreement.server";
import { callOffsOf, consumptionOf, RELEASED_PO_STATUSES } from "./consumption.server";
import { formatPriceBreaks, percentConsumed, remainingOf, unitPriceFor } from "./terms";
import { AGREEMENT_SORT_FIRST, type AgreementListQuery, type AgreementSortKey } from "./agreement-list.schema";

export const AGREEMENT_DEFAULT_SORT: ListSort<AgreementSortKey> = { key: "created", direction: "desc" };

export interface AgreementListFilters {
  status?: AgreementStatus;
  /** Text in the number, the title, the other party's name or an item's name. */
  search?: string;
  sort?: ListSort<AgreementSortKey>;
  cursor?: string;
  pageSize?: number;
}

/** One page of the agreements this person may read, in the order asked (newest first unless told), keyset-paged. */
export async function listAgreementPage(ctx: Ctx, filters: AgreementListFilters = {}) {
  const { db, ability } = ctx;
  const where = accessibleWhere(ability, "read", "Agreement");
  if (!where) return { rows: [], nextCursor: null as string | null };
  const pageSize = filters.pageSize ?? 25;
  const sort = filters.sort ?? AGREEMENT_DEFAULT_SORT;
  const supplierSide = onSupplierSide(ability);
  const columns: Record<AgreementSortKey, SortColumn> = {
    number: { expression: sql`agreements.number`, kind: "text" },
    title: { expression: sql`agreements.title`, kind: "text" },
    party: { expression: supplierSide ? sql`buyer.name` : sql`supplier.name`, kind: "text" },
    status: { expression: sql`agreements.status::text`, kind: "text" },
    ends: { expression: sql`agreements.valid_to`, kind: "date" },
    created: { expression: sql`agreements.created_at`, kind: "timestamp" },
  };
  const column = columns[sort.key];
  let query = db
    .selectFrom("agreements")
    .innerJoin("organisations as supplier", "supplier.id", "agreements.supplier_org_id")
    .innerJoin("organisations as buyer", "buyer.id", "agreements.buyer_org_id")
    .where((eb) => where(eb))
    .select([
      "agreements.id",
      "agreements.number",
      "agreements.title",
      "agreements.status",
      "agreements.currency",
      "agreements.valid_from",
      "agreements.valid_to",
      "agreements.value_cap",
      "supplier.name as supplierName",
      "buyer.name as buyerName",
      sortKeyOf(column).as("sortKey"),
    ])
    .orderBy(column.expression, sort.direction)
    .orderBy("agreements.id", sort.direction)
    .limit(pageSize + 1);
  if (filters.status) query = query.where("agreements.status", "=", filters.status);
  const search = filters.search?.trim();
  if (search) {
    const pattern = containing(search);
    // One index per column (trigrams), the ids joined (IN ignores repeats, so no UNION needs to drop them): an OR across joined tables would read every row.
    query = query.where(
      "agreements.id",
      "in",
      db
        .selectFrom("agreements as found")
        .where("found.number", "ilike", pattern)
        .select("found.id")
        .unionAll(db.selectFrom("agreements as found").where("found.title", "ilike", pattern).select("found.id"))
        .unionAll(idsByPartyName(db, "agreements", supplierSide ? "buyer_org_id" : "supplier_org_id", pattern))
        .unionAll(
          db
            .selectFrom("agreement_items as found")
            .where("found.item_name", "ilike", pattern)
            .select("found.agreement_id as id"),
        ),
    );
  }
  const after = decodeSortCursor(filters.cursor, sort, column.kind);
  if (after) query = query.where(afterCursor(column, "agreements.id", sort.direction, after));
  return pageOf(await query.execute(), pageSize, sort);
}

/** Every agreement this person may read, newest first (the first 200), and whether they may make one. */
export async function listAgreements(ctx: Ctx) {
  const { rows } = await listAgreementPage(ctx, { pageSize: 200 });
  return { rows, can: { create: ctx.ability.can("create", "Agreement") } };
}

/** The list's filters from its address. */
export function agreementFiltersFrom(query: AgreementListQuery): AgreementListFilters {
  return {
    status: query.status,
    search: query.q,
    sort: query.sort ? { key: query.sort, direction: query.dir ?? AGREEMENT_SORT_FIRST[query.sort] } : undefined,
    cursor: query.after,
  };
}

/**
 * The list as CSV: the same rows and order as the page, every page of them. Column names from the catalogue
 * in the reader's language; dates are calendar days (no zone); statuses as codes and the cap as a plain
 * decimal (no thousands separators), so a spreadsheet filters and sums them.
 */
export function agreementCsv(ctx: Ctx, filters: AgreementListFilters, { t }: Pick<CsvReader, "t">) {
  const supplierSide = onSupplierSide(ctx.ability);
  return csvStream(
    [
      t(msg("number")),
      t(msg("title")),
      supplierSide ? t(msg("buyer")) : t(msg("supplier")),
      t(msg("status")),
      t(msg("valid_from")),
      t(msg("valid_to")),
      t(msg("value_cap")),
      t(msg("currency")),
    ],
    (cursor) => listAgreementPage(ctx, { ...filters, cursor, pageSize: EXPORT_BATCH }),
    (a) => [
      a.number,
      a.title,
      supplierSide ? a.buyerName : a.supplierName,
      a.status,
      a.valid_from,
      a.valid_to,
      a.value_cap ?? "",
      a.currency,
    ],
  );
}

/** A point of the consumption chart: the value of the standing call-offs up to a day. */
export interface ConsumptionPoint {
  day: string;
  cumulative: string;
}

export async function getAgreementPage(ctx: Ctx, { id }: { id: string }) {
  const { db, ability, now } = ctx;
  const agreement = await loadAgreementFor(ctx, id, "read");
  const tagged = tagAgreement(agreement);
  // Call-offs are the buying organisation's own purchase orders, drafts included: only it sees them here.
  const seesCallOffs = ability.can("update", tagged) || ability.can("browse", tagged);
  const [[items, breaks], parties, consumption, callOffs, context, timeline] = await Promise.all([
    itemsAndBreaksOf(db, id),
    db
      .selectFrom("organisations as buyer")
      .innerJoin("organisations as supplier", (join) => join.on("supplier.id", "=", agreement.supplier_org_id))
      .where("buyer.id", "=", agreement.buyer_org_id)
      .select(["buyer.name as buyerName", "supplier.name as supplierName"])
      .executeTakeFirstOrThrow(),
    consumptionOf(db, id, agreement.currency),
    seesCallOffs ? callOffsOf(db, id) : Promise.resolve([]),
    agreementContext(db, agreement),
    db
      .selectFrom("audit_events")
      .leftJoin("users", "users.id", "audit_events.actor_id")
      .where("audit_events.entity_type", "=", "agreement")
      .where("audit_events.entity_id", "=", id)
      .select([
        "audit_events.id",
        "audit_events.event",
        "audit_events.to_state",
        "audit_events.created_at",
        "users.name as actorName",
      ])
      .orderBy("audit_events.id")
      .execute(),
  ]);
  const at = now.toISOString();
  const candidates: AgreementEvent[] = [
    { type: "UPDATE_DRAFT", at },
    { type: "SEND", at },
    { type: "ACKNOWLEDGE", at },
    { type: "DECLINE", at, reason: "-" },
    { type: "CANCEL", at, reason: "-" },
    { type: "CLOSE", at, reason: "-" },
    { type: "CALL_OFF", at },
  ];
  const allowed = allowedEvents(agreementWorkflow, agreement.status, context, candidates);
  const can = {
    edit: allowed.includes("UPDATE_DRAFT") && ability.can("update", tagged),
    send: allowed.includes("SEND") && ability.can("issue", tagged),
    acknowledge: allowed.includes("ACKNOWLEDGE") && ability.can("acknowledge", tagged),
    decline: allowed.includes("DECLINE") && ability.can("decline", tagged),
    cancel: allowed.includes("CANCEL") && ability.can("cancel", tagged),
    close: allowed.includes("CLOSE") && ability.can("close", tagged),
    callOff: allowed.includes("CALL_OFF") && ability.can("callOff", tagged),
    seeCallOffs: seesCallOffs,
  };
  const itemRows = items.map((item) => {
    const itemBreaks = breaks
      .filter((b) => b.item_id === item.id)
      .map((b) => ({ minQuantity: toDecimal(b.min_quantity).toString(), unitPrice: b.unit_price }));
    const consumed = consumption.byItem.get(item.id) ?? "0";
    return {
      id: item.id,
      position: item.position,
      itemName: item.item_name,
      specification: item.specification,
      category: item.category,
      unit: item.unit,
      unitPrice: item.unit_price,
      breaks: itemBreaks,
      breaksText: formatPriceBreaks(itemBreaks),
      quantityCap: item.quantity_cap === null ? null : toDecimal(item.quantity_cap).toString(),
      consumed,
      remaining: remainingOf(item.quantity_cap, consumed),
      percent: percentConsumed(item.quantity_cap, consumed),
      /** The price one more unit would cost now, for the call-off form's hint. */
      priceForOne: unitPriceFor(item.unit_price, itemBreaks, "1"),
    };
  });
  const standing = callOffs.filter((c) => !(RELEASED_PO_STATUSES as readonly string[]).includes(c.status));
  let running = toDecimal(0);
  const chart: ConsumptionPoint[] = [];
  for (const c of standing) {
    running = running.plus(c.total);
    const day = c.created_at.toISOString().slice(0, 10);
    const last = chart[chart.length - 1];
    if (last?.day === day) last.cumulative = running.toString();
    else chart.push({ day, cumulative: running.toString() });
  }
  return {
    agreement,
    ...parties,
    items: itemRows,
    value: {
      cap: agreement.value_cap,
      consumed: consumption.value,
      remaining: remainingOf(agreement.value_cap, consumption.value),
      percent: percentConsumed(agreement.value_cap, consumption.value),
    },
    callOffs,
    chart: seesCallOffs ? chart : [],
    timeline,
    can,
    /** A fresh key for the call-off form: the same form posted twice books once. */
    callOffKey: randomUUID(),
  };
}
