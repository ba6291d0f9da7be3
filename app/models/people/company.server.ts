/**
 * A supplier organisation's company page: its profile (names, tax ID,
 * addresses, contacts; its admin keeps them) and its bank details. Bank
 * details never change in one step: one person proposes, a second person of
 * the same organisation confirms; an organisation of one confirms by a
 * single-use link mailed to its admin address (only the link's SHA-256 is
 * stored). Until then nothing changes. A confirmed change holds payments at
 * every buying organisation that works with the supplier until its finance
 * people acknowledge it (`shared/payment-holds.server.ts`).
 */
import { createHash, randomBytes } from "node:crypto";

import type { Db, Trx } from "../../../db/client.server";
import type { BankDetailChangesTable } from "../../../db/schema";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { bankChangeLinkMail, bankChangeToConfirmMail } from "../../../emails/templates/bank-details";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { subject } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { absoluteUrl } from "../../env.server";
import { FormError } from "../../utils/errors";
import { forbidden, notFound } from "../../utils/http.server";
import { formatIban, maskIban } from "../shared/bank-account";
import { inTransaction, type Ctx } from "../shared/context.server";
import { linkTo, notify } from "../shared/notify.server";
import { holdPaymentsAfterBankChange } from "../shared/payment-holds.server";

import type { BankDetailsInput, CompanyProfileInput } from "./company.schema";
import { msg, msgWith } from "../../i18n/config";

/** The company page, where proposals are confirmed. */
export const COMPANY_PATH = "/company";

/** How long a mailed confirmation link works: long enough to reach a mailbox, short enough to go stale. */
export const BANK_LINK_LIFETIME_MS = 24 * 3600_000;

const hashLink = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
const wellFormed = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

type ChangeRow = Pick<BankDetailChangesTable, "supplier_org_id" | "account_holder" | "iban" | "bic" | "proposed_by"> & {
  id: string;
  proposed_at: Date;
};

/** The actor's own company: a supplier organisation's people only; everyone else is refused. */
function requireCompany(ctx: Ctx, action: "read" | "update"): string {
  const orgId = ctx.actor.orgId;
  if (!ctx.ability.can(action, subject("Company", { org_id: orgId }))) throw forbidden();
  return orgId;
}

async function lockOrganisation(trx: Trx, orgId: string): Promise<void> {
  await trx.selectFrom("organisations").where("id", "=", orgId).select("id").forUpdate().executeTakeFirstOrThrow();
}

async function profileOf(db: Db | Trx, orgId: string) {
  const org = await db
    .selectFrom("organisations")
    .leftJoin("company_profiles", "company_profiles.org_id", "organisations.id")
    .where("organisations.id", "=", orgId)
    .select([
      "organisations.name",
      "organisations.legal_name",
      "organisations.tax_id",
      "organisations.address",
      "company_profiles.remittance_address",
      "company_profiles.contact_name",
      "company_profiles.contact_email",
      "company_profiles.contact_phone",
      "company_profiles.account_holder",
      "company_profiles.iban",
      "company_profiles.bic",
      "company_profiles.bank_changed_at",
    ])
    .executeTakeFirst();
  if (!org) throw notFound("No such company.");
  return org;
}

/** The company page: profile, bank details in force, the open proposal and what this person may do about it. */
export async function getCompanyPage(ctx: Ctx) {
  const orgId = requireCompany(ctx, "read");
  const profile = await profileOf(ctx.db, orgId);
  const open = await ctx.db
    .selectFrom("bank_detail_changes as change")
    .innerJoin("users", "users.id", "change.proposed_by")
    .where("change.supplier_org_id", "=", orgId)
    .where("change.status", "=", "proposed")
    .select([
      "change.id",
      "change.supplier_org_id",
      "change.proposed_by",
      "change.proposed_at",
      "change.account_holder",
      "change.iban",
      "change.bic",
      "change.link_expires_at",
      "users.name as proposedByName",
    ])
    .executeTakeFirst();
  const history = await ctx.db
    .selectFrom("bank_detail_changes as change")
    .innerJoin("users as proposer", "proposer.id", "change.proposed_by")
    .leftJoin("users as confirmer", "confirmer.id", "change.confirmed_by")
    .where("change.supplier_org_id", "=", orgId)
    .where("change.status", "<>", "proposed")
    .select([
      "change.id",
      "change.status",
      "change.iban",
      "change.proposed_at",
      "change.confirmed_at",
      "proposer.name as proposedBy",
      "confirmer.name as confirmedBy",
    ])
    .orderBy("change.proposed_at", "desc")
    .limit(10)
    .execute();
  const openRow = open ? subject("BankChange", open) : null;
  return {
    profile: {
      name: profile.name,
      legalName: profile.legal_name ?? "",
      taxId: profile.tax_id ?? "",
      address: profile.address,
      remittanceAddress: profile.remittance_address ?? "",
      contactName: profile.contact_name ?? "",
      contactEmail: profile.contact_email ?? "",
      contactPhone: profile.contact_phone ?? "",
    },
    bank: profile.iban
      ? {
          accountHolder: profile.account_holder ?? "",
          iban: formatIban(profile.iban),
          bic: profile.bic ?? "",
          changedAt: profile.bank_changed_at ? new Date(profile.bank_changed_at).toISOString() : null,
        }
      : null,
    proposal: open
      ? {
          id: open.id,
          accountHolder: open.account_holder,
          iban: formatIban(open.iban),
          bic: open.bic,
          proposedBy: open.proposedByName,
          proposedAt: new Date(open.proposed_at).toISOString(),
          mine: open.proposed_by === ctx.actor.userId,
          byLink: open.link_expires_at !== null,
          canConfirm: openRow !== null && ctx.ability.can("approve", openRow),
          canWithdraw:
            open.proposed_by === ctx.actor.userId || ctx.ability.can("update", subject("Company", { org_id: orgId })),
        }
      : null,
    history: history.map((h) => ({
      id: h.id,
      /** A catalogue message. */
      outcome:
        h.status === "confirmed"
          ? h.confirmedBy
            ? msgWith("Confirmed by {{name}}", { name: h.confirmedBy })
            : msg("Confirmed by mailed link")
          : msg("Withdrawn"),
      iban: maskIban(h.iban),
      proposedAt: new Date(h.proposed_at).toISOString(),
      proposedBy: h.proposedBy,
      confirmedAt: h.confirmed_at ? new Date(h.confirmed_at).toISOString() : null,
      confirmedBy: h.confirmedBy,
    })),
    can: {
      editProfile: ctx.ability.can("update", subject("Company", { org_id: orgId })),
      propose: ctx.ability.can("create", subject("BankChange", { supplier_org_id: orgId })) && !open,
    },
  };
}

/** The admin keeps the profile; bank details are not part of it (they change only through a confirmed proposal). */
export async function updateCompanyProfile(ctx: Ctx, input: Omit<CompanyProfileInput, "intent">) {
  const orgId = requireCompany(ctx, "update");
  await inTransaction(ctx, async (trx) => {
    await lockOrganisation(trx, orgId);
    const before = await profileOf(trx, orgId);
    await trx
      .updateTable("organisations")
      .set({ name: input.name, legal_name: input.legalName, tax_id: input.taxId ?? null, address: input.address })
      .where("id", "=", orgId)
      .execute();
    const profile = {
      remittance_address: input.remittanceAddress ?? "",
      contact_name: input.contactName ?? "",
      contact_email: input.contactEmail ?? "",
      contact_phone: input.contactPhone ?? "",
      updated_at: ctx.now,
    };
    await trx
      .insertInto("company_profiles")
      .values({ org_id: orgId, ...profile })
      .onConflict((oc) =>
        oc.column("org_id").doUpdateSet((eb) => ({ ...profile, version: eb("company_profiles.version", "+", 1) })),
      )
      .execute();
    const after: Record<string, string> = {
      name: input.name,
      legalName: input.legalName,
      taxId: input.taxId ?? "",
      address: input.address,
      remittanceAddress: profile.remittance_address,
      contactName: profile.contact_name,
      contactEmail: profile.contact_email,
      contactPhone: profile.contact_phone,
    };
    const was: Record<string, string> = {
      name: before.name,
      legalName: before.legal_name ?? "",
      taxId: before.tax_id ?? "",
      address: before.address,
      remittanceAddress: before.remittance_address ?? "",
      contactName: before.contact_name ?? "",
      contactEmail: before.contact_email ?? "",
      contactPhone: before.contact_phone ?? "",
    };
    const changed = Object.keys(after).filter((k) => after[k] !== was[k]);
    if (changed.length === 0) return;
    await appendAuditEvent(trx, {
      orgId,
      actorId: ctx.actor.userId,
      entityType: "company",
      entityId: orgId,
      event: "COMPANY_PROFILE_UPDATED",
      data: {
        changed,
        from: Object.fromEntries(changed.map((k) => [k, was[k]])),
        to: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    });
  });
}

/** Active colleagues (address confirmed, not deactivated) of the organisation other than `userId`. */
async function otherActivePeople(trx: Trx, orgId: string, userId: string) {
  return trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.org_id", "=", orgId)
    .where("users.id", "<>", userId)
    .where("users.disabled_at", "is", null)
    .where("users.email_confirmed_at", "is not", null)
    .select("users.id")
    .distinct()
    .execute();
}

/**
 * Proposes new bank details. Nothing changes yet: colleagues are asked to
 * confirm; with none, the organisation's admin address gets a single-use
 * link. One open proposal at a time.
 */
export async function proposeBankChange(ctx: Ctx, input: Omit<BankDetailsInput, "intent">) {
  const orgId = ctx.actor.orgId;
  if (!ctx.ability.can("create", subject("BankChange", { supplier_org_id: orgId }))) throw forbidden();
  return inTransaction(ctx, async (trx) => {
    await lockOrganisation(trx, orgId);
    const open = await trx
      .selectFrom("bank_detail_changes")
      .innerJoin("users", "users.id", "bank_detail_changes.proposed_by")
      .where("bank_detail_changes.supplier_org_id", "=", orgId)
      .where("bank_detail_changes.status", "=", "proposed")
      .select(["users.name"])
      .executeTakeFirst();
    if (open)
      throw new FormError({
        form: `${open.name} already proposed new bank details; confirm or withdraw that change first.`,
      });
    const current = await profileOf(trx, orgId);
    if (current.iban === input.iban && current.bic === input.bic && current.account_holder === input.accountHolder)
      throw new FormError({ iban: msg("These are the bank details already on file.") });
    const proposer = await trx
      .selectFrom("users")
      .where("id", "=", ctx.actor.userId)
      .select("name")
      .executeTakeFirstOrThrow();
    const colleagues = await otherActivePeople(trx, orgId, ctx.actor.userId);
    const byLink = colleagues.length === 0;
    const token = byLink ? randomBytes(32).toString("base64url") : null;
    const expiresAt = new Date(ctx.now.getTime() + BANK_LINK_LIFETIME_MS);
    const change = await trx
      .insertInto("bank_detail_changes")
      .values({
        supplier_org_id: orgId,
        account_holder: input.accountHolder,
        iban: input.iban,
        bic: input.bic,
        previous_account_holder: current.account_holder,
        previous_iban: current.iban,
        previous_bic: current.bic,
        proposed_by: ctx.actor.userId,
        proposed_at: ctx.now,
        link_hash: token ? hashLink(token) : null,
        link_expires_at: token ? expiresAt : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const next = { accountHolder: input.accountHolder, iban: maskIban(input.iban), bic: input.bic };
    if (token) {
      const admins = await trx
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .where("memberships.org_id", "=", orgId)
        .where("memberships.role", "=", "admin")
        .where("users.disabled_at", "is", null)
        .select(["users.id", "users.email", "users.name"])
        .execute();
      for (const admin of admins) {
        const mail = bankChangeLinkMail(
          {
            recipientName: admin.name || admin.email,
            organisationName: current.name,
            proposedBy: proposer.name,
            next,
            url: absoluteUrl(`/company/bank-confirm/${token}`),
            expiresAt,
          },
          await mailReaderFor(trx, { userId: admin.id, orgId }),
        );
        await enqueueMail(trx, { orgId, to: admin.email, ...mail });
      }
    } else {
      await notify(trx, {
        kind: "bank_details_changed",
        audience: { orgId, userIds: colleagues.map((c) => c.id) },
        actorId: ctx.actor.userId,
        path: COMPANY_PATH,
        text: msgWith(
          "{{proposer}} proposed new bank details for {{organisation}}; a second person must confirm them.",
          { proposer: proposer.name, organisation: current.name },
        ),
        mail: (person, reader) =>
          bankChangeToConfirmMail(
            {
              recipientName: person.name,
              organisationName: current.name,
              proposedBy: proposer.name,
              next,
              url: linkTo(COMPANY_PATH),
            },
            reader,
          ),
        at: ctx.now,
      });
    }
    await appendAuditEvent(trx, {
      orgId,
      actorId: ctx.actor.userId,
      entityType: "bank_change",
      entityId: change.id,
      event: "BANK_CHANGE_PROPOSED",
      data: { iban: maskIban(input.iban), bic: input.bic, accountHolder: input.accountHolder, byLink },
    });
    return { id: change.id, byLink };
  });
}

/** Writes the confirmed values in force and holds payments at each buying organisation. */
async function applyChange(
  trx: Trx,
  change: ChangeRow,
  { confirmedBy, at, via }: { confirmedBy: string | null; at: Date; via: "colleague" | "mailed link" },
) {
  await trx
    .updateTable("bank_detail_changes")
    .set({ status: "confirmed", confirmed_by: confirmedBy, confirmed_at: at, link_used_at: at })
    .where("id", "=", change.id)
    .execute();
  const values = {
    account_holder: change.account_holder,
    iban: change.iban,
    bic: change.bic,
    bank_changed_at: at,
    updated_at: at,
  };
  await trx
    .insertInto("company_profiles")
    .values({ org_id: change.supplier_org_id, ...values })
    .onConflict((oc) =>
      oc.column("org_id").doUpdateSet((eb) => ({ ...values, version: eb("company_profiles.version", "+", 1) })),
    )
    .execute();
  await appendAuditEvent(trx, {
    orgId: change.supplier_org_id,
    actorId: confirmedBy,
    entityType: "bank_change",
    entityId: change.id,
    event: "BANK_CHANGE_CONFIRMED",
    data: { via, iban: maskIban(change.iban), bic: change.bic, proposedBy: change.proposed_by },
  });
  const held = await holdPaymentsAfterBankChange(trx, { changeId: change.id, actorId: confirmedBy, at });
  return { id: change.id, buyersHolding: held };
}

async function lockChange(trx: Trx, id: string) {
  return trx
    .selectFrom("bank_detail_changes")
    .select(["id", "supplier_org_id", "status", "account_holder", "iban", "bic", "proposed_by", "proposed_at"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** A second person of the organisation confirms: the new details are in force. The proposer never can. */
export async function confirmBankChange(ctx: Ctx, { changeId }: { changeId: string }) {
  return inTransaction(ctx, async (trx) => {
    const change = await lockChange(trx, changeId);
    if (!change) throw notFound("No such bank change.");
    const row = subject("BankChange", change);
    if (!ctx.ability.can("read", row)) throw notFound("No such bank change.");
    if (change.proposed_by === ctx.actor.userId)
      throw new FormError({
        form: msg("You proposed this change; another person of your organisation must confirm it."),
      });
    authorize(ctx.ability, "approve", row, "bank change");
    if (change.status !== "proposed")
      throw new FormError({
        form: msgWith("This change was already {{status}}; nothing was changed.", { status: change.status }),
      });
    return applyChange(trx, change, { confirmedBy: ctx.actor.userId, at: ctx.now, via: "colleague" });
  });
}

/** The proposer, or the admin, withdraws an open proposal: nothing changes. */
export async function withdrawBankChange(ctx: Ctx, { changeId }: { changeId: string }) {
  return inTransaction(ctx, async (trx) => {
    const change = await lockChange(trx, changeId);
    if (!change || !ctx.ability.can("read", subject("BankChange", change))) throw notFound("No such bank change.");
    const admin = ctx.ability.can("update", subject("Company", { org_id: change.supplier_org_id }));
    if (change.proposed_by !== ctx.actor.userId && !admin) throw forbidden();
    if (change.status !== "proposed")
      throw new FormError({
        form: msgWith("This change was already {{status}}; nothing was changed.", { status: change.status }),
      });
    await trx
      .updateTable("bank_detail_changes")
      .set({ status: "withdrawn", link_used_at: ctx.now })
      .where("id", "=", change.id)
      .execute();
    await appendAuditEvent(trx, {
      orgId: change.supplier_org_id,
      actorId: ctx.actor.userId,
      entityType: "bank_change",
      entityId: change.id,
      event: "BANK_CHANGE_WITHDRAWN",
      data: {},
    });
    return { id: change.id };
  });
}

export type BankLinkState = "unknown" | "used" | "expired" | "ready";

export interface BankLink {
  state: BankLinkState;
  /** The proposed details, while the link can still confirm them. */
  change: { organisationName: string; proposedBy: string; accountHolder: string; iban: string; bic: string } | null;
}

/** What a mailed confirmation link leads to, without spending it (a mail scanner's visit confirms nothing). */
export async function readBankLink(db: Db | Trx, { token, at }: { token: string; at: Date }): Promise<BankLink> {
  if (!wellFormed(token)) return { state: "unknown", change: null };
  const row = await db
    .selectFrom("bank_detail_changes as change")
    .innerJoin("organisations", "organisations.id", "change.supplier_org_id")
    .innerJoin("users", "users.id", "change.proposed_by")
    .where("change.link_hash", "=", hashLink(token))
    .select([
      "change.status",
      "change.link_used_at",
      "change.link_expires_at",
      "change.account_holder",
      "change.iban",
      "change.bic",
      "organisations.name as organisationName",
      "users.name as proposedBy",
    ])
    .executeTakeFirst();
  if (!row) return { state: "unknown", change: null };
  const state: BankLinkState =
    row.link_used_at || row.status !== "proposed"
      ? "used"
      : row.link_expires_at && new Date(row.link_expires_at).getTime() <= at.getTime()
        ? "expired"
        : "ready";
  return {
    state,
    change:
      state === "ready"
        ? {
            organisationName: row.organisationName,
            proposedBy: row.proposedBy,
            accountHolder: row.account_holder,
            iban: formatIban(row.iban),
            bic: row.bic,
          }
        : null,
  };
}

/**
 * Confirms by the mailed link: one conditional UPDATE spends it, so two
 * clicks at once cannot both confirm, and an expired or used link does nothing.
 */
export async function confirmBankChangeByLink(db: Db, { token, at }: { token: string; at: Date }) {
  if (!wellFormed(token)) return { confirmed: false as const, state: "unknown" as BankLinkState };
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable("bank_detail_changes")
      .set({ link_used_at: at })
      .where("link_hash", "=", hashLink(token))
      .where("link_used_at", "is", null)
      .where("status", "=", "proposed")
      .where("link_expires_at", ">", at)
      .returning("id")
      .executeTakeFirst();
    if (!spent) return { confirmed: false as const, state: (await readBankLink(trx, { token, at })).state };
    const change = await lockChange(trx, spent.id);
    if (!change) return { confirmed: false as const, state: "unknown" as BankLinkState };
    await applyChange(trx, change, { confirmedBy: null, at, via: "mailed link" });
    return { confirmed: true as const };
  });
}
