/**
 * Whether a buying organisation may choose a supplier now (invite it to an
 * RFQ, award it, raise a PO or a call-off to it), and if not, the sentence
 * that says why. A supplier may be chosen only when it consented to work with
 * the buyer (relationship `active`) and the buyer approved it
 * (qualification `approved`): docs/decisions/027-supplier-qualification.md.
 * Every stage that chooses a supplier asks here, so the rule and its
 * wording live in one place.
 */
import type { Db, Trx } from "../../../db/client.server";
import type { SupplierRelationshipStatus } from "../../../workflows/supplier-relationship.machine";
import type { SupplierQualificationStatus } from "../../../workflows/supplier-qualification.machine";
import { FormError } from "../../utils/errors";
import { msg, msgWith, translated } from "../../i18n/config";

export interface Standing {
  status: SupplierRelationshipStatus;
  qualification_status: SupplierQualificationStatus;
  qualification_reason: string | null;
}

/** Why the buyer cannot choose this supplier, as a catalogue message (`msg`/`msgWith`), or null when it can. */
export function standingMessage(row: Standing | null | undefined): string | null {
  if (!row) return msg("Not on your supplier list.");
  if (row.status === "invited") return msg("Has not accepted to work with your organisation yet.");
  if (row.status !== "active") return msg("Does not work with your organisation.");
  return qualificationMessage(row);
}

/** The qualification half of the rule alone, as a catalogue message, for a supplier known to have consented. */
export function qualificationMessage(row: Pick<Standing, "qualification_status" | "qualification_reason">) {
  const why = row.qualification_reason?.trim();
  switch (row.qualification_status) {
    case "approved":
      return null;
    case "pending":
      return msg("Pending qualification: not approved yet.");
    case "suspended":
      return why ? msgWith("Suspended: {{reason}}", { reason: why }) : msg("Suspended.");
    case "blocked":
      return why ? msgWith("Blocked: {{reason}}", { reason: why }) : msg("Blocked.");
  }
}

/** A message said in English, for the stages that still build their sentences around it. */
const english = (message: string | null) =>
  message === null
    ? null
    : translated(
        (key, values) => key.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values?.[name] ?? "")),
        message,
      );

/** Why the buyer cannot choose this supplier, in English, or null when it can. Pure, for lists and refusals alike. */
export function standingRefusal(row: Standing | null | undefined): string | null {
  return english(standingMessage(row));
}

/** The qualification half of the rule alone, in English, for a supplier known to have consented. */
export function qualificationRefusal(row: Pick<Standing, "qualification_status" | "qualification_reason">) {
  return english(qualificationMessage(row));
}

export async function readStanding(db: Db | Trx, buyerOrgId: string, supplierOrgId: string): Promise<Standing | null> {
  const row = await db
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .select(["status", "qualification_status", "qualification_reason"])
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Refuses, next to `field`, a supplier that consented but is not approved
 * (the caller has already refused one that did not consent, in its own
 * words). `name` starts the sentence when the field concerns several suppliers.
 */
export async function assertQualified(
  db: Db | Trx,
  {
    buyerOrgId,
    supplierOrgId,
    field,
    name,
  }: { buyerOrgId: string; supplierOrgId: string; field: string; name?: string },
): Promise<void> {
  const row = await readStanding(db, buyerOrgId, supplierOrgId);
  const why = row ? qualificationRefusal(row) : null;
  if (why) throw new FormError({ [field]: name ? `${name} cannot be chosen. ${why}` : why });
}

/**
 * The suppliers a form may offer (consented and approved) and those it may
 * not, with why; suppliers that never consented stay out of both (their
 * names are not the buyer's to see).
 */
export async function supplierOptions(db: Db | Trx, buyerOrgId: string) {
  const rows = await db
    .selectFrom("supplier_relationships")
    .innerJoin("organisations", "organisations.id", "supplier_relationships.supplier_org_id")
    .where("supplier_relationships.buyer_org_id", "=", buyerOrgId)
    .where("supplier_relationships.status", "=", "active")
    .select([
      "organisations.id",
      "organisations.name",
      "supplier_relationships.categories",
      "supplier_relationships.qualification_status",
      "supplier_relationships.qualification_reason",
    ])
    .orderBy("organisations.name")
    .execute();
  const available: { id: string; name: string; categories: string[] }[] = [];
  const unavailable: { id: string; name: string; reason: string }[] = [];
  for (const row of rows) {
    // A catalogue message: the forms list these in the viewer's words.
    const reason = qualificationMessage(row);
    if (reason) unavailable.push({ id: row.id, name: row.name, reason });
    else available.push({ id: row.id, name: row.name, categories: row.categories });
  }
  return { available, unavailable };
}
