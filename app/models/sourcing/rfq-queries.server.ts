/** Reading RFQs: the paged list and the RFQ page, each as the person may see it. */
import type { Db } from "../../../db/client.server";
import { containing, decodeKeysetCursor, encodeKeysetCursor } from "../shared/sql.server";
import type { Rfq } from "../../../db/schema";
import type { InvitationStatus } from "../../../workflows/invitation.machine";
import { rfqWorkflow, type RfqEvent, type RfqStatus } from "../../../workflows/rfq.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { onSupplierSide, subject } from "../../auth/ability";
import { accessibleWhere } from "../../auth/accessible.server";
import { markInvitationViewed } from "./invitation.server";
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
}

export type RfqSort = "deadline" | "deadline_desc" | "newest";

export interface RfqListFilters {
  status?: RfqStatus;
  /** Part of the title, any case. */
  q?: string;
  sort?: RfqSort;
  /** The cursor of the previous page's last row (`nextCursor`). */
  after?: string;
  limit?: number;
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
): Promise<{ items: RfqListItem[]; nextCursor: string | null; sort: RfqSort }> {
  const { db, actor, ability } = ctx;
  // The buyer's side works to deadlines; a supplier sees its newest invitations first.
  const sort: RfqSort = filters.sort ?? (onSupplierSide(ability) ? "newest" : "deadline");
  const where = accessibleWhere(ability, "read", "Rfq");
  if (!where) return { items: [], nextCursor: null, sort };
  const limit = Math.min(Math.max(filters.limit ?? 25, 1), 200);
  const column = sort === "newest" ? "rfqs.created_at" : "rfqs.deadline";
  const direction = sort === "deadline" ? "asc" : "desc";
  let query = db
    .selectFrom("rfqs")
    .innerJoin("organisations", "organisations.id", "rfqs.org_id")
    .leftJoin("rfq_invitations", (join) =>
      join.onRef("rfq_invitations.rfq_id", "=", "rfqs.id").on("rfq_invitations.supplier_org_id", "=", actor.orgId),
    )
    .where((eb) => where(eb))
    .select((eb) => [
      "rfqs.id",
      "rfqs.reference",
      "rfqs.title",
      "rfqs.status",
      "rfqs.deadline",
      "rfqs.deadline_time_zone as deadlineTimeZone",
      "rfqs.currency",
      "organisations.name as buyerName",
      "rfq_invitations.status as invitationStatus",
      eb.cast<string>(column, "text").as("sortKey"),
    ])
    .orderBy(column, direction)
    .orderBy("rfqs.id", direction)
    .limit(limit + 1);
  if (filters.status) query = query.where("rfqs.status", "=", filters.status);
  const q = filters.q?.trim();
  if (q) query = query.where("rfqs.title", "ilike", containing(q));
  const cursor = decodeKeysetCursor(filters.after);
  if (cursor) {
    const { key, id } = cursor;
    query = query.where((eb) =>
      eb(
        eb.refTuple(column, "rfqs.id"),
        direction === "asc" ? ">" : "<",
        eb.tuple(eb.cast<Date>(eb.val(key), "timestamptz"), eb.cast<string>(eb.val(id), "uuid")),
      ),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ sortKey: _key, ...item }) => item),
    nextCursor: rows.length > limit && last ? encodeKeysetCursor(last.sortKey, last.id) : null,
    sort,
  };
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
    return {
      // The buyer's reason for the award may weigh one bidder against another: never the supplier's to read.
      rfq: { ...rfq, award_justification: null },
      buyerName: buyer.name,
      // The target price is the buyer's own figure; suppliers quote blind to it.
      lines: lines.map(({ target_price: _target, ...line }) => ({ ...line, target_price: null })),
      context,
      possible: [] as string[],
      invitations: null,
      myQuote: quote ?? null,
      myInvitation: {
        status: invitation.status === "invited" ? "viewed" : invitation.status,
        declineReason: invitation.decline_reason,
      },
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
  return {
    rfq,
    buyerName: buyer.name,
    lines,
    context,
    possible: possible.filter((e) => canAct(BUYER_ACTION[e] ?? "cancel")),
    canCompare: rfq.closed_at !== null && canAct("compare"),
    canAward: rfq.status === "closed" && canAct("award"),
    invitations,
    myQuote: null,
    myInvitation: null,
    supplierView: false as const,
  };
}

type RfqAction = "update" | "publish" | "close" | "cancel" | "award" | "compare";

/** Which ability a buyer needs for each RFQ event offered on the page. */
const BUYER_ACTION: Partial<Record<RfqEvent["type"], RfqAction>> = {
  PUBLISH: "publish",
  UPDATE_DRAFT: "update",
  EXTEND_DEADLINE: "update",
  CLOSE: "close",
  CANCEL: "cancel",
};
