/**
 * RFQs: creating, publishing, reading and closing them, always scoped by the
 * actor's organisation (buyers) or invitation (suppliers).
 */
import { randomBytes } from "node:crypto";

import type { Transaction } from "kysely";

import type { Db } from "../../db/client.server";
import type { Database, Rfq } from "../../db/schema";
import { enqueueMail } from "../../emails/outbox.server";
import { rfqCancelledMail } from "../../emails/templates/rfq-cancelled";
import { rfqDeadlineExtendedMail } from "../../emails/templates/rfq-deadline-extended";
import { rfqDeadlineReminderMail } from "../../emails/templates/rfq-deadline-reminder";
import { rfqInvitationMail } from "../../emails/templates/rfq-invitation";
import { appendAuditEvent } from "../../workflows/audit.server";
import { rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "../../workflows/rfq.machine";
import { runTransition } from "../../workflows/run-transition.server";
import { allowedEvents } from "../../workflows/workflow";
import { subject, type Actor, type AppAbility } from "../auth/ability";
import { accessibleWhere } from "../auth/accessible.server";
import { FormError } from "../utils/errors";
import { notFound } from "../utils/http.server";
import { toDecimal } from "../utils/money";
import { instantToZonedLocal, zonedLocalToInstant } from "../utils/time";

import { absoluteUrl } from "../env.server";

import { markInvitationViewed } from "./invitation.server";
import { mailRegistrationLinks, newRegistrationLink } from "./registration.server";
import { rfqHeader } from "./rfq-header.server";
import { orgRecipients } from "./mail-recipients.server";
import type { RfqFormInput } from "./rfq.schema";

type Trx = Transaction<Database>;

export async function rfqContext(trx: Trx | Db, rfq: Pick<Rfq, "id" | "deadline">): Promise<RfqContext> {
  const counts = await trx
    .selectFrom("rfqs")
    .where("rfqs.id", "=", rfq.id)
    .select((eb) => [
      eb
        .selectFrom("rfq_lines")
        .whereRef("rfq_lines.rfq_id", "=", "rfqs.id")
        .select(eb.fn.countAll<string>().as("n"))
        .as("lineCount"),
      eb
        .selectFrom("rfq_invitations")
        .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
        .select(eb.fn.countAll<string>().as("n"))
        .as("invitedCount"),
      eb
        .selectFrom("rfq_invitations")
        .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
        .where("rfq_invitations.status", "in", ["submitted", "declined"])
        .select(eb.fn.countAll<string>().as("n"))
        .as("answeredCount"),
    ])
    .executeTakeFirstOrThrow();
  return {
    lineCount: Number(counts.lineCount),
    invitedCount: Number(counts.invitedCount),
    answeredCount: Number(counts.answeredCount),
    deadline: new Date(rfq.deadline).toISOString(),
  };
}

async function transitionRfq(
  trx: Trx,
  actor: { userId: string | null; orgId: string | null },
  id: string,
  event: RfqEvent,
  options: { expectedVersion?: number; changes?: Record<string, unknown>; auditData?: Record<string, unknown> } = {},
) {
  return runTransition<RfqStatus, RfqContext, RfqEvent, Rfq>(trx, {
    workflow: rfqWorkflow,
    table: "rfqs",
    id,
    event,
    actor,
    expectedVersion: options.expectedVersion,
    context: (row) => rfqContext(trx, row),
    changes: () => options.changes ?? {},
    auditData: options.auditData,
  });
}

function newReference(at: Date): string {
  return `RFQ-${at.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

/** The deadline typed in its time zone, as an instant; publishing needs it ahead of `at`. */
function checkedDeadline(input: RfqFormInput, at: Date): Date {
  const deadline = zonedLocalToInstant(input.deadline, input.deadlineTimeZone);
  if (!deadline) throw new FormError({ deadline: "Enter the deadline as a date and time." });
  if (input.intent === "publish" && deadline.getTime() <= at.getTime()) {
    throw new FormError({ deadline: "The deadline must be in the future." });
  }
  return deadline;
}

/** The chosen suppliers, all of which must be on the organisation's active supplier list. */
async function invitableSuppliers(trx: Trx, buyerOrgId: string, ids: readonly string[]) {
  const suppliers = await allowedSuppliers(trx, buyerOrgId, ids);
  if (suppliers.length !== new Set(ids).size) {
    throw new FormError({ supplierIds: "Invite only suppliers from your organisation's supplier list." });
  }
  return suppliers;
}

/**
 * Addresses to invite by email. One that already belongs to a supplier on
 * the organisation's own list is pointed back to the list: that supplier is
 * invited by ticking it, so its quotes land in the organisation it has.
 */
async function invitableEmails(trx: Trx, buyerOrgId: string, typed: readonly string[]) {
  // Addresses are compared and stored lower-case, whoever calls.
  const emails = [...new Set(typed.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (emails.length === 0) return [];
  const known = await trx
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .innerJoin("supplier_relationships", "supplier_relationships.supplier_org_id", "memberships.org_id")
    .innerJoin("organisations", "organisations.id", "memberships.org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where((eb) => eb(eb.fn("lower", ["users.email"]), "in", [...emails]))
    .select(["users.email", "organisations.name"])
    .executeTakeFirst();
  if (known) {
    throw new FormError({
      inviteEmails: `${known.email} already works for ${known.name}, which is on your supplier list: tick it there instead.`,
    });
  }
  return emails;
}

/** Creates a draft RFQ with its lines and invitations, and publishes it when asked. */
export async function createRfq(
  db: Db,
  actor: Actor,
  input: RfqFormInput,
  at: Date,
): Promise<{ id: string; status: RfqStatus }> {
  const deadline = checkedDeadline(input, at);
  return db.transaction().execute(async (trx) => {
    const suppliers = await invitableSuppliers(trx, actor.orgId, input.supplierIds);
    const emails = await invitableEmails(trx, actor.orgId, input.inviteEmails ?? []);
    const rfq = await trx
      .insertInto("rfqs")
      .values({
        org_id: actor.orgId,
        reference: newReference(at),
        ...headerColumns(input, deadline),
        created_by: actor.userId,
        workflow_version: rfqWorkflow.version,
      })
      .returning(["id", "deadline"])
      .executeTakeFirstOrThrow();
    await insertLines(trx, actor.orgId, rfq.id, input.lines);
    await insertInvitations(trx, actor.orgId, rfq.id, suppliers, emails);
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: rfq.id,
      event: "CREATE",
      toState: "draft",
      data: { lines: input.lines.length, invited: suppliers.length, invitedByEmail: emails.length },
    });
    if (input.intent !== "publish") return { id: rfq.id, status: "draft" as const };
    await publishInTransaction(trx, actor, rfq.id, at);
    return { id: rfq.id, status: "open" as const };
  });
}

/** The RFQ row's columns that come straight from the form, for create and draft edit alike. */
function headerColumns(input: RfqFormInput, deadline: Date) {
  return {
    title: input.title,
    description: input.description,
    currency: input.currency,
    deadline,
    deadline_time_zone: input.deadlineTimeZone,
    delivery_address: input.deliveryAddress,
    category: input.category ?? null,
    wanted_by: input.wantedBy ?? null,
    payment_terms: input.paymentTerms ?? null,
    incoterm: input.incoterm ?? null,
  };
}

async function insertLines(trx: Trx, orgId: string, rfqId: string, lines: RfqFormInput["lines"]) {
  await trx
    .insertInto("rfq_lines")
    .values(
      lines.map((line, index) => ({
        rfq_id: rfqId,
        org_id: orgId,
        position: index + 1,
        item_name: line.itemName,
        specification: line.specification,
        quantity: line.quantity,
        unit: line.unit,
        target_price: line.targetPrice ?? null,
      })),
    )
    .execute();
}

async function insertInvitations(
  trx: Trx,
  orgId: string,
  rfqId: string,
  suppliers: readonly { id: string }[],
  emails: readonly string[] = [],
) {
  const rows = [
    ...suppliers.map((s) => ({ rfq_id: rfqId, buyer_org_id: orgId, supplier_org_id: s.id })),
    ...emails.map((email) => ({ rfq_id: rfqId, buyer_org_id: orgId, invited_email: email })),
  ];
  if (rows.length === 0) return;
  await trx.insertInto("rfq_invitations").values(rows).execute();
}

/**
 * Rewrites a draft from the same form it was created with, and publishes it
 * when asked. Lines and invitations are replaced wholesale: while a draft,
 * nobody outside the buyer's organisation has seen them.
 */
export async function updateDraftRfq(
  db: Db,
  actor: Actor,
  id: string,
  input: RfqFormInput & { version: number },
  at: Date,
): Promise<{ id: string; status: RfqStatus }> {
  const deadline = checkedDeadline(input, at);
  return db.transaction().execute(async (trx) => {
    const suppliers = await invitableSuppliers(trx, actor.orgId, input.supplierIds);
    const emails = await invitableEmails(trx, actor.orgId, input.inviteEmails ?? []);
    await transitionRfq(
      trx,
      actor,
      id,
      { type: "UPDATE_DRAFT" },
      {
        expectedVersion: input.version,
        changes: {
          ...headerColumns(input, deadline),
        },
        auditData: { lines: input.lines.length, invited: suppliers.length, invitedByEmail: emails.length },
      },
    );
    await trx.deleteFrom("rfq_lines").where("rfq_id", "=", id).execute();
    await insertLines(trx, actor.orgId, id, input.lines);
    await trx.deleteFrom("rfq_invitations").where("rfq_id", "=", id).execute();
    await insertInvitations(trx, actor.orgId, id, suppliers, emails);
    if (input.intent !== "publish") return { id, status: "draft" as const };
    await publishInTransaction(trx, actor, id, at);
    return { id, status: "open" as const };
  });
}

/** A draft as the form's values, for editing it. */
export async function getDraftForm(db: Db, actor: Actor, ability: AppAbility, id: string) {
  const rfq = await loadRfqFor(db, actor, ability, id, "update");
  const lines = await db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", id)
    .select(["item_name", "specification", "quantity", "unit", "target_price"])
    .orderBy("position")
    .execute();
  const invited = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  const invitedEmails = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is", null)
    .where("invited_email", "is not", null)
    .select("invited_email")
    .orderBy("invited_email")
    .execute();
  return {
    rfq,
    values: {
      title: rfq.title,
      description: rfq.description,
      category: rfq.category ?? "",
      currency: rfq.currency,
      deadline: instantToZonedLocal(new Date(rfq.deadline), rfq.deadline_time_zone),
      deadlineTimeZone: rfq.deadline_time_zone,
      deliveryAddress: rfq.delivery_address,
      wantedBy: rfq.wanted_by ?? "",
      paymentTerms: rfq.payment_terms ?? "",
      incoterm: rfq.incoterm ?? "",
      lines: lines.map((l) => ({
        itemName: l.item_name,
        specification: l.specification,
        // "100.000" as stored reads back as the "100" the buyer typed.
        quantity: toDecimal(l.quantity).toString(),
        unit: l.unit,
        targetPrice: l.target_price === null ? "" : toDecimal(l.target_price).toString(),
      })),
      supplierIds: invited.map((i) => i.supplier_org_id as string),
      inviteEmails: invitedEmails.map((i) => i.invited_email as string).join("\n"),
      version: String(rfq.version),
    },
  };
}

/**
 * Every active user of every invited supplier organisation, and every
 * address invited by email that has not registered yet (`invitationId` set:
 * it has no account, so a link must come with the mail).
 */
async function invitedRecipients(trx: Trx, rfqId: string) {
  const invitations = await trx
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfqId)
    .select(["id", "supplier_org_id", "invited_email", "buyer_org_id"])
    .execute();
  const out: { orgId: string; email: string; name: string; invitationId: string | null }[] = [];
  for (const invitation of invitations) {
    const orgId = invitation.supplier_org_id;
    if (orgId) {
      for (const r of await orgRecipients(trx, orgId, ["supplier"]))
        out.push({ orgId, email: r.email, name: r.name, invitationId: null });
    } else if (invitation.invited_email) {
      // Filed under the buyer, as the invitation itself was: there is no supplier organisation yet.
      out.push({
        orgId: invitation.buyer_org_id,
        email: invitation.invited_email,
        name: invitation.invited_email,
        invitationId: invitation.id,
      });
    }
  }
  return out;
}

/**
 * Moves an open RFQ's deadline later and tells every invited supplier. The
 * new deadline is wall-clock time in the RFQ's own time zone.
 */
export async function extendRfqDeadline(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  newDeadlineLocal: string,
  at: Date,
) {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("rfqs")
      .where("id", "=", id)
      .select(["deadline", "deadline_time_zone"])
      .executeTakeFirstOrThrow();
    const deadline = zonedLocalToInstant(newDeadlineLocal, current.deadline_time_zone);
    if (!deadline) throw new FormError({ newDeadline: "Enter the new deadline as a date and time." });
    const result = await transitionRfq(
      trx,
      actor,
      id,
      { type: "EXTEND_DEADLINE", at: at.toISOString(), deadline: deadline.toISOString() },
      {
        expectedVersion: version,
        changes: { deadline },
        auditData: { previousDeadline: new Date(current.deadline).toISOString() },
      },
    );
    const rfq = await rfqHeader(trx, id);
    for (const recipient of await invitedRecipients(trx, id)) {
      const mail = rfqDeadlineExtendedMail({
        recipientName: recipient.name,
        buyerName: rfq.buyerName,
        title: rfq.title,
        reference: rfq.reference,
        previousDeadline: new Date(current.deadline),
        deadline: rfq.deadline,
        timeZone: rfq.deadline_time_zone,
        url: recipient.invitationId
          ? (await newRegistrationLink(trx, recipient.invitationId, recipient.email, at)).url
          : absoluteUrl(`/rfqs/${id}`),
      });
      await enqueueMail(trx, { orgId: recipient.orgId, to: recipient.email, ...mail });
    }
    return result;
  });
}

async function allowedSuppliers(trx: Trx, buyerOrgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "=", "active")
    .where("supplier_relationships.supplier_org_id", "in", [...ids])
    .select(["organisations.id", "organisations.name"])
    .execute();
}

async function publishInTransaction(trx: Trx, actor: Actor, id: string, at: Date, expectedVersion?: number) {
  const result = await transitionRfq(
    trx,
    actor,
    id,
    { type: "PUBLISH", at: at.toISOString() },
    {
      expectedVersion,
      changes: { published_at: at },
    },
  );
  const rfq = await rfqHeader(trx, id);
  // Addresses without an account get their invitation as the registration mail below.
  for (const recipient of (await invitedRecipients(trx, id)).filter((r) => !r.invitationId)) {
    const mail = rfqInvitationMail({
      recipientName: recipient.name,
      buyerName: rfq.buyerName,
      title: rfq.title,
      reference: rfq.reference,
      deadline: rfq.deadline,
      timeZone: rfq.deadline_time_zone,
      url: absoluteUrl(`/rfqs/${rfq.id}`),
    });
    await enqueueMail(trx, { orgId: recipient.orgId, to: recipient.email, ...mail });
  }
  await mailRegistrationLinks(trx, id, at);
  return result;
}

/**
 * Invites more suppliers, by email, to an open RFQ: each address is mailed
 * a registration link at once. An address already invited is refused by
 * name, so the buyer knows nothing was sent twice.
 */
export async function inviteByEmailToOpenRfq(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  emails: readonly string[],
  at: Date,
) {
  await loadRfqFor(db, actor, ability, id, "invite");
  return db.transaction().execute(async (trx) => {
    const rfq = await trx
      .selectFrom("rfqs")
      .where("id", "=", id)
      .select(["status", "deadline", "org_id"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (rfq.status !== "open" || new Date(rfq.deadline).getTime() <= at.getTime()) {
      throw new FormError({ inviteEmails: "Suppliers can be invited only while the RFQ is open." });
    }
    const wanted = await invitableEmails(trx, actor.orgId, emails);
    const already = await trx
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", id)
      .where((eb) => eb(eb.fn("lower", ["invited_email"]), "in", wanted))
      .select("invited_email")
      .executeTakeFirst();
    if (already) throw new FormError({ inviteEmails: `${already.invited_email} is already invited to this RFQ.` });
    await insertInvitations(trx, rfq.org_id, id, [], wanted);
    const sent = await mailRegistrationLinks(trx, id, at);
    await appendAuditEvent(trx, {
      orgId: actor.orgId,
      actorId: actor.userId,
      entityType: "rfq",
      entityId: id,
      event: "INVITED_BY_EMAIL",
      data: { emails: wanted },
    });
    return { sent };
  });
}

export async function publishRfq(db: Db, actor: Actor, id: string, version: number, at: Date) {
  return db.transaction().execute((trx) => publishInTransaction(trx, actor, id, at, version));
}

export async function closeRfq(db: Db, actor: Actor, id: string, version: number, at: Date) {
  return db
    .transaction()
    .execute((trx) =>
      transitionRfq(
        trx,
        actor,
        id,
        { type: "CLOSE", at: at.toISOString() },
        { expectedVersion: version, changes: { closed_at: at } },
      ),
    );
}

/** Cancels the RFQ; suppliers that were invited to a published one are told why. */
export async function cancelRfq(db: Db, actor: Actor, id: string, version: number, reason: string, at: Date) {
  return db.transaction().execute(async (trx) => {
    const result = await transitionRfq(
      trx,
      actor,
      id,
      { type: "CANCEL", at: at.toISOString(), reason },
      {
        expectedVersion: version,
        changes: { cancel_reason: reason },
      },
    );
    // A draft was never announced, so there is nobody to tell.
    if (result.from === "draft") return result;
    const rfq = await rfqHeader(trx, id);
    for (const recipient of await invitedRecipients(trx, id)) {
      const mail = rfqCancelledMail({
        recipientName: recipient.name,
        buyerName: rfq.buyerName,
        title: rfq.title,
        reference: rfq.reference,
        reason,
        url: recipient.invitationId ? null : absoluteUrl(`/rfqs/${id}`),
      });
      await enqueueMail(trx, { orgId: recipient.orgId, to: recipient.email, ...mail });
    }
    return result;
  });
}

/**
 * Closes every open RFQ whose deadline has passed. Run by the scheduler and
 * at start-up, so a deadline reached while the server was down still closes.
 */
export async function closeDueRfqs(db: Db, at: Date): Promise<string[]> {
  const due = await db
    .selectFrom("rfqs")
    .where("status", "=", "open")
    .where("deadline", "<=", at)
    .select("id")
    .orderBy("deadline")
    .limit(500)
    .execute();
  const closed: string[] = [];
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("rfqs")
        .where("id", "=", id)
        .select("status")
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (row?.status !== "open") return false;
      await transitionRfq(
        trx,
        { userId: null, orgId: null },
        id,
        { type: "DEADLINE_REACHED", at: at.toISOString() },
        {
          changes: { closed_at: at },
        },
      );
      return true;
    });
    if (done) closed.push(id);
  }
  return closed;
}

/** Closes this one RFQ if its deadline has passed, before someone reads it. */
async function closeIfDue(db: Db, rfq: Rfq, at: Date): Promise<boolean> {
  if (rfq.status !== "open" || new Date(rfq.deadline).getTime() > at.getTime()) return false;
  return (await closeDueRfqs(db, at)).includes(rfq.id);
}

export interface RfqListItem {
  id: string;
  reference: string;
  title: string;
  status: string;
  deadline: Date;
  deadlineTimeZone: string;
  currency: string;
  buyerName: string;
  invitationStatus: string | null;
}

export type RfqSort = "deadline" | "deadline_desc" | "newest";

export interface RfqListFilters {
  status?: string;
  /** Part of the title, any case. */
  q?: string;
  sort?: RfqSort;
  /** The cursor of the previous page's last row (`nextCursor`). */
  after?: string;
  limit?: number;
}

/** "%", "_" and "\" typed by a person are literal characters, not patterns. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString("base64url");
}

function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === "string" &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // A tampered or truncated cursor is treated as "first page".
  }
  return null;
}

/**
 * One page of the RFQs the actor may see, filtered and sorted, with keyset
 * pagination: the next page starts after the last row's (sort key, id), so
 * page 1000 costs what page 1 costs, served by the (org_id, deadline, id)
 * and (org_id, created_at, id) indexes. Sort keys travel as Postgres text,
 * keeping microseconds that a JavaScript Date would drop.
 */
export async function listRfqPage(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  filters: RfqListFilters = {},
): Promise<{ items: RfqListItem[]; nextCursor: string | null }> {
  const where = accessibleWhere(ability, "read", "Rfq");
  if (!where) return { items: [], nextCursor: null };
  const limit = Math.min(Math.max(filters.limit ?? 25, 1), 200);
  const sort: RfqSort = filters.sort ?? (actor.role === "supplier" ? "newest" : "deadline");
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
  if (actor.role === "supplier") query = query.where("rfqs.status", "!=", "draft");
  if (filters.status) query = query.where("rfqs.status", "=", filters.status);
  const q = filters.q?.trim();
  if (q) query = query.where("rfqs.title", "ilike", `%${likeEscape(q)}%`);
  const cursor = decodeCursor(filters.after);
  if (cursor) {
    const [key, id] = cursor;
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
    nextCursor: rows.length > limit && last ? encodeCursor(last.sortKey, last.id) : null,
  };
}

/** The first page, newest first: for summaries (dashboard) and callers that need no paging. */
export async function listRfqs(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  filters: { status?: string } = {},
): Promise<RfqListItem[]> {
  return (await listRfqPage(db, actor, ability, { ...filters, sort: "newest", limit: 100 })).items;
}

/** An RFQ row with what its rules need, or a 404 for anyone it is not for. */
export async function loadRfqFor(
  db: Db,
  actor: Actor,
  ability: AppAbility,
  id: string,
  action:
    "read" | "update" | "publish" | "close" | "cancel" | "award" | "compare" | "ask" | "answer" | "invite" = "read",
) {
  const rfq = await db.selectFrom("rfqs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!rfq) throw notFound("No such RFQ.");
  const invited = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", id)
    .where("supplier_org_id", "is not", null)
    .select("supplier_org_id")
    .execute();
  const tagged = subject("Rfq", { ...rfq, invited_supplier_org_ids: invited.map((i) => i.supplier_org_id as string) });
  // A supplier never sees an unpublished RFQ, even when invited to it.
  const hiddenDraft = actor.role === "supplier" && rfq.status === "draft";
  if (hiddenDraft || !ability.can(action, tagged)) {
    if (ability.can("read", tagged) && !hiddenDraft)
      throw new Response("You are not allowed to do that.", { status: 403 });
    throw notFound("No such RFQ.");
  }
  return rfq;
}

export async function getRfqPage(db: Db, actor: Actor, ability: AppAbility, id: string, at: Date) {
  let rfq = await loadRfqFor(db, actor, ability, id);
  if (await closeIfDue(db, rfq, at)) rfq = await loadRfqFor(db, actor, ability, id);
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
  const possible = allowedEvents(rfqWorkflow, rfq.status as RfqStatus, context, candidates);

  if (actor.role === "supplier") {
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

export async function supplierChoices(db: Db, buyerOrgId: string) {
  return db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "=", "active")
    .select(["organisations.id", "organisations.name", "supplier_relationships.categories"])
    .orderBy("organisations.name")
    .execute();
}

const REMINDER_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Mails invited suppliers that have neither quoted nor declined when an open
 * RFQ's deadline is 24 hours away or less. Idempotent: each invitation
 * records the deadline it was reminded of, so running again (or twice at
 * once) sends nothing more, while an extended deadline earns a new reminder.
 * Returns how many invitations were reminded.
 */
export async function sendDeadlineReminders(db: Db, at: Date): Promise<number> {
  const due = await db
    .selectFrom("rfq_invitations")
    .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
    .where("rfqs.status", "=", "open")
    .where("rfqs.deadline", ">", at)
    .where("rfqs.deadline", "<=", new Date(at.getTime() + REMINDER_WINDOW_MS))
    .where("rfq_invitations.status", "in", ["invited", "viewed"])
    .where((eb) =>
      eb.or([
        eb("rfq_invitations.reminded_for_deadline", "is", null),
        eb("rfq_invitations.reminded_for_deadline", "!=", eb.ref("rfqs.deadline")),
      ]),
    )
    .select(["rfq_invitations.id"])
    .limit(1000)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      // Re-read under a lock: another process may have reminded it, or the supplier answered meanwhile.
      const row = await trx
        .selectFrom("rfq_invitations")
        .innerJoin("rfqs", "rfqs.id", "rfq_invitations.rfq_id")
        .where("rfq_invitations.id", "=", id)
        .select([
          "rfq_invitations.rfq_id",
          "rfq_invitations.supplier_org_id",
          "rfq_invitations.invited_email",
          "rfq_invitations.buyer_org_id",
          "rfq_invitations.status",
          "rfq_invitations.reminded_for_deadline",
          "rfqs.deadline",
          "rfqs.status as rfqStatus",
        ])
        .forUpdate("rfq_invitations")
        .skipLocked()
        .executeTakeFirst();
      if (!row || row.rfqStatus !== "open") return false;
      if (row.status !== "invited" && row.status !== "viewed") return false;
      const deadline = new Date(row.deadline);
      if (row.reminded_for_deadline && new Date(row.reminded_for_deadline).getTime() === deadline.getTime())
        return false;
      const rfq = await rfqHeader(trx, row.rfq_id);
      // An address that has not registered yet is reminded too, with a fresh link to register.
      const orgId = row.supplier_org_id ?? row.buyer_org_id;
      const recipients = row.supplier_org_id
        ? (await orgRecipients(trx, row.supplier_org_id, ["supplier"])).map((r) => ({ ...r, registered: true }))
        : row.invited_email
          ? [{ email: row.invited_email, name: row.invited_email, registered: false }]
          : [];
      for (const r of recipients) {
        const mail = rfqDeadlineReminderMail({
          recipientName: r.name,
          buyerName: rfq.buyerName,
          title: rfq.title,
          reference: rfq.reference,
          deadline,
          url: r.registered
            ? absoluteUrl(`/rfqs/${row.rfq_id}`)
            : (await newRegistrationLink(trx, id, r.email, at)).url,
        });
        await enqueueMail(trx, { orgId, to: r.email, ...mail });
      }
      await trx.updateTable("rfq_invitations").set({ reminded_for_deadline: deadline }).where("id", "=", id).execute();
      await appendAuditEvent(trx, {
        orgId: null,
        actorId: null,
        entityType: "rfq",
        entityId: row.rfq_id,
        event: "DEADLINE_REMINDER_SENT",
        data: { invitationId: id, deadline: deadline.toISOString() },
      });
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
}
