/**
 * The organisation's ship-to addresses: the admin adds, edits, archives, restores and
 * picks the default; RFQ and PO forms offer the ones in use, default first.
 * An RFQ or PO copies the chosen address's text, so archiving or editing an
 * address never changes a document already written. Every change is audited.
 */
import { subject } from "../../auth/ability";
import { authorize } from "../../auth/authorize.server";
import { FormError } from "../../utils/errors";
import { appendAuditEvent } from "../../../workflows/audit.server";
import type { Trx } from "../../../db/client.server";
import type { ShipToAddress } from "../../../db/schema";

import { inTransaction, type Ctx, type TrxCtx } from "./context.server";
import type { ShipToAction } from "./organisation-settings.schema";
import { msg } from "../../i18n/config";
import { notFound, forbidden } from "../../utils/http.server";

const STALE = msg("This address was changed by someone else meanwhile. Reload the page and try again.");

/** One address for `action`, locked: 404 to whoever may not read it (another organisation's), 403 otherwise. */
async function loadShipToFor(ctx: TrxCtx, id: string, action: "update"): Promise<ShipToAddress> {
  const row = await ctx.db
    .selectFrom("ship_to_addresses")
    .where("id", "=", id)
    .selectAll()
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound("No such address.");
  authorize(ctx.ability, action, subject("ShipToAddress", row), "address");
  return row;
}

function audit(trx: Trx, ctx: Ctx, row: { id: string }, event: string, data: Record<string, unknown>) {
  return appendAuditEvent(trx, {
    orgId: ctx.actor.orgId,
    actorId: ctx.actor.userId,
    entityType: "ship_to_address",
    entityId: row.id,
    event,
    data,
  });
}

/** The addresses of the admin's page: in use (default first) and archived. */
export async function listShipTos(ctx: Ctx) {
  const { db, actor, ability } = ctx;
  if (!ability.can("read", subject("ShipToAddress", { org_id: actor.orgId }))) {
    throw forbidden("You are not allowed to do that.");
  }
  const rows = await db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", actor.orgId)
    .selectAll()
    .orderBy("is_default", "desc")
    .orderBy("label")
    .orderBy("id")
    .execute();
  const withCan = rows.map((r) => {
    const tagged = subject("ShipToAddress", r);
    const update = ability.can("update", tagged);
    return {
      id: r.id,
      label: r.label,
      address: r.address,
      isDefault: r.is_default,
      archivedAt: r.archived_at,
      version: r.version,
      can: {
        edit: update && r.archived_at === null,
        archive: update && r.archived_at === null,
        makeDefault: update && r.archived_at === null && !r.is_default,
        restore: update && r.archived_at !== null,
      },
    };
  });
  return {
    active: withCan.filter((r) => r.archivedAt === null),
    archived: withCan.filter((r) => r.archivedAt !== null),
    can: { add: ability.can("create", subject("ShipToAddress", { org_id: actor.orgId })) },
  };
}

/** What RFQ and PO forms offer: the addresses in use, default first; empty for an organisation with none. */
export async function shipToChoices(
  ctx: Ctx,
): Promise<{ id: string; label: string; address: string; isDefault: boolean }[]> {
  const { db, actor, ability } = ctx;
  if (!ability.can("read", subject("ShipToAddress", { org_id: actor.orgId }))) return [];
  const rows = await db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", actor.orgId)
    .where("archived_at", "is", null)
    .select(["id", "label", "address", "is_default"])
    .orderBy("is_default", "desc")
    .orderBy("label")
    .execute();
  return rows.map((r) => ({ id: r.id, label: r.label, address: r.address, isDefault: r.is_default }));
}

/**
 * The delivery address a form asked for: the chosen ship-to's text, or the
 * typed text when none was chosen (organisations without a list, and
 * documents written before it). A ship-to of another organisation, or one
 * archived meanwhile, is refused next to the select.
 */
export async function resolveDeliveryAddress(
  trx: Trx,
  orgId: string,
  { shipToId, typed }: { shipToId?: string; typed: string },
): Promise<string> {
  if (!shipToId) return typed;
  const row = await trx
    .selectFrom("ship_to_addresses")
    .where("id", "=", shipToId)
    .where("org_id", "=", orgId)
    .select(["address", "archived_at"])
    .executeTakeFirst();
  if (!row || row.archived_at !== null) {
    throw new FormError({ shipToId: msg("Choose one of your organisation's ship-to addresses.") });
  }
  return row.address;
}

async function clearDefault(trx: Trx, orgId: string) {
  await trx
    .updateTable("ship_to_addresses")
    .set((eb) => ({ is_default: false, version: eb("version", "+", 1) }))
    .where("org_id", "=", orgId)
    .where("is_default", "=", true)
    .execute();
}

/** The admin's add, edit, archive, restore and make-default, one audited change each. */
export async function changeShipTo(ctx: Ctx, input: ShipToAction): Promise<{ id: string }> {
  return inTransaction(ctx, async (trx, tx) => {
    const { actor, ability, now } = tx;
    if (input.intent === "add") {
      if (!ability.can("create", subject("ShipToAddress", { org_id: actor.orgId }))) {
        throw forbidden("You are not allowed to do that.");
      }
      // Locks the organisation's row so two adds with "make default" queue instead of colliding on the one-default index.
      await trx.selectFrom("organisations").where("id", "=", actor.orgId).select("id").forUpdate().execute();
      const first = !(await trx
        .selectFrom("ship_to_addresses")
        .where("org_id", "=", actor.orgId)
        .where("archived_at", "is", null)
        .select("id")
        .executeTakeFirst());
      const makeDefault = input.makeDefault || first;
      if (makeDefault) await clearDefault(trx, actor.orgId);
      const row = await trx
        .insertInto("ship_to_addresses")
        .values({ org_id: actor.orgId, label: input.label, address: input.address, is_default: makeDefault })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, tx, row, "ADD_SHIP_TO", { label: input.label, address: input.address, isDefault: makeDefault });
      return row;
    }
    await trx.selectFrom("organisations").where("id", "=", actor.orgId).select("id").forUpdate().execute();
    const row = await loadShipToFor(tx, input.id, "update");
    if (row.version !== input.version) throw new FormError({ form: STALE });
    const bump = { version: row.version + 1, updated_at: now };
    if (input.intent === "restore") {
      if (row.archived_at === null) throw new FormError({ form: msg("This address is in use already.") });
      // Restored as it was archived; it becomes the default only when no address is in use (as the first one added does).
      const alone = !(await trx
        .selectFrom("ship_to_addresses")
        .where("org_id", "=", actor.orgId)
        .where("archived_at", "is", null)
        .select("id")
        .executeTakeFirst());
      await trx
        .updateTable("ship_to_addresses")
        .set({ archived_at: null, is_default: alone, ...bump })
        .where("id", "=", row.id)
        .execute();
      await audit(trx, tx, row, "RESTORE_SHIP_TO", {
        label: row.label,
        archivedAt: new Date(row.archived_at).toISOString(),
        isDefault: alone,
      });
      return { id: row.id };
    }
    if (row.archived_at !== null) throw new FormError({ form: msg("This address is archived.") });
    if (input.intent === "edit") {
      await trx
        .updateTable("ship_to_addresses")
        .set({ label: input.label, address: input.address, ...bump })
        .where("id", "=", row.id)
        .execute();
      await audit(trx, tx, row, "EDIT_SHIP_TO", {
        before: { label: row.label, address: row.address },
        after: { label: input.label, address: input.address },
      });
    } else if (input.intent === "archive") {
      await trx
        .updateTable("ship_to_addresses")
        .set({ archived_at: now, is_default: false, ...bump })
        .where("id", "=", row.id)
        .execute();
      await audit(trx, tx, row, "ARCHIVE_SHIP_TO", { label: row.label, wasDefault: row.is_default });
    } else {
      await clearDefault(trx, actor.orgId);
      await trx
        .updateTable("ship_to_addresses")
        .set({ is_default: true, ...bump })
        .where("id", "=", row.id)
        .execute();
      await audit(trx, tx, row, "DEFAULT_SHIP_TO", { label: row.label });
    }
    return { id: row.id };
  });
}
