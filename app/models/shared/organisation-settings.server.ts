/**
 * A buying organisation's settings, kept by its admin: legal name, tax ID,
 * bill-to address, base currency, default time zone, PO number prefix and
 * the receipt and match tolerances. Each save is one audit event naming
 * what changed, old and new. Other stages read single settings through the
 * small readers at the end (the PO number prefix, the time zone).
 */
import { subject } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { Db, Trx } from "../../../db/client.server";

import { inTransaction, type Ctx } from "./context.server";
import type { OrganisationSettingsInput } from "./organisation-settings.schema";
import { notFound } from "../../utils/http.server";

/** The acting person's own organisation, for `action`: 404 to whoever may not read its settings, 403 to whoever may not do this. */
export async function loadOrganisationFor(ctx: Ctx, action: "read" | "update") {
  const { db, actor, ability } = ctx;
  const org = await db.selectFrom("organisations").where("id", "=", actor.orgId).selectAll().executeTakeFirst();
  if (!org) throw notFound("No such organisation.");
  authorize(ability, action, subject("Organisation", org), "organisation");
  return org;
}

type OrgRow = Awaited<ReturnType<typeof loadOrganisationFor>>;

function settingsOf(org: OrgRow) {
  return {
    legalName: org.legal_name ?? "",
    taxId: org.tax_id ?? "",
    billToAddress: org.address,
    baseCurrency: org.base_currency.trim(),
    defaultTimeZone: org.default_time_zone,
    poNumberPrefix: org.po_number_prefix,
    receiptTolerancePercent: org.receipt_tolerance_percent,
    invoiceTolerancePercent: org.invoice_tolerance_percent,
    requireTwoFactor: org.require_two_factor,
  };
}

export async function getOrganisationSettings(ctx: Ctx) {
  const org = await loadOrganisationFor(ctx, "read");
  const logo = await ctx.db
    .selectFrom("organisation_logos")
    .where("org_id", "=", org.id)
    .select(["content_type", "content", "size_bytes", "width", "height", "uploaded_at"])
    .executeTakeFirst();
  return {
    name: org.name,
    settings: settingsOf(org),
    updatedAt: org.settings_updated_at,
    logo: logo
      ? {
          contentType: logo.content_type,
          sizeBytes: logo.size_bytes,
          width: logo.width,
          height: logo.height,
          uploadedAt: logo.uploaded_at,
          // Shown inline on the settings page (the policy allows data: images); at most the logo size limit.
          dataUrl: `data:${logo.content_type};base64,${Buffer.from(logo.content).toString("base64")}`,
        }
      : null,
    can: { update: ctx.ability.can("update", subject("Organisation", org)) },
  };
}

/** `requireTwoFactor` left out keeps the current setting (the form always sends it: an unticked box is false). */
export async function saveOrganisationSettings(
  ctx: Ctx,
  input: Omit<OrganisationSettingsInput, "requireTwoFactor"> & { requireTwoFactor?: boolean },
) {
  return inTransaction(ctx, async (trx, tx) => {
    const org = await loadOrganisationFor(tx, "update");
    // The row lock orders two admins saving at once; the later one's audit event shows the earlier one's values as "before".
    const locked = await trx
      .selectFrom("organisations")
      .where("id", "=", org.id)
      .selectAll()
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = settingsOf(locked);
    const after = {
      legalName: input.legalName,
      taxId: input.taxId ?? "",
      billToAddress: input.billToAddress,
      baseCurrency: input.baseCurrency,
      defaultTimeZone: input.defaultTimeZone,
      poNumberPrefix: input.poNumberPrefix,
      receiptTolerancePercent: input.receiptTolerancePercent,
      invoiceTolerancePercent: input.invoiceTolerancePercent,
      requireTwoFactor: input.requireTwoFactor ?? before.requireTwoFactor,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => !sameSetting(before[k], after[k]));
    if (changed.length === 0) return { changed };
    await trx
      .updateTable("organisations")
      .set({
        legal_name: after.legalName,
        tax_id: after.taxId || null,
        address: after.billToAddress,
        base_currency: after.baseCurrency,
        default_time_zone: after.defaultTimeZone,
        po_number_prefix: after.poNumberPrefix,
        receipt_tolerance_percent: after.receiptTolerancePercent,
        invoice_tolerance_percent: after.invoiceTolerancePercent,
        require_two_factor: after.requireTwoFactor,
        settings_updated_at: ctx.now,
      })
      .where("id", "=", org.id)
      .execute();
    await appendAuditEvent(trx, {
      orgId: org.id,
      actorId: ctx.actor.userId,
      entityType: "organisation",
      entityId: org.id,
      event: "UPDATE_SETTINGS",
      data: {
        changed,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    });
    return { changed };
  });
}

/** "5.00" and "5" are one tolerance (at most three digits and two decimals: exact as numbers); text compares as typed. */
function sameSetting(a: string | boolean, b: string | boolean): boolean {
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  const percent = /^\d{1,3}(\.\d{1,2})?$/;
  if (percent.test(a) && percent.test(b)) return Number(a) === Number(b);
  return a === b;
}

/** The prefix of the organisation's next PO number, read inside the transaction that numbers it. */
export async function poNumberPrefix(trx: Trx, orgId: string): Promise<string> {
  const org = await trx
    .selectFrom("organisations")
    .where("id", "=", orgId)
    .select("po_number_prefix")
    .executeTakeFirst();
  return org?.po_number_prefix ?? "PO";
}

/** The zone instants are shown in to a person of this organisation who has none of their own. */
export async function organisationTimeZone(db: Db, orgId: string): Promise<string> {
  const org = await db
    .selectFrom("organisations")
    .where("id", "=", orgId)
    .select("default_time_zone")
    .executeTakeFirst();
  return org?.default_time_zone ?? "UTC";
}
