/**
 * The buying organisation's supplier list and one supplier's page: every
 * supplier it has a relationship with, as far as the supplier let it see.
 * A supplier that has not accepted (invited, declined) is known by the
 * address the buyer typed only: its name, country and people stay hidden,
 * in the list, in search and on its page (decision 016). Qualification is
 * the buyer's own judgement (decision 027).
 */
import { sql } from "kysely";

import type { SupplierRelationship } from "../../../db/schema";
import {
  SUPPLIER_QUALIFICATION_STATUSES,
  supplierQualificationWorkflow,
  type SupplierQualificationEvent,
  type SupplierQualificationStatus,
} from "../../../workflows/supplier-qualification.machine";
import type { SupplierRelationshipStatus } from "../../../workflows/supplier-relationship.machine";
import { allowedEvents } from "../../../workflows/workflow";
import { subject } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { notFound } from "../../utils/http.server";
import { type Ctx } from "../shared/context.server";
import { containing, decodeKeysetCursor, encodeKeysetCursor } from "../shared/sql.server";
import { standingRefusal } from "../shared/supplier-standing.server";
import { documentStatus } from "./supplier-documents.server";

export type SupplierAction = "read" | "qualify" | "unblock" | "create";

/**
 * The buyer's relationship with one supplier organisation, or a 404 when
 * the organisation has none (whoever asks: another tenant's supplier does
 * not exist here); a 403 when it may be read but not acted on.
 */
export async function loadSupplierFor(
  ctx: Pick<Ctx, "db" | "ability" | "actor">,
  supplierOrgId: string,
  action: SupplierAction = "read",
): Promise<SupplierRelationship> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(supplierOrgId)) {
    throw notFound("No such supplier.");
  }
  const row = await ctx.db
    .selectFrom("supplier_relationships")
    .selectAll()
    .where("buyer_org_id", "=", ctx.actor.orgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .executeTakeFirst();
  if (!row) throw notFound("No such supplier.");
  authorize(ctx.ability, action, subject("SupplierRelationship", row), "supplier");
  return row;
}

/** The name the buyer may know the supplier by: its organisation's once it accepted, else the address typed. */
export function displayName(row: { status: SupplierRelationshipStatus; name: string; contact_email: string | null }) {
  return row.status === "active" ? row.name : (row.contact_email ?? "Invited supplier");
}

export interface SupplierListFilters {
  q?: string;
  category?: string;
  qualification?: SupplierQualificationStatus;
  consent?: SupplierRelationshipStatus;
  country?: string;
  after?: string;
  limit?: number;
}

/** What a name or country may be matched against: nothing of a supplier that has not accepted. */
const shownName = sql<string>`case when supplier_relationships.status = 'active' then organisations.name else coalesce(supplier_relationships.contact_email, '') end`;

/**
 * One page of the organisation's suppliers, newest relationship first,
 * keyset paged on (created_at, id) as the RFQ list is.
 */
export async function listSuppliers(ctx: Ctx, filters: SupplierListFilters = {}) {
  const { db, actor } = ctx;
  const limit = Math.min(Math.max(filters.limit ?? 25, 1), 200);
  let query = db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", actor.orgId)
    .select((eb) => [
      "supplier_relationships.id",
      "supplier_relationships.supplier_org_id as supplierOrgId",
      "supplier_relationships.status",
      "supplier_relationships.qualification_status as qualification",
      "supplier_relationships.qualification_reason as qualificationReason",
      "supplier_relationships.categories",
      "supplier_relationships.contact_email",
      "organisations.name",
      "organisations.country",
      eb.cast<string>("supplier_relationships.created_at", "text").as("sortKey"),
    ])
    .orderBy("supplier_relationships.created_at", "desc")
    .orderBy("supplier_relationships.id", "desc")
    .limit(limit + 1);
  const q = filters.q?.trim();
  if (q) {
    query = query.where((eb) =>
      eb.or([
        eb(shownName, "ilike", containing(q)),
        eb("supplier_relationships.contact_email", "ilike", containing(q)),
      ]),
    );
  }
  if (filters.category) {
    const category = filters.category.toLowerCase();
    query = query.where(
      sql<boolean>`exists (select 1 from unnest(supplier_relationships.categories) c where lower(c) = ${category})`,
    );
  }
  if (filters.qualification)
    query = query.where("supplier_relationships.qualification_status", "=", filters.qualification);
  if (filters.consent) query = query.where("supplier_relationships.status", "=", filters.consent);
  if (filters.country) {
    query = query
      .where("supplier_relationships.status", "=", "active")
      .where("organisations.country", "=", filters.country.toUpperCase());
  }
  const cursor = decodeKeysetCursor(filters.after);
  if (cursor) {
    query = query.where((eb) =>
      eb(
        eb.refTuple("supplier_relationships.created_at", "supplier_relationships.id"),
        "<",
        eb.tuple(eb.cast<Date>(eb.val(cursor.key), "timestamptz"), eb.cast<string>(eb.val(cursor.id), "uuid")),
      ),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      supplierOrgId: r.supplierOrgId,
      name: displayName(r),
      accepted: r.status === "active",
      country: r.status === "active" ? r.country : null,
      categories: r.categories,
      consent: r.status,
      qualification: r.qualification,
      /** Why it cannot be invited, awarded or ordered from now; null when it can. */
      unavailable: standingRefusal({
        status: r.status,
        qualification_status: r.qualification,
        qualification_reason: r.qualificationReason,
      }),
    })),
    nextCursor: rows.length > limit && last ? encodeKeysetCursor(last.sortKey, last.id) : null,
  };
}

/** The filter choices of the list: the categories and countries of the organisation's own suppliers. */
export async function supplierFilterOptions(ctx: Ctx) {
  const { db, actor } = ctx;
  const [categories, countries] = await Promise.all([
    db
      .selectFrom("supplier_relationships")
      .where("buyer_org_id", "=", actor.orgId)
      .select(sql<string>`unnest(categories)`.as("category"))
      .distinct()
      .orderBy("category")
      .execute(),
    db
      .selectFrom("supplier_relationships")
      .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
      .where("supplier_relationships.buyer_org_id", "=", actor.orgId)
      .where("supplier_relationships.status", "=", "active")
      .where("organisations.country", "is not", null)
      .select("organisations.country")
      .distinct()
      .orderBy("organisations.country")
      .execute(),
  ]);
  return {
    categories: categories.map((c) => c.category),
    countries: countries.map((c) => c.country as string),
    qualifications: SUPPLIER_QUALIFICATION_STATUSES,
  };
}

const CANDIDATES: SupplierQualificationEvent[] = [
  { type: "APPROVE", at: "" },
  { type: "SUSPEND", at: "", reason: "x", automatic: false },
  { type: "LIFT", at: "" },
  { type: "BLOCK", at: "", reason: "x" },
  { type: "UNBLOCK", at: "", reason: "x" },
];

/** One supplier's page: who it is (once it accepted), its documents, what the organisation did with it, and what may be done now. */
export async function getSupplierPage(ctx: Ctx, { supplierOrgId }: { supplierOrgId: string }) {
  const { db, actor, ability, now } = ctx;
  const rel = await loadSupplierFor(ctx, supplierOrgId, "qualify");
  const accepted = rel.status === "active";
  const org = await db
    .selectFrom("organisations")
    .where("id", "=", supplierOrgId)
    .select(["name", "country", "address", "tax_id"])
    .executeTakeFirstOrThrow();
  const [contacts, rfqs, quotes, pos, invoices, history, documents] = await Promise.all([
    accepted
      ? db
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .where("memberships.org_id", "=", supplierOrgId)
          .where("memberships.role", "=", "supplier")
          .where("users.disabled_at", "is", null)
          .select(["users.id", "users.name", "users.email"])
          .orderBy("users.name")
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom("rfq_invitations")
      .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
      .where("rfq_invitations.buyer_org_id", "=", actor.orgId)
      .where("rfq_invitations.supplier_org_id", "=", supplierOrgId)
      .select(["rfqs.id", "rfqs.reference", "rfqs.title", "rfqs.status", "rfq_invitations.status as answer"])
      .orderBy("rfqs.created_at", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("quotes")
      .innerJoin("rfqs", "rfqs.id", "quotes.rfq_id")
      .where("quotes.buyer_org_id", "=", actor.orgId)
      .where("quotes.supplier_org_id", "=", supplierOrgId)
      // A draft is the supplier's own until it is sent.
      .where("quotes.status", "!=", "draft")
      .select(["quotes.id", "rfqs.id as rfqId", "rfqs.reference", "rfqs.title", "quotes.status"])
      .orderBy("rfqs.created_at", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("purchase_orders")
      .where("buyer_org_id", "=", actor.orgId)
      .where("supplier_org_id", "=", supplierOrgId)
      .select(["id", "number", "status", "total", "currency"])
      .orderBy("created_at", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("invoices")
      .where("buyer_org_id", "=", actor.orgId)
      .where("supplier_org_id", "=", supplierOrgId)
      .select(["id", "invoice_number as number", "status", "total", "currency"])
      .orderBy("created_at", "desc")
      .limit(50)
      .execute(),
    db
      .selectFrom("audit_events")
      .leftJoin("users", "users.id", "audit_events.actor_id")
      .where("audit_events.org_id", "=", actor.orgId)
      .where("audit_events.entity_type", "in", ["supplier_qualification", "supplier_document"])
      .where(({ or, eb }) =>
        or([
          eb("audit_events.entity_id", "=", rel.id),
          eb(sql<string>`audit_events.data->>'supplierOrgId'`, "=", supplierOrgId),
        ]),
      )
      .select([
        "audit_events.id",
        "audit_events.event",
        "audit_events.from_state",
        "audit_events.to_state",
        "audit_events.created_at",
        "audit_events.data",
        "users.name as actorName",
      ])
      .orderBy("audit_events.created_at", "desc")
      .limit(50)
      .execute(),
    documentStatus(db, { buyerOrgId: actor.orgId, supplierOrgId, categories: rel.categories, now }),
  ]);
  const tagged = subject("SupplierRelationship", rel);
  const offered = allowedEvents(
    supplierQualificationWorkflow,
    rel.qualification_status,
    { suspendedAutomatically: rel.suspended_automatically, documentsInOrder: documents.inOrder },
    CANDIDATES,
  );
  const mayQualify = ability.can("qualify", tagged);
  return {
    relationship: {
      id: rel.id,
      version: rel.version,
      consent: rel.status,
      qualification: rel.qualification_status,
      qualificationReason: rel.qualification_reason,
      suspendedAutomatically: rel.suspended_automatically,
      categories: rel.categories,
      contactEmail: rel.contact_email,
      since: rel.created_at,
    },
    supplier: {
      id: supplierOrgId,
      name: accepted ? org.name : (rel.contact_email ?? "Invited supplier"),
      accepted,
      country: accepted ? org.country : null,
      address: accepted ? org.address : null,
      taxId: accepted ? org.tax_id : null,
    },
    unavailable: standingRefusal(rel),
    contacts,
    rfqs,
    quotes,
    pos,
    invoices,
    documents: {
      ...documents,
      documents: documents.documents.map((d) => ({ ...d, decidable: mayQualify && d.status === "submitted" })),
    },
    history: history.map((h) => ({
      id: h.id,
      event: h.event,
      from: h.from_state,
      to: h.to_state,
      at: h.created_at,
      by: h.actorName,
      reason: typeof h.data.reason === "string" ? h.data.reason : null,
      documentType: typeof h.data.documentType === "string" ? h.data.documentType : null,
    })),
    can: {
      approve: mayQualify && offered.includes("APPROVE"),
      suspend: mayQualify && offered.includes("SUSPEND"),
      lift: mayQualify && offered.includes("LIFT"),
      block: mayQualify && offered.includes("BLOCK"),
      unblock: ability.can("unblock", tagged) && offered.includes("UNBLOCK"),
      decideDocuments: mayQualify,
    },
  };
}
