/**
 * Moving an agreement through its machine: the buyer sends it, the supplier
 * acknowledges (it comes into force) or declines it, the buyer cancels it
 * before it is in force or closes it early. Each step is one transaction
 * with its audit event (the transition runner) and its mail (the outbox).
 */
import type { Trx } from "../../../db/client.server";
import type { Agreement } from "../../../db/schema";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import {
  agreementAnsweredMail,
  agreementEndedMail,
  agreementSentMail,
} from "../../../emails/templates/agreement-events";
import type { MailReader } from "../../../emails/templates/reader";
import { absoluteUrl } from "../../env.server";
import { orgRecipients } from "../shared/recipients.server";
import { inTransaction, type Ctx } from "../shared/context.server";

import { loadAgreementFor, transitionAgreement } from "./agreement.server";

async function orgName(trx: Trx, id: string) {
  return (await trx.selectFrom("organisations").where("id", "=", id).select("name").executeTakeFirstOrThrow()).name;
}

async function mailOrg(
  trx: Trx,
  orgId: string,
  roles: Parameters<typeof orgRecipients>[2],
  render: (recipientName: string, reader: MailReader) => { subject: string; text: string; html: string },
) {
  for (const recipient of await orgRecipients(trx, orgId, roles)) {
    const reader = await mailReaderFor(trx, { userId: recipient.userId, orgId });
    await enqueueMail(trx, { orgId, to: recipient.email, ...render(recipient.name, reader) });
  }
}

const urlOf = (a: Pick<Agreement, "id">) => absoluteUrl(`/agreements/${a.id}`);

/** The buyer sends the draft to the supplier, whose people are mailed to acknowledge it. */
export async function sendAgreement(ctx: Ctx, { id, version }: { id: string; version: number }) {
  const { actor, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const agreement = await loadAgreementFor(tx, id, "issue");
    const result = await transitionAgreement(
      trx,
      actor,
      id,
      { type: "SEND", at: now.toISOString() },
      { expectedVersion: version, changes: { sent_at: now } },
    );
    const buyerName = await orgName(trx, agreement.buyer_org_id);
    await mailOrg(trx, agreement.supplier_org_id, ["supplier"], (recipientName, reader) =>
      agreementSentMail(
        {
          recipientName,
          buyerName,
          number: agreement.number,
          title: agreement.title,
          validFrom: agreement.valid_from,
          validTo: agreement.valid_to,
          url: urlOf(agreement),
        },
        reader,
      ),
    );
    return result;
  });
}

/** The supplier's answer; the buying organisation's buyers are told either way. */
async function answer(
  ctx: Ctx,
  { id, version, reason }: { id: string; version: number; reason?: string },
  kind: "acknowledge" | "decline",
) {
  const { actor, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const agreement = await loadAgreementFor(tx, id, kind);
    const at = now.toISOString();
    const result = await transitionAgreement(
      trx,
      actor,
      id,
      kind === "acknowledge" ? { type: "ACKNOWLEDGE", at } : { type: "DECLINE", at, reason: reason ?? "" },
      {
        expectedVersion: version,
        changes: kind === "acknowledge" ? { acknowledged_at: now } : { reason: reason ?? "", ended_at: now },
      },
    );
    const supplierName = await orgName(trx, agreement.supplier_org_id);
    await mailOrg(trx, agreement.buyer_org_id, ["buyer"], (recipientName, reader) =>
      agreementAnsweredMail(
        {
          recipientName,
          supplierName,
          number: agreement.number,
          title: agreement.title,
          answer: kind === "acknowledge" ? "acknowledged" : "declined",
          reason,
          url: urlOf(agreement),
        },
        reader,
      ),
    );
    return result;
  });
}

export function acknowledgeAgreement(ctx: Ctx, args: { id: string; version: number }) {
  return answer(ctx, args, "acknowledge");
}

export function declineAgreement(ctx: Ctx, args: { id: string; version: number; reason: string }) {
  return answer(ctx, args, "decline");
}

/** The buyer stops it: cancelled before it is in force, closed once it is; a supplier that had it is told. */
async function end(
  ctx: Ctx,
  { id, version, reason }: { id: string; version: number; reason: string },
  how: "cancel" | "close",
) {
  const { actor, now } = ctx;
  return inTransaction(ctx, async (trx, tx) => {
    const agreement = await loadAgreementFor(tx, id, how);
    const at = now.toISOString();
    const result = await transitionAgreement(
      trx,
      actor,
      id,
      how === "cancel" ? { type: "CANCEL", at, reason } : { type: "CLOSE", at, reason },
      { expectedVersion: version, changes: { reason, ended_at: now } },
    );
    if (agreement.sent_at) {
      const buyerName = await orgName(trx, agreement.buyer_org_id);
      await mailOrg(trx, agreement.supplier_org_id, ["supplier"], (recipientName, reader) =>
        agreementEndedMail(
          {
            recipientName,
            buyerName,
            number: agreement.number,
            title: agreement.title,
            how: how === "cancel" ? "cancelled" : "closed",
            reason,
            url: urlOf(agreement),
          },
          reader,
        ),
      );
    }
    return result;
  });
}

export function cancelAgreement(ctx: Ctx, args: { id: string; version: number; reason: string }) {
  return end(ctx, args, "cancel");
}

export function closeAgreement(ctx: Ctx, args: { id: string; version: number; reason: string }) {
  return end(ctx, args, "close");
}
