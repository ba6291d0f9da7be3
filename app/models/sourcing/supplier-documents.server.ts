/**
 * Qualification documents: which document types a buying organisation
 * requires of the suppliers of each category (its settings), the documents
 * a supplier uploads for one customer with their expiry date (the file is an
 * attachment owned by the document), and the buyer's decision on each. A
 * supplier's documents are for the one customer it uploaded them to; no
 * other buyer, and no other supplier, reads them.
 * Why: docs/decisions/027-supplier-qualification.md.
 */
import { msg, msgWith } from "../../i18n/config";
import type { Db, Trx } from "../../../db/client.server";
import { supplierQualificationMail } from "../../../emails/templates/supplier-qualification";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { runTransition } from "../../../workflows/run-transition.server";
import { supplierQualificationWorkflow } from "../../../workflows/supplier-qualification.machine";
import { step } from "../../../workflows/workflow";
import { subject } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { FormError } from "../../utils/errors";
import { forbidden, notFound } from "../../utils/http.server";
import type { UploadedFile } from "../../utils/upload.server";
import { checkAttachment, insertAttachment } from "../shared/attachments.server";
import { inTransaction, type Ctx } from "../shared/context.server";
import { linkTo, notify } from "../shared/notify.server";

/** "YYYY-MM-DD" of an instant, in UTC: documents expire at the end of their last day, the same everywhere. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The document types required of a supplier with these categories, once each (case-insensitive), in name order. */
export async function requiredTypes(db: Db | Trx, buyerOrgId: string, categories: readonly string[]) {
  if (categories.length === 0) return [];
  const rows = await db
    .selectFrom("supplier_document_requirements")
    .where("org_id", "=", buyerOrgId)
    .where((eb) =>
      eb(
        eb.fn("lower", ["category"]),
        "in",
        categories.map((c) => c.toLowerCase()),
      ),
    )
    .select(["document_type"])
    .orderBy("document_type")
    .execute();
  const seen = new Map<string, string>();
  for (const r of rows)
    if (!seen.has(r.document_type.toLowerCase())) seen.set(r.document_type.toLowerCase(), r.document_type);
  return [...seen.values()];
}

export type RequirementState = "valid" | "expired" | "submitted" | "rejected" | "missing";

/**
 * Where each required document of one supplier stands with one buyer, and
 * every document it uploaded there (newest first). In order when every
 * required type has an approved document that has not expired.
 */
export async function documentStatus(
  db: Db | Trx,
  {
    buyerOrgId,
    supplierOrgId,
    categories,
    now,
  }: { buyerOrgId: string; supplierOrgId: string; categories: readonly string[]; now: Date },
) {
  const today = dayOf(now);
  const [types, docs] = await Promise.all([
    requiredTypes(db, buyerOrgId, categories),
    db
      .selectFrom("supplier_documents")
      .leftJoin("attachments", (join) =>
        join
          .onRef("attachments.owner_id", "=", "supplier_documents.id")
          .on("attachments.owner_type", "=", "supplier_document"),
      )
      .where("supplier_documents.buyer_org_id", "=", buyerOrgId)
      .where("supplier_documents.supplier_org_id", "=", supplierOrgId)
      .select([
        "supplier_documents.id",
        "supplier_documents.document_type as documentType",
        "supplier_documents.expires_on as expiresOn",
        "supplier_documents.status",
        "supplier_documents.reject_reason as rejectReason",
        "supplier_documents.created_at as uploadedAt",
        "attachments.filename",
      ])
      .orderBy("supplier_documents.created_at", "desc")
      .orderBy("supplier_documents.id", "desc")
      .execute(),
  ]);
  const documents = docs.map((d) => ({ ...d, expired: d.expiresOn < today }));
  const requirements = types.map((type) => {
    const mine = documents.filter((d) => d.documentType.toLowerCase() === type.toLowerCase());
    const valid = mine.find((d) => d.status === "approved" && !d.expired);
    const latest = mine[0];
    const state: RequirementState = valid
      ? "valid"
      : !latest
        ? "missing"
        : latest.status === "submitted"
          ? "submitted"
          : latest.status === "rejected"
            ? "rejected"
            : "expired";
    return { documentType: type, state, expiresOn: valid?.expiresOn ?? latest?.expiresOn ?? null };
  });
  return { requirements, documents, inOrder: requirements.every((r) => r.state === "valid") };
}

// ---- the buying organisation's settings ---------------------------------------------------------

export async function listRequirements(ctx: Ctx) {
  const { db, actor } = ctx;
  const [rows, org] = await Promise.all([
    db
      .selectFrom("supplier_document_requirements")
      .where("org_id", "=", actor.orgId)
      .select(["id", "category", "document_type as documentType"])
      .orderBy("category")
      .orderBy("document_type")
      .execute(),
    db
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select("suspend_on_document_expiry")
      .executeTakeFirstOrThrow(),
  ]);
  return { requirements: rows, suspendOnExpiry: org.suspend_on_document_expiry };
}

function mayKeepList(ctx: Ctx) {
  if (!ctx.ability.can("qualify", subject("SupplierRelationship", { buyer_org_id: ctx.actor.orgId }))) {
    throw forbidden("Only buyers and admins keep the supplier list.");
  }
}

export async function addRequirement(ctx: Ctx, input: { category: string; documentType: string }) {
  mayKeepList(ctx);
  const { actor } = ctx;
  return inTransaction(ctx, async (trx) => {
    const created = await trx
      .insertInto("supplier_document_requirements")
      .values({
        org_id: actor.orgId,
        category: input.category,
        document_type: input.documentType,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) {
      throw new FormError({
        documentType: msgWith("{{category}} already requires “{{document}}”.", {
          category: input.category,
          document: input.documentType,
        }),
      });
    }
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "supplier_document_requirement",
      entityId: created.id,
      event: "REQUIRE",
      data: { category: input.category, documentType: input.documentType },
    });
    return created;
  });
}

export async function removeRequirement(ctx: Ctx, { id }: { id: string }) {
  mayKeepList(ctx);
  const { actor } = ctx;
  return inTransaction(ctx, async (trx) => {
    const removed = await trx
      .deleteFrom("supplier_document_requirements")
      .where("id", "=", id)
      .where("org_id", "=", actor.orgId)
      .returning(["category", "document_type"])
      .executeTakeFirst();
    if (!removed) throw notFound("No such requirement.");
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "supplier_document_requirement",
      entityId: id,
      event: "REMOVE",
      data: { category: removed.category, documentType: removed.document_type },
    });
  });
}

/** "Suspend suppliers when a required document expires": the admin's, as every organisation setting is. */
export async function setSuspendOnExpiry(ctx: Ctx, { enabled }: { enabled: boolean }) {
  const { actor, ability } = ctx;
  if (!ability.can("update", subject("Organisation", { id: actor.orgId }))) {
    throw forbidden("Only an admin changes the organisation's settings.");
  }
  return inTransaction(ctx, async (trx) => {
    await trx
      .updateTable("organisations")
      .set({ suspend_on_document_expiry: enabled, settings_updated_at: ctx.now })
      .where("id", "=", actor.orgId)
      .execute();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "organisation",
      entityId: actor.orgId,
      event: "SETTINGS",
      data: { suspendOnDocumentExpiry: enabled },
    });
  });
}

// ---- the supplier's side ------------------------------------------------------------------------

/**
 * The supplier's customers that require documents of it: per customer, what
 * is required and where each stands. Only its own relationships it accepted.
 */
export async function customerDocuments(ctx: Ctx) {
  const { db, actor, now } = ctx;
  const rels = await db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.buyer_org_id")
    .where("supplier_relationships.supplier_org_id", "=", actor.orgId)
    .where("supplier_relationships.status", "=", "active")
    .select([
      "supplier_relationships.buyer_org_id as buyerOrgId",
      "supplier_relationships.categories",
      "supplier_relationships.qualification_status as qualification",
      "organisations.name as buyerName",
    ])
    .orderBy("organisations.name")
    .execute();
  const out = [];
  for (const rel of rels) {
    const status = await documentStatus(db, {
      buyerOrgId: rel.buyerOrgId,
      supplierOrgId: actor.orgId,
      categories: rel.categories,
      now,
    });
    // The latest reasons a customer gave for rejecting a document, so the supplier knows what to fix.
    const rejections = status.documents
      .filter((d) => d.status === "rejected" && d.rejectReason)
      .slice(0, 3)
      .map((d) => ({ id: d.id, documentType: d.documentType, reason: d.rejectReason as string }));
    out.push({ ...rel, ...status, rejections });
  }
  return out;
}

/** The supplier's relationship with one customer, for its own uploads: 404 to anyone else. */
async function loadOwnRelationship(ctx: Ctx, buyerOrgId: string) {
  const rel = await ctx.db
    .selectFrom("supplier_relationships")
    .selectAll()
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", ctx.actor.orgId)
    .executeTakeFirst();
  if (!rel) throw notFound("No such customer.");
  authorize(ctx.ability, "submit", subject("SupplierRelationship", rel), "customer");
  return rel;
}

/** A supplier uploads one required document for one customer; the customer's buyers are told. */
export async function uploadSupplierDocument(
  ctx: Ctx,
  input: { buyerOrgId: string; documentType: string; expiresOn: string; file: UploadedFile },
) {
  const { actor, now } = ctx;
  const rel = await loadOwnRelationship(ctx, input.buyerOrgId);
  if (rel.status !== "active")
    throw new FormError({ documentType: msg("Accept this customer before sending it documents.") });
  const types = await requiredTypes(ctx.db, rel.buyer_org_id, rel.categories);
  const type = types.find((t) => t.toLowerCase() === input.documentType.trim().toLowerCase());
  if (!type) throw new FormError({ documentType: msg("Choose one of the documents this customer asks for.") });
  if (input.expiresOn < dayOf(now)) throw new FormError({ expiresOn: msg("This document has already expired.") });
  const file = checkAttachment(input.file);
  return inTransaction(ctx, async (trx) => {
    const doc = await trx
      .insertInto("supplier_documents")
      .values({
        buyer_org_id: rel.buyer_org_id,
        supplier_org_id: actor.orgId,
        document_type: type,
        expires_on: input.expiresOn,
        uploaded_by: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertAttachment(trx, {
      orgId: actor.orgId,
      owner: { type: "supplier_document", id: doc.id, limit: 1, noun: "A document" },
      file,
      uploadedBy: actor.userId,
    });
    await appendAuditEvent(trx, {
      orgId: rel.buyer_org_id,
      actorId: actor.userId,
      entityType: "supplier_document",
      entityId: doc.id,
      event: "UPLOAD",
      toState: "submitted",
      data: { supplierOrgId: actor.orgId, documentType: type, expiresOn: input.expiresOn, sha256: file.sha256 },
    });
    const supplier = await trx
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select("name")
      .executeTakeFirstOrThrow();
    const path = `/suppliers/${actor.orgId}`;
    // The document's type is the buyer's own name for it, shown as typed.
    const sent = { supplier: supplier.name, type, date: { date: input.expiresOn } };
    await notify(trx, {
      kind: "supplier_qualification",
      audience: { orgId: rel.buyer_org_id, roles: ["buyer"] },
      path,
      text: msgWith("{{supplier}} sent its {{type}} (valid until {{date}}) for your decision.", sent),
      mail: (person, reader) =>
        supplierQualificationMail(
          {
            recipientName: person.name,
            subject: msgWith("{{supplier}} sent its {{type}}", sent),
            paragraphs: [
              msgWith(
                "{{supplier}} sent its {{type}}, valid until {{date}}. Approve or reject it on the supplier's page.",
                sent,
              ),
            ],
            actionLabel: msg("Open the supplier"),
            url: linkTo(path),
          },
          reader,
        ),
      at: now,
    });
    return doc;
  });
}

// ---- the buyer's decision -----------------------------------------------------------------------

/**
 * A buyer approves or rejects a supplier's document (a reason with a
 * rejection). Approving the last missing document of a supplier the expiry
 * job suspended reinstates it, through its machine.
 */
export async function decideSupplierDocument(
  ctx: Ctx,
  input: { supplierOrgId: string; documentId: string; decision: "approve" | "reject"; reason?: string },
) {
  const { actor, now, db, ability } = ctx;
  const rel = await db
    .selectFrom("supplier_relationships")
    .selectAll()
    .where("buyer_org_id", "=", actor.orgId)
    .where("supplier_org_id", "=", input.supplierOrgId)
    .executeTakeFirst();
  if (!rel) throw notFound("No such supplier.");
  authorize(ability, "qualify", subject("SupplierRelationship", rel), "supplier");
  return inTransaction(ctx, async (trx) => {
    const doc = await trx
      .selectFrom("supplier_documents")
      .selectAll()
      .where("id", "=", input.documentId)
      .where("buyer_org_id", "=", actor.orgId)
      .where("supplier_org_id", "=", input.supplierOrgId)
      .forUpdate()
      .executeTakeFirst();
    if (!doc) throw notFound("No such document.");
    if (doc.status !== "submitted") {
      throw new FormError({ form: `This ${doc.document_type} was already ${doc.status}.` });
    }
    const status = input.decision === "approve" ? "approved" : "rejected";
    const reason = input.decision === "reject" ? (input.reason ?? "").trim() : null;
    if (input.decision === "reject" && !reason) throw new FormError({ reason: msg("Give a reason.") });
    await trx
      .updateTable("supplier_documents")
      .set({ status, reject_reason: reason, decided_by: actor.userId, decided_at: now })
      .where("id", "=", doc.id)
      .execute();
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "supplier_document",
      entityId: doc.id,
      event: input.decision === "approve" ? "APPROVE" : "REJECT",
      fromState: doc.status,
      toState: status,
      data: { supplierOrgId: input.supplierOrgId, documentType: doc.document_type, reason },
    });
    const reinstated = await reinstateIfInOrder(trx, rel.id, { userId: actor.userId, orgId: actor.orgId }, now);
    const buyer = await trx
      .selectFrom("organisations")
      .where("id", "=", actor.orgId)
      .select("name")
      .executeTakeFirstOrThrow();
    const decided = { buyer: buyer.name, type: doc.document_type, reason: reason ?? "" };
    const text =
      status === "approved"
        ? reinstated
          ? msgWith("{{buyer}} approved your {{type}} and you may be chosen again.", decided)
          : msgWith("{{buyer}} approved your {{type}}.", decided)
        : msgWith("{{buyer}} rejected your {{type}}: {{reason}}", decided);
    await notify(trx, {
      kind: "supplier_qualification",
      audience: { orgId: input.supplierOrgId, roles: ["supplier"] },
      path: "/relationships",
      text,
      mail: (person, reader) =>
        supplierQualificationMail(
          {
            recipientName: person.name,
            subject:
              status === "approved"
                ? msgWith("{{buyer}} approved your {{type}}", decided)
                : msgWith("{{buyer}} rejected your {{type}}", decided),
            paragraphs: [text],
            actionLabel: msg("Open your customers"),
            url: linkTo("/relationships"),
          },
          reader,
        ),
      at: now,
    });
    return { status, reinstated };
  });
}

/**
 * A supplier the expiry job suspended is approved again once every required
 * document is approved and in date; a suspension a buyer decided stays.
 * Returns whether it was reinstated.
 */
export async function reinstateIfInOrder(
  trx: Trx,
  relationshipId: string,
  actor: { userId: string | null; orgId: string },
  now: Date,
): Promise<boolean> {
  const rel = await trx
    .selectFrom("supplier_relationships")
    .selectAll()
    .where("id", "=", relationshipId)
    .executeTakeFirstOrThrow();
  if (rel.qualification_status !== "suspended" || !rel.suspended_automatically) return false;
  const { inOrder } = await documentStatus(trx, {
    buyerOrgId: rel.buyer_org_id,
    supplierOrgId: rel.supplier_org_id,
    categories: rel.categories,
    now,
  });
  const context = { suspendedAutomatically: true, documentsInOrder: inOrder };
  const event = { type: "REINSTATE", at: now.toISOString() } as const;
  if (!step(supplierQualificationWorkflow, rel.qualification_status, context, event).ok) return false;
  await runTransition(trx, {
    workflow: supplierQualificationWorkflow,
    table: "supplier_relationships",
    id: rel.id,
    event,
    actor,
    columns: { status: "qualification_status", workflowVersion: "qualification_workflow_version" },
    context: () => context,
    changes: () => ({ qualification_reason: null, qualification_changed_at: now, suspended_automatically: false }),
    auditData: { supplierOrgId: rel.supplier_org_id },
  });
  return true;
}

/** A document's file, for the buyer it was sent to or the supplier that sent it; 404 to anyone else. */
export async function readSupplierDocumentFile(
  ctx: Ctx,
  { supplierOrgId, documentId }: { supplierOrgId: string; documentId: string },
) {
  const { db, actor, ability } = ctx;
  const doc = await db
    .selectFrom("supplier_documents")
    .innerJoin("attachments", (join) =>
      join
        .onRef("attachments.owner_id", "=", "supplier_documents.id")
        .on("attachments.owner_type", "=", "supplier_document"),
    )
    .innerJoin("supplier_relationships", (join) =>
      join
        .onRef("supplier_relationships.buyer_org_id", "=", "supplier_documents.buyer_org_id")
        .onRef("supplier_relationships.supplier_org_id", "=", "supplier_documents.supplier_org_id"),
    )
    .where("supplier_documents.id", "=", documentId)
    .where("supplier_documents.supplier_org_id", "=", supplierOrgId)
    .where("supplier_documents.buyer_org_id", "=", actor.orgId)
    .select([
      "attachments.filename",
      "attachments.content_type",
      "attachments.size_bytes",
      "attachments.sha256",
      "attachments.content",
      "supplier_relationships.buyer_org_id",
      "supplier_relationships.supplier_org_id",
    ])
    .executeTakeFirst();
  if (!doc) throw notFound("No such document.");
  authorize(ability, "qualify", subject("SupplierRelationship", doc), "document");
  const { buyer_org_id: _b, supplier_org_id: _s, ...file } = doc;
  return file;
}
