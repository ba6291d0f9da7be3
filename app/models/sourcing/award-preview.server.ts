/**
 * What an award will do, before it does it: the draft POs (or agreements)
 * it makes per supplier, with their lines and totals, and who is told.
 *
 * The preview runs the award itself (`award()`, the very code the
 * confirmation runs) inside a transaction that is always rolled back, and
 * reads what it wrote before the rollback. So the preview cannot drift from
 * the award: every refusal (a stale page, a justification missing, a line
 * given to a supplier that did not quote it) comes at the preview, and the
 * confirmation makes exactly what was shown, unless someone changed the RFQ
 * in between, which its version check then refuses. Nothing is kept: not the
 * documents, their numbers, the audit events, the notifications nor the mail.
 */
import { sql } from "kysely";

import type { Trx } from "../../../db/client.server";

import { award, type AwardInput } from "./award.server";
import { loadRfqFor } from "./rfq.server";
import type { Ctx } from "../shared/context.server";

export interface PreviewLine {
  position: number;
  item: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  total: string;
  kind: "item" | "charge";
}

export interface PreviewDocument {
  supplierOrgId: string;
  supplierName: string;
  currency: string;
  lines: PreviewLine[];
  total: string;
  /** The PO's expected delivery date (none yet: null), or the agreement's validity; the page words them. */
  dates: { delivery: string | null } | { validFrom: string; validTo: string };
}

export interface AwardPreview {
  as: "po" | "agreement";
  documents: PreviewDocument[];
  /** Per organisation told: how many of its people hear in the app, and how many by mail. */
  told: { organisation: string; people: number; mails: number }[];
  justificationRequired: boolean;
}

/** Thrown to roll the dry run back, carrying what it saw. */
class DryRun extends Error {
  constructor(readonly preview: AwardPreview) {
    super("award preview: rolled back");
  }
}

export async function previewAward(ctx: Ctx, input: AwardInput): Promise<AwardPreview> {
  // Refused (404/403) exactly as the award itself is, before anything runs.
  await loadRfqFor(ctx, input.rfqId, "award");
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const result = await award({ ...ctx, db: trx }, input);
      const documents =
        input.as === "agreement"
          ? await agreementsOf(
              trx,
              result.agreements.map((a) => a.id),
            )
          : await purchaseOrdersOf(
              trx,
              result.purchaseOrders.map((po) => po.id),
            );
      throw new DryRun({
        as: input.as ?? "po",
        documents,
        told: await toldByDryRun(trx),
        justificationRequired: result.justificationRequired,
      });
    });
  } catch (error) {
    if (error instanceof DryRun) return error.preview;
    throw error;
  }
  throw new Error("award preview: the dry run did not roll back");
}

async function purchaseOrdersOf(trx: Trx, ids: string[]): Promise<PreviewDocument[]> {
  if (ids.length === 0) return [];
  const pos = await trx
    .selectFrom("purchase_orders")
    .innerJoin("organisations", "organisations.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.id", "in", ids)
    .select([
      "purchase_orders.id",
      "purchase_orders.supplier_org_id",
      "organisations.name",
      "purchase_orders.currency",
      "purchase_orders.total",
      "purchase_orders.delivery_date",
    ])
    .orderBy("organisations.name")
    .execute();
  const lines = await trx
    .selectFrom("purchase_order_lines")
    .where("po_id", "in", ids)
    .select(["po_id", "position", "item_name", "quantity", "unit", "unit_price", "line_total", "kind"])
    .orderBy("position")
    .execute();
  return pos.map((po) => ({
    supplierOrgId: po.supplier_org_id,
    supplierName: po.name,
    currency: po.currency.trim(),
    total: po.total,
    dates: { delivery: po.delivery_date ?? null },
    lines: lines
      .filter((l) => l.po_id === po.id)
      .map((l) => ({
        position: l.position,
        item: l.item_name,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unit_price,
        total: l.line_total,
        kind: l.kind,
      })),
  }));
}

async function agreementsOf(trx: Trx, ids: string[]): Promise<PreviewDocument[]> {
  if (ids.length === 0) return [];
  const agreements = await trx
    .selectFrom("agreements")
    .innerJoin("organisations", "organisations.id", "agreements.supplier_org_id")
    .where("agreements.id", "in", ids)
    .select([
      "agreements.id",
      "agreements.supplier_org_id",
      "organisations.name",
      "agreements.currency",
      "agreements.value_cap",
      "agreements.valid_from",
      "agreements.valid_to",
    ])
    .orderBy("organisations.name")
    .execute();
  const items = await trx
    .selectFrom("agreement_items")
    .where("agreement_id", "in", ids)
    .select(["agreement_id", "position", "item_name", "quantity_cap", "unit", "unit_price"])
    .orderBy("position")
    .execute();
  return agreements.map((a) => ({
    supplierOrgId: a.supplier_org_id,
    supplierName: a.name,
    currency: a.currency.trim(),
    total: a.value_cap ?? "",
    dates: { validFrom: a.valid_from, validTo: a.valid_to },
    lines: items
      .filter((i) => i.agreement_id === a.id)
      .map((i) => ({
        position: i.position,
        item: i.item_name,
        quantity: i.quantity_cap ?? "",
        unit: i.unit,
        unitPrice: i.unit_price,
        total: "",
        kind: "item" as const,
      })),
  }));
}

/** Rows the current transaction wrote: the dry run's own, none of those committed before it. */
const writtenHere = (table: "notifications" | "email_outbox") =>
  sql<boolean>`${sql.table(table)}.xmin = xid(pg_current_xact_id())`;

/** Who the dry run told, per organisation: people notified in the app, and how many of them by mail. */
async function toldByDryRun(trx: Trx) {
  const notified = await trx
    .selectFrom("notifications")
    .innerJoin("users", "users.id", "notifications.user_id")
    .innerJoin("organisations", "organisations.id", "notifications.org_id")
    .where(writtenHere("notifications"))
    .select(["users.email", "organisations.name"])
    .execute();
  const mails = await trx.selectFrom("email_outbox").where(writtenHere("email_outbox")).select("to_address").execute();
  const mailed = new Set(mails.map((m) => m.to_address.toLowerCase()));
  const byOrg = new Map<string, { organisation: string; people: number; mails: number }>();
  for (const r of notified) {
    const entry = byOrg.get(r.name) ?? { organisation: r.name, people: 0, mails: 0 };
    entry.people += 1;
    if (mailed.has(r.email.toLowerCase())) entry.mails += 1;
    byOrg.set(r.name, entry);
  }
  return [...byOrg.values()].sort((a, b) => a.organisation.localeCompare(b.organisation));
}
