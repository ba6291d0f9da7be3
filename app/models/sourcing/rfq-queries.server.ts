/** Reading RFQs: the paged list and the RFQ page, each as the person may see it. */
import type { Db } from "../../../db/client.server";
import { sql } from "kysely";

import type { RfqSort, RfqSortKey } from "./rfq-sort";

import { containing, idsByPartyName } from "../shared/sql.server";
import { csvStream, EXPORT_BATCH, type CsvReader } from "../shared/csv.server";
import { msg } from "../../i18n/config";
import { formatInstant } from "../../utils/time";
import {
  afterCursor,
  decodeSortCursor,
  pageOf,
  sortKeyOf,
  type ListSort,
  type SortColumn,
} from "../shared/list-sort.server";
import type { Rfq } from "../../../db/schema";
import {
  invitationWorkflow,
  type InvitationContext,
  type InvitationEvent,
  type InvitationStatus,
} from "../../../workflows/invitation.machine";
import { quoteWorkflow, type QuoteStatus } from "../../../workflows/quote.machine";
import { RFQ_STATUSES, rfqWorkflow, type RfqEvent, type RfqStatus } from "../../../workflows/rfq.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { onSupplierSide, subject, type Actor, type AppAbility } from "../../auth/ability";
import { accessibleWhere } from "../../auth/accessible.server";
import { markInvitationViewed } from "./invitation.server";
import { acceptsAttachments } from "./rfq-attachments.server";
import { loadRfqFor, rfqContext } from "./rfq.server";
import { closeRfqIfDue } from "./rfq-schedule.server";
import { type Ctx } from "../shared/context.server";

export interface RfqListItem {
  id: string;
  reference: string;
  title: string;
  status: RfqStatus;
  deadline: Date;
  deadlineTimeZone: string;
  currency: string;
  buyerName: string;
  invitationStatus: InvitationStatus | null;
  /** For an invited supplier: the invitation still waits for its answer (quote or decline) and can get one now. */
  awaitingAnswer: boolean;
  /** The buying side's progress: suppliers invited and quotes submitted (counts, never prices); null for a supplier. */
  progress: { invited: number; quoted: number } | null;
}

export type { RfqSort, RfqSortKey } from "./rfq-sort";

const LEGACY_SORTS: Record<RfqSort, ListSort<RfqSortKey>> = {
  deadline: { key: "deadline", direction: "asc" },
  deadline_desc: { key: "deadline", direction: "desc" },
  newest: { key: "created", direction: "desc" },
};

export interface RfqListFilters {
  status?: RfqStatus;
  /** Text in the reference, the title, the buyer's name or an item's name, any case. */
  q?: string;
  sort?: RfqSort | ListSort<RfqSortKey>;
  /** The cursor of the previous page's last row (`nextCursor`). */
  after?: string;
  limit?: number;
  /** The instant the list is read at (now unless given). */
  at?: Date;
}

/**
 * Reading an RFQ past its deadline closes it first (only this one; the
 * scheduler closes the rest), so nobody sees it open a moment too long.
 */
async function closeOnRead(db: Db, rfq: Rfq, at: Date): Promise<boolean> {
  if (rfq.status !== "open" || new Date(rfq.deadline).getTime() > at.getTime()) return false;
  return closeRfqIfDue(db, rfq.id, at);
}

/**
 * One page of the RFQs the actor may see, filtered and sorted, with keyset
 * pagination: the next page starts after the last row's (sort key, id), so
 * page 1000 costs what page 1 costs, served by the (org_id, deadline, id)
 * and (org_id, created_at, id) indexes. Sort keys travel as Postgres text,
 * keeping microseconds that a JavaScript Date would drop.
 */
export async function listRfqPage(
  ctx: Ctx,
  filters: RfqListFilters = {},
): Promise<{ items: RfqListItem[]; nextCursor: string | null; sort: ListSort<RfqSortKey> }> {
  const { db, actor, ability } = ctx;
  const supplierSide = onSupplierSide(ability);
  // The buyer's side works to deadlines; a supplier sees its newest invitations first.
  const asked = filters.sort ?? (supplierSide ? "newest" : "deadline");
  const sort = typeof asked === "string" ? LEGACY_SORTS[asked] : asked;
  const where = accessibleWhere(ability, "read", "Rfq");
  if (!where) return { items: [], nextCursor: null, sort };
  const limit = Math.min(Math.max(filters.limit ?? 25, 1), EXPORT_BATCH);
  const columns: Record<RfqSortKey, SortColumn> = {
    reference: { expression: sql`rfqs.reference`, kind: "text" },
    title: { expression: sql`rfqs.title`, kind: "text" },
    status: { expression: sql`rfqs.status::text`, kind: "text" },
    deadline: { expression: sql`rfqs.deadline`, kind: "timestamp" },
    created: { expression: sql`rfqs.created_at`, kind: "timestamp" },
  };
  const column = columns[sort.key];
  let query = db
    .selectFrom("rfqs")
    .innerJoin("organisations", "organisations.id", "rfqs.org_id")
    .leftJoin("rfq_invitations", (join) =>
      join.onRef("rfq_invitations.rfq_id", "=", "rfqs.id").on("rfq_invitations.supplier_org_id", "=", actor.orgId),
    )
    .where((eb) => where(eb))
    .select([
      "rfqs.id",
      "rfqs.reference",
      "rfqs.title",
      "rfqs.status",
      "rfqs.deadline",
      "rfqs.deadline_time_zone as deadlineTimeZone",
      "rfqs.currency",
      "organisations.name as buyerName",
      "rfq_invitations.status as invitationStatus",
      sortKeyOf(column).as("sortKey"),
    ])
    .orderBy(column.expression, sort.direction)
    .orderBy("rfqs.id", sort.direction)
    .limit(limit + 1);
  if (filters.status) query = query.where("rfqs.status", "=", filters.status);
  const q = filters.q?.trim();
  if (q) {
    const pattern = containing(q);
    // One index per column (trigrams), the ids joined (IN ignores repeats, so no UNION needs to drop them): an OR across joined tables would read every row.
    query = query.where(
      "rfqs.id",
      "in",
      db
        .selectFrom("rfqs as found")
        .where("found.title", "ilike", pattern)
        .select("found.id")
        .unionAll(db.selectFrom("rfqs as found").where("found.reference", "ilike", pattern).select("found.id"))
        .unionAll(idsByPartyName(db, "rfqs", "org_id", pattern))
        .unionAll(
          db.selectFrom("rfq_lines as found").where("found.item_name", "ilike", pattern).select("found.rfq_id as id"),
        ),
    );
  }
  const cursor = decodeSortCursor(filters.after, sort, column.kind);
  if (cursor) query = query.where(afterCursor(column, "rfqs.id", sort.direction, cursor));
  const page = pageOf(await query.execute(), limit, sort);
  // How many were invited and have quoted: the buying side's to know, never a supplier's.
  const progress = supplierSide
    ? new Map<string, { invited: number; quoted: number }>()
    : await rfqProgress(db, page.rows);
  const at = filters.at ?? new Date();
  return {
    items: page.rows.map((item) => ({
      ...item,
      // Not yet answered: the invitation machine would still take a decline (never after a quote or a decline).
      awaitingAnswer:
        item.invitationStatus !== null &&
        answersOpen(item, item.invitationStatus as InvitationStatus, false, at, "DECLINE"),
      progress: supplierSide ? null : (progress.get(item.id) ?? { invited: 0, quoted: 0 }),
    })),
    nextCursor: page.nextCursor,
    sort,
  };
}

/** Invitations and submitted quotes per RFQ of a page: two grouped queries on the rfq_id indexes. */
async function rfqProgress(db: Db, rows: { id: string }[]) {
  const result = new Map<string, { invited: number; quoted: number }>();
  if (rows.length === 0) return result;
  const ids = rows.map((r) => r.id);
  const [invited, quoted] = await Promise.all([
    db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "in", ids)
      .groupBy("rfq_id")
      .select(["rfq_id", (eb) => eb.fn.countAll<string>().as("n")])
      .execute(),
    db
      .selectFrom("quotes")
      .where("rfq_id", "in", ids)
      .where("status", "=", "submitted")
      .groupBy("rfq_id")
      .select(["rfq_id", (eb) => eb.fn.countAll<string>().as("n")])
      .execute(),
  ]);
  const quotedOf = new Map(quoted.map((r) => [r.rfq_id, Number(r.n)]));
  for (const r of invited) result.set(r.rfq_id, { invited: Number(r.n), quoted: quotedOf.get(r.rfq_id) ?? 0 });
  return result;
}

/**
 * The list as CSV: the same rows and order as the page, every page of them; progress only for the buying
 * side. Column names from the catalogue in the reader's language; the deadline in their zone beside UTC;
 * statuses as codes and counts as plain numbers, so a spreadsheet filters and sums them.
 */
export function rfqCsv(ctx: Ctx, filters: Omit<RfqListFilters, "after" | "limit">, { t, timeZone }: CsvReader) {
  const supplierSide = onSupplierSide(ctx.ability);
  const header = supplierSide
    ? [
        msg("reference"),
        msg("title"),
        msg("buyer"),
        msg("status"),
        msg("your_answer"),
        msg("deadline"),
        msg("deadline_utc"),
      ]
    : [
        msg("reference"),
        msg("title"),
        msg("status"),
        msg("invited"),
        msg("quoted"),
        msg("deadline"),
        msg("deadline_utc"),
      ];
  return csvStream(
    header.map((h) => t(h)),
    async (after) => {
      const page = await listRfqPage(ctx, { ...filters, after, limit: EXPORT_BATCH });
      return { rows: page.items, nextCursor: page.nextCursor };
    },
    (r) =>
      supplierSide
        ? [
            r.reference,
            r.title,
            r.buyerName,
            r.status,
            r.invitationStatus ?? "",
            formatInstant(r.deadline, timeZone),
            new Date(r.deadline).toISOString(),
          ]
        : [
            r.reference,
            r.title,
            r.status,
            String(r.progress?.invited ?? 0),
            String(r.progress?.quoted ?? 0),
            formatInstant(r.deadline, timeZone),
            new Date(r.deadline).toISOString(),
          ],
  );
}

/** The statuses worth filtering the RFQ list by: those of the RFQs this person may read (a supplier never sees a draft). */
export function rfqStatusOptions({ actor, ability }: Pick<Ctx, "actor" | "ability">): RfqStatus[] {
  return RFQ_STATUSES.filter((status) =>
    ability.can("read", subject("Rfq", { status, org_id: actor.orgId, invited_supplier_org_ids: [actor.orgId] })),
  );
}

/** The first page, newest first: for summaries (dashboard) and callers that need no paging. */
export async function listRfqs(ctx: Ctx, filters: { status?: RfqStatus } = {}): Promise<RfqListItem[]> {
  return (await listRfqPage(ctx, { ...filters, sort: "newest", limit: 100 })).items;
}

export async function getRfqPage(ctx: Ctx, { id }: { id: string }) {
  const { db, actor, ability, now: at } = ctx;
  let rfq = await loadRfqFor(ctx, id);
  if (await closeOnRead(db, rfq, at)) rfq = await loadRfqFor(ctx, id);
  const lines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", id)
    .select(["id", "position", "item_name", "specification", "quantity", "unit", "target_price"])
    .orderBy("position")
    .execute();
  const buyer = await db
    .selectFrom("organisations")
    .where("id", "=", rfq.org_id)
    .select("name")
    .executeTakeFirstOrThrow();
  const context = await rfqContext(db, rfq);
  const candidates: RfqEvent[] = [
    { type: "PUBLISH", at: at.toISOString() },
    { type: "UPDATE_DRAFT" },
    // Any later instant: the page only asks whether extending is possible at all now.
    { type: "EXTEND_DEADLINE", at: at.toISOString(), deadline: "9999-12-31T00:00:00.000Z" },
    { type: "CLOSE", at: at.toISOString() },
    { type: "CANCEL", at: at.toISOString(), reason: "-" },
  ];
  const possible = allowedEvents(rfqWorkflow, rfq.status, context, candidates);

  if (!ability.can("readInternal", subject("Rfq", rfq))) {
    const invitation = await db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", id)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "status", "viewed_at", "decline_reason"])
      .executeTakeFirstOrThrow();
    if (invitation.status === "invited") {
      await db.transaction().execute((trx) => markInvitationViewed(trx, actor, invitation.id, at));
    }
    const quote = await db
      .selectFrom("quotes")
      .where("rfq_id", "=", id)
      .where("supplier_org_id", "=", actor.orgId)
      .select(["id", "status", "current_revision", "currency"])
      .executeTakeFirst();
    const shownStatus = invitation.status === "invited" ? "viewed" : invitation.status;
    return {
      rfq: supplierRfqView(rfq),
      buyerName: buyer.name,
      // The target price is the buyer's own figure; suppliers quote blind to it.
      lines: lines.map(({ target_price: _target, ...line }) => ({ ...line, target_price: null })),
      // The machine's facts count every invitation and answer: the number of bidders is never a supplier's to know.
      context: null,
      possible: [] as string[],
      invitations: null,
      myQuote: quote ?? null,
      myInvitation: {
        status: shownStatus,
        declined: shownStatus === "declined",
        declineReason: invitation.decline_reason,
      },
      can: supplierCan(ability, actor, rfq, shownStatus, quote ?? null, at),
      supplierView: true as const,
    };
  }

  // Buyer side: who was invited and where each stands, never a price.
  const invitations = await db
    .selectFrom("rfq_invitations")
    .leftJoin("organisations", "organisations.id", "rfq_invitations.supplier_org_id")
    .where("rfq_invitations.rfq_id", "=", id)
    .select([
      "rfq_invitations.id",
      "organisations.name as supplierName",
      "rfq_invitations.invited_email",
      "rfq_invitations.status",
      "rfq_invitations.viewed_at",
      "rfq_invitations.answered_at",
      "rfq_invitations.decline_reason",
    ])
    .orderBy("organisations.name")
    .execute();
  const canAct = (action: RfqAction) =>
    ability.can(action, subject("Rfq", { ...rfq, invited_supplier_org_ids: [] as string[] }));
  const offered = possible.filter((e) => canAct(BUYER_ACTION[e] ?? "cancel"));
  const canCompare = rfq.closed_at !== null && canAct("compare");
  const canAward = rfq.status === "closed" && canAct("award");
  const can: RfqPageCan = {
    ...NOTHING,
    editDraft: offered.includes("UPDATE_DRAFT"),
    publish: offered.includes("PUBLISH"),
    extendDeadline: offered.includes("EXTEND_DEADLINE"),
    close: offered.includes("CLOSE"),
    cancel: offered.includes("CANCEL"),
    // A supplier invited now must still be able to answer: the invitation machine's own window.
    invite: canAct("invite") && answersOpen(rfq, "invited", false, at),
    attach: canAct("update") && acceptsAttachments(rfq.status),
    compare: canCompare,
    award: canAward,
    // Questions exist once the RFQ has been sent to suppliers (a draft was never seen by one).
    questions: rfq.status !== "draft",
    readAward: rfq.status === "awarded",
  };
  return {
    rfq,
    buyerName: buyer.name,
    lines,
    context,
    possible: offered,
    canCompare,
    canAward,
    can,
    invitations,
    myQuote: null,
    myInvitation: null,
    supplierView: false as const,
  };
}

/**
 * The RFQ as an invited supplier reads it: the request as the buyer published
 * it, by an allowlist of columns. Left out is everything that moves with
 * other people's work rather than with the request: the version and update
 * time, the instants it was published, closed (on the first read after the
 * deadline, possibly another bidder's) or awarded, its author, and the award
 * justification, which may weigh one bidder against another.
 */
function supplierRfqView(rfq: Rfq) {
  return {
    id: rfq.id,
    org_id: rfq.org_id,
    reference: rfq.reference,
    title: rfq.title,
    description: rfq.description,
    category: rfq.category,
    currency: rfq.currency,
    deadline: rfq.deadline,
    deadline_time_zone: rfq.deadline_time_zone,
    delivery_address: rfq.delivery_address,
    wanted_by: rfq.wanted_by,
    payment_terms: rfq.payment_terms,
    incoterm: rfq.incoterm,
    status: rfq.status,
    cancel_reason: rfq.cancel_reason,
    award_justification: null,
  };
}

type RfqAction = "update" | "publish" | "close" | "cancel" | "award" | "compare" | "invite";

/** Which ability a buyer needs for each RFQ event offered on the page. */
const BUYER_ACTION: Partial<Record<RfqEvent["type"], RfqAction>> = {
  PUBLISH: "publish",
  UPDATE_DRAFT: "update",
  EXTEND_DEADLINE: "update",
  CLOSE: "close",
  CANCEL: "cancel",
};

/**
 * What the RFQ page may offer the person reading it: the same flags on both
 * sides of the table, false where they do not apply. Each one asks the
 * ability (who may) and the machines (what the record allows now); the
 * actions still check both again on the server.
 */
export interface RfqPageCan {
  /** Buying side. */
  editDraft: boolean;
  publish: boolean;
  extendDeadline: boolean;
  close: boolean;
  cancel: boolean;
  invite: boolean;
  attach: boolean;
  compare: boolean;
  award: boolean;
  /** Open the questions and answers page. */
  questions: boolean;
  /** See the award's purchase orders and justification. */
  readAward: boolean;
  /** Supplier side: submit (or revise) its quote, keep a draft, withdraw it, decline, ask. */
  quote: boolean;
  saveDraft: boolean;
  withdraw: boolean;
  decline: boolean;
  ask: boolean;
}

const NOTHING: RfqPageCan = {
  editDraft: false,
  publish: false,
  extendDeadline: false,
  close: false,
  cancel: false,
  invite: false,
  attach: false,
  compare: false,
  award: false,
  questions: false,
  readAward: false,
  quote: false,
  saveDraft: false,
  withdraw: false,
  decline: false,
  ask: false,
};

/** Whether the invitation machine lets an invitee in this state answer (or decline) now. */
function answersOpen(
  rfq: Pick<Rfq, "status" | "deadline">,
  invitationStatus: InvitationStatus,
  quoteSubmitted: boolean,
  at: Date,
  event: "SUBMIT" | "DECLINE" = "SUBMIT",
): boolean {
  const context: InvitationContext = {
    rfqStatus: rfq.status as RfqStatus,
    deadline: new Date(rfq.deadline).toISOString(),
    quoteSubmitted,
  };
  const candidate: InvitationEvent =
    event === "SUBMIT"
      ? { type: "SUBMIT", at: at.toISOString() }
      : { type: "DECLINE", at: at.toISOString(), reason: "-" };
  return allowedEvents(invitationWorkflow, invitationStatus, context, [candidate]).includes(event);
}

function supplierCan(
  ability: AppAbility,
  actor: Actor,
  rfq: Rfq,
  invitationStatus: string,
  quote: { status: string; current_revision: number } | null,
  at: Date,
): RfqPageCan {
  const asInvited = subject("Rfq", { ...rfq, invited_supplier_org_ids: [actor.orgId] });
  const mayQuote = ability.can("quote", subject("Quote", { rfq_id: rfq.id, supplier_org_id: actor.orgId }));
  // No quote yet is a draft not saved yet: the machine's initial state.
  const quoteEvents = allowedEvents(
    quoteWorkflow,
    (quote?.status ?? "draft") as QuoteStatus,
    {
      rfqStatus: rfq.status as RfqStatus,
      deadline: new Date(rfq.deadline).toISOString(),
      revisionCount: quote?.current_revision ?? 0,
    },
    [
      { type: "SUBMIT", at: at.toISOString() },
      { type: "SAVE_DRAFT", at: at.toISOString() },
      { type: "WITHDRAW", at: at.toISOString() },
    ],
  );
  const status = invitationStatus as InvitationStatus;
  const quoteSubmitted = quote?.status === "submitted";
  return {
    ...NOTHING,
    quote: mayQuote && quoteEvents.includes("SUBMIT"),
    saveDraft: mayQuote && quoteEvents.includes("SAVE_DRAFT"),
    withdraw: mayQuote && quoteEvents.includes("WITHDRAW"),
    // Declining is the supplier answering; being able to read the RFQ is what it needs.
    decline: ability.can("read", asInvited) && answersOpen(rfq, status, quoteSubmitted, at, "DECLINE"),
    ask: ability.can("ask", asInvited) && answersOpen(rfq, status, quoteSubmitted, at),
    questions: ability.can("ask", asInvited) && answersOpen(rfq, status, quoteSubmitted, at),
  };
}
