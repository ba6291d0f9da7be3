/**
 * The catalogue: what the organisation's agreements in force offer today,
 * one row per item per agreement (the same item under two agreements shows
 * twice, each at its own price), searchable by item, category and supplier.
 */
import { accessibleWhere } from "../../auth/accessible.server";
import type { Ctx } from "../shared/context.server";
import { containing } from "../shared/sql.server";

export interface CatalogueFilters {
  q?: string;
  category?: string;
  supplierOrgId?: string;
}

export async function getCatalogue(ctx: Ctx, filters: CatalogueFilters = {}) {
  const { db, ability, now } = ctx;
  const where = accessibleWhere(ability, "browse", "Agreement");
  if (!where) return { rows: [], suppliers: [], categories: [] };
  const today = now.toISOString().slice(0, 10);
  const inForce = db
    .selectFrom("agreements")
    .innerJoin("agreement_items", "agreement_items.agreement_id", "agreements.id")
    .innerJoin("organisations as supplier", "supplier.id", "agreements.supplier_org_id")
    .where((eb) => where(eb))
    .where("agreements.status", "=", "active")
    .where("agreements.valid_from", "<=", today)
    .where("agreements.valid_to", ">=", today);
  const q = filters.q?.trim() ?? "";
  const rows = await inForce
    .$if(q !== "", (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("agreement_items.item_name", "ilike", containing(q)),
          eb("agreement_items.specification", "ilike", containing(q)),
        ]),
      ),
    )
    .$if(Boolean(filters.category), (qb) => qb.where("agreement_items.category", "=", filters.category ?? ""))
    .$if(Boolean(filters.supplierOrgId), (qb) =>
      qb.where("agreements.supplier_org_id", "=", filters.supplierOrgId ?? ""),
    )
    .select([
      "agreement_items.id",
      "agreement_items.item_name as itemName",
      "agreement_items.specification",
      "agreement_items.category",
      "agreement_items.unit",
      "agreement_items.unit_price as unitPrice",
      "agreements.id as agreementId",
      "agreements.number as agreementNumber",
      "agreements.currency",
      "agreements.valid_to as validTo",
      "agreements.lead_time_days as leadTimeDays",
      "supplier.name as supplierName",
      (eb) =>
        eb
          .selectFrom("agreement_price_breaks")
          .whereRef("agreement_price_breaks.item_id", "=", "agreement_items.id")
          .select((e) => e.fn.countAll<string>().as("n"))
          .as("breakCount"),
    ])
    .orderBy("agreement_items.item_name")
    .orderBy("agreements.number")
    .limit(500)
    .execute();
  const [suppliers, categories] = await Promise.all([
    inForce.select(["supplier.id", "supplier.name"]).distinct().orderBy("supplier.name").execute(),
    inForce
      .where("agreement_items.category", "<>", "")
      .select("agreement_items.category")
      .distinct()
      .orderBy("agreement_items.category")
      .execute(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, hasBreaks: Number(r.breakCount ?? 0) > 0 })),
    suppliers,
    categories: categories.map((c) => c.category),
  };
}
