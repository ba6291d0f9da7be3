/**
 * An RFQ's life after the draft: publishing (invitations mailed), more
 * suppliers invited by email, a later deadline, closing early and
 * cancelling, each telling the invited suppliers what they need to know.
 */
import { msg, msgWith } from "../../i18n/config";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import type { MailReader } from "../../../emails/templates/reader";
import { rfqCancelledMail } from "../../../emails/templates/rfq-cancelled";
import { rfqDeadlineExtendedMail } from "../../../emails/templates/rfq-deadline-extended";
import { rfqInvitationMail } from "../../../emails/templates/rfq-invitation";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { type Actor } from "../../auth/ability";
import { FormError } from "../../utils/errors";
import { zonedLocalToInstant } from "../../utils/time";
import { mailRegistrationLinks, newRegistrationLink } from "./registration.server";
import { rfqHeader } from "./rfq-header.server";
import { loadRfqFor, transitionRfq } from "./rfq.server";

import type { Trx } from "../../../db/client.server";
import { insertInvitations, invitableEmails, invitedAudiences } from "./rfq-invitations.server";
import { linkTo, notify } from "../shared/notify.server";
import { inTransaction, type Ctx } from "../shared/context.server";

/**
 * Moves an open RFQ's deadline later and tells every invited supplier. The
 * new deadline is wall-clock time in the RFQ's own time zone.
 */
export async function extendRfqDeadline(
  ctx: Ctx,
  { id, version, newDeadline: newDeadlineLocal }: { id: string; version: number; newDeadline: string },
) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, id, "update");
  return inTransaction(ctx, async (trx) => {
    const current = await trx
      .selectFrom("rfqs")
      .where("id", "=", id)
      .select(["deadline", "deadline_time_zone"])
      .executeTakeFirstOrThrow();
    const deadline = zonedLocalToInstant(newDeadlineLocal, current.deadline_time_zone);
    if (!deadline) throw new FormError({ newDeadline: msg("Enter the new deadline as a date and time.") });
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
    const { audiences, addresses } = await invitedAudiences(trx, id);
    const mail = (recipientName: string, url: string, reader: MailReader) =>
      rfqDeadlineExtendedMail(
        {
          recipientName,
          buyerName: rfq.buyerName,
          title: rfq.title,
          reference: rfq.reference,
          previousDeadline: new Date(current.deadline),
          deadline: rfq.deadline,
          url,
        },
        reader,
      );
    const path = `/rfqs/${id}`;
    await notify(trx, {
      kind: "rfq_deadline_extended",
      audience: audiences,
      path,
      // The deadline in each reader's own zone, as the mail states it.
      text: msgWith("{{buyer}} extended the deadline of {{reference}} “{{title}}” to {{deadline}}.", {
        buyer: rfq.buyerName,
        reference: rfq.reference,
        title: rfq.title,
        deadline: { instant: rfq.deadline.toISOString() },
      }),
      mail: (person, reader) => mail(person.name, linkTo(path), reader),
      at,
    });
    for (const recipient of addresses) {
      const link = await newRegistrationLink(trx, recipient.invitationId, recipient.email, at);
      const reader = await mailReaderFor(trx, { email: recipient.email, orgId: recipient.orgId });
      await enqueueMail(trx, {
        orgId: recipient.orgId,
        to: recipient.email,
        ...mail(recipient.name, link.url, reader),
      });
    }
    return result;
  });
}

export async function publishInTransaction(trx: Trx, actor: Actor, id: string, at: Date, expectedVersion?: number) {
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
  const path = `/rfqs/${rfq.id}`;
  // Addresses without an account get their invitation as the registration mail below.
  await notify(trx, {
    kind: "rfq_invited",
    audience: (await invitedAudiences(trx, id)).audiences,
    path,
    text: msgWith("{{buyer}} invites you to quote on {{reference}} “{{title}}” by {{deadline}}.", {
      buyer: rfq.buyerName,
      reference: rfq.reference,
      title: rfq.title,
      deadline: { instant: new Date(rfq.deadline).toISOString() },
    }),
    mail: (recipient, reader) =>
      rfqInvitationMail(
        {
          recipientName: recipient.name,
          buyerName: rfq.buyerName,
          title: rfq.title,
          reference: rfq.reference,
          deadline: rfq.deadline,
          url: linkTo(path),
        },
        reader,
      ),
    at,
  });
  await mailRegistrationLinks(trx, id, at);
  return result;
}

/**
 * Invites more suppliers, by email, to an open RFQ: each address is mailed
 * a registration link at once. An address already invited is refused by
 * name, so the buyer knows nothing was sent twice.
 */
export async function inviteByEmailToOpenRfq(ctx: Ctx, { id, emails }: { id: string; emails: readonly string[] }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, id, "invite");
  return inTransaction(ctx, async (trx) => {
    const rfq = await trx
      .selectFrom("rfqs")
      .where("id", "=", id)
      .select(["status", "deadline", "org_id"])
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (rfq.status !== "open" || new Date(rfq.deadline).getTime() <= at.getTime()) {
      throw new FormError({ inviteEmails: msg("Suppliers can be invited only while the RFQ is open.") });
    }
    const wanted = await invitableEmails(trx, actor.orgId, emails);
    // Nothing to invite is the person's mistake, and an empty list must never reach an `in (...)`.
    if (wanted.length === 0) throw new FormError({ inviteEmails: msg("Enter at least one email address.") });
    const already = await trx
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", id)
      .where((eb) => eb(eb.fn("lower", ["invited_email"]), "in", wanted))
      .select("invited_email")
      .executeTakeFirst();
    if (already) {
      throw new FormError({
        inviteEmails: msgWith("{{email}} is already invited to this RFQ.", { email: already.invited_email ?? "" }),
      });
    }
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

export async function publishRfq(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, id, "publish");
  return inTransaction(ctx, (trx) => publishInTransaction(trx, actor, id, at, version));
}

export async function closeRfq(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, id, "close");
  return inTransaction(ctx, (trx) =>
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
export async function cancelRfq(ctx: Ctx, { id, version, reason }: { id: string; version: number; reason: string }) {
  const { actor, now: at } = ctx;
  await loadRfqFor(ctx, id, "cancel");
  return inTransaction(ctx, async (trx) => {
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
    const { audiences, addresses } = await invitedAudiences(trx, id);
    const mail = (recipientName: string, url: string | null, reader: MailReader) =>
      rfqCancelledMail(
        { recipientName, buyerName: rfq.buyerName, title: rfq.title, reference: rfq.reference, reason, url },
        reader,
      );
    const path = `/rfqs/${id}`;
    await notify(trx, {
      kind: "rfq_cancelled",
      audience: audiences,
      path,
      text: msgWith("{{buyer}} cancelled {{reference}} “{{title}}”: {{reason}}", {
        buyer: rfq.buyerName,
        reference: rfq.reference,
        title: rfq.title,
        reason,
      }),
      mail: (person, reader) => mail(person.name, linkTo(path), reader),
      at,
    });
    // An address that never registered has nothing to open.
    for (const recipient of addresses) {
      const reader = await mailReaderFor(trx, { email: recipient.email, orgId: recipient.orgId });
      await enqueueMail(trx, { orgId: recipient.orgId, to: recipient.email, ...mail(recipient.name, null, reader) });
    }
    return result;
  });
}
