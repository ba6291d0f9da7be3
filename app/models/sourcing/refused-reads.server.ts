/**
 * The buying organisation's list of refused reads of its sealed quotes:
 * who tried (person, their organisation and role), what (the comparison or a
 * quote's file, of which RFQ), when, and from where (peer address, user
 * agent). The refusals are logged by sealed.server.ts under the RFQ owner's
 * organisation, whoever tried, so this list is complete for the owner.
 */
import { sql } from "kysely";

import { roleLabel, type Role } from "../../auth/ability";
import { requireAbility } from "../../auth/authorize.server";
import { type Ctx } from "../shared/context.server";
import { SEALED_READ_REFUSED, type SealedReadPlace } from "./sealed.server";

export const REFUSED_READS_PAGE_SIZE = 50;

const ROLES = new Set<string>(["buyer", "finance", "admin", "supplier"]);

/** The roles stored with the event ("buyer,finance" for a person holding two) in words; null for anything else. */
function rolesInWords(stored: string | null): string | null {
  const roles = (stored ?? "").split(",").filter((role): role is Role => ROLES.has(role));
  return roles.length > 0 ? roleLabel({ roles }) : null;
}

export interface RefusedRead {
  id: string;
  at: Date;
  who: { email: string | null; name: string | null; roleLabel: string | null; organisation: string | null };
  what: SealedReadPlace | string;
  rfq: { id: string; reference: string; title: string } | null;
  address: string | null;
  userAgent: string | null;
}

/** A cursor is the last id shown (the audit log's bigserial): anything else is the first page. */
export function parseRefusedReadsCursor(value: string | null): string | null {
  return value !== null && /^[1-9]\d{0,17}$/.test(value) ? value : null;
}

/**
 * One page of refusals, newest first, after the cursor (keyset paging on
 * the log's id, so a page costs the same however far back it is).
 */
export async function listRefusedReads(
  ctx: Ctx,
  { after = null }: { after?: string | null },
): Promise<{ reads: RefusedRead[]; next: string | null }> {
  requireAbility(ctx, "review", "AuditEvent");
  const { db, actor } = ctx;
  let query = db
    .selectFrom("audit_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .leftJoin("organisations as o", (join) =>
      join.on((eb) => eb("o.id", "=", sql<string>`(e.data->>'actorOrgId')::uuid`)),
    )
    .leftJoin("rfqs as r", (join) => join.onRef("r.id", "=", "e.entity_id").onRef("r.org_id", "=", "e.org_id"))
    .where("e.org_id", "=", actor.orgId)
    .where("e.event", "=", SEALED_READ_REFUSED)
    .select([
      sql<string>`e.id::text`.as("id"),
      "e.created_at as at",
      "e.data",
      "u.email",
      "u.name",
      "o.name as organisation",
      "r.id as rfqId",
      "r.reference",
      "r.title",
    ])
    .orderBy("e.id", "desc")
    .limit(REFUSED_READS_PAGE_SIZE + 1);
  if (after !== null) query = query.where("e.id", "<", after);
  const rows = await query.execute();
  const more = rows.length > REFUSED_READS_PAGE_SIZE;
  const shown = rows.slice(0, REFUSED_READS_PAGE_SIZE);
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    reads: shown.map((row) => ({
      id: row.id,
      at: row.at,
      who: {
        email: row.email,
        name: row.name,
        // The role they acted in, as words to read.
        roleLabel: rolesInWords(text(row.data.role)),
        // Events logged before the acting organisation was recorded name none.
        organisation: row.organisation,
      },
      what: text(row.data.where) ?? "unknown",
      rfq:
        row.rfqId && row.reference && row.title ? { id: row.rfqId, reference: row.reference, title: row.title } : null,
      address: text(row.data.address),
      userAgent: text(row.data.userAgent),
    })),
    next: more ? (shown[shown.length - 1]?.id ?? null) : null,
  };
}
