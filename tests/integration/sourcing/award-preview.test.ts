/**
 * The award's preview (issue 14): before anything is awarded, the buyer sees
 * the draft POs (or agreements) per supplier with their lines and totals and
 * who will be told. The preview writes nothing at all, refuses what the
 * award would refuse, and the confirmation makes exactly what was shown.
 *
 * The demo's "Safety gloves, Q1 supply" is closed with two quotes:
 * Northwind 4.20 and 7.90, Globex 3.95 and 8.40 (600 pcs and 120 boxes), so
 * Globex is the cheapest whole award (3378.00 against 3468.00) and the
 * cheapest split is line 1 to Globex (2370.00), line 2 to Northwind (948.00).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { award } from "../../../app/models/sourcing/award.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { previewAward, type PreviewDocument } from "../../../app/models/sourcing/award-preview.server";
import { FormError } from "../../../app/utils/errors";
import type { Rfq } from "../../../db/schema";
import {
  BUYER,
  GLOBEX,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { tableChecksums } from "../../support/app-server";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;
let rfq: Rfq;

beforeAll(async () => {
  t = await createTestDb("sourcing_award_preview");
  demo = await seededDemo(t.db);
  // Past its deadline: the scheduled work closes it, as the server would.
  await closeDueRfqs(t.db, new Date());
  rfq = await demo.rfq("Safety gloves, Q1 supply");
});

afterAll(async () => {
  await t?.destroy();
});

async function lineIds(): Promise<string[]> {
  const rows = await t.db
    .selectFrom("rfq_lines")
    .where("rfq_id", "=", rfq.id)
    .select("id")
    .orderBy("position")
    .execute();
  return rows.map((r) => r.id);
}

/** The POs the award made, in the preview's shape. */
async function madePos(): Promise<PreviewDocument[]> {
  const pos = await t.db
    .selectFrom("purchase_orders")
    .innerJoin("organisations", "organisations.id", "purchase_orders.supplier_org_id")
    .where("purchase_orders.rfq_id", "=", rfq.id)
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
  const out: PreviewDocument[] = [];
  for (const po of pos) {
    const lines = await t.db
      .selectFrom("purchase_order_lines")
      .where("po_id", "=", po.id)
      .select(["position", "item_name", "quantity", "unit", "unit_price", "line_total", "kind"])
      .orderBy("position")
      .execute();
    out.push({
      supplierOrgId: po.supplier_org_id,
      supplierName: po.name,
      currency: po.currency.trim(),
      total: po.total,
      dates: { delivery: po.delivery_date ?? null },
      lines: lines.map((l) => ({
        position: l.position,
        item: l.item_name,
        quantity: l.quantity,
        unit: l.unit,
        unitPrice: l.unit_price,
        total: l.line_total,
        kind: l.kind,
      })),
    });
  }
  return out;
}

describe("the award preview", () => {
  it("shows the POs, lines, totals and who is told, and writes nothing", async () => {
    const before = await tableChecksums(t.db);
    const preview = await previewAward(demo.as(BUYER), {
      rfqId: rfq.id,
      version: rfq.version,
      choice: { mode: "whole", supplierOrgId: demo.orgId(GLOBEX) },
    });
    expect(preview.as).toBe("po");
    expect(preview.justificationRequired).toBe(false);
    expect(preview.documents).toHaveLength(1);
    expect(preview.documents[0]).toMatchObject({
      supplierName: GLOBEX,
      currency: "EUR",
      total: "3378.00",
      lines: [
        { position: 1, item: "Cut-resistant gloves", unitPrice: "3.9500", total: "2370.00", kind: "item" },
        { position: 2, item: "Nitrile disposable gloves", unitPrice: "8.4000", total: "1008.00", kind: "item" },
      ],
    });
    // Both bidders hear their own result, the winner and the other.
    expect(preview.told.map((x) => x.organisation)).toEqual([GLOBEX, NORTHWIND]);
    for (const told of preview.told) expect(told.people).toBeGreaterThan(0);
    expect(await tableChecksums(t.db)).toEqual(before);
    expect((await demo.rfq("Safety gloves, Q1 supply")).status).toBe("closed");
  });

  it("refuses what the award refuses, at the preview: a dearer choice without a reason, another organisation", async () => {
    const before = await tableChecksums(t.db);
    await expect(
      previewAward(demo.as(BUYER), {
        rfqId: rfq.id,
        version: rfq.version,
        choice: { mode: "whole", supplierOrgId: demo.orgId(NORTHWIND) },
      }),
    ).rejects.toBeInstanceOf(FormError);
    const dearer = await previewAward(demo.as(BUYER), {
      rfqId: rfq.id,
      version: rfq.version,
      choice: { mode: "whole", supplierOrgId: demo.orgId(NORTHWIND) },
      justification: "Globex missed two deliveries last quarter.",
    });
    expect(dearer).toMatchObject({
      justificationRequired: true,
      documents: [{ supplierName: NORTHWIND, total: "3468.00" }],
    });
    const input = {
      rfqId: rfq.id,
      version: rfq.version,
      choice: { mode: "whole" as const, supplierOrgId: demo.orgId(GLOBEX) },
    };
    expect((await responseOf(previewAward(demo.as(INITECH_BUYER), input))).status).toBe(404);
    expect([403, 404]).toContain((await responseOf(previewAward(demo.as(NORTHWIND_SALES), input))).status);
    expect(await tableChecksums(t.db)).toEqual(before);
  });

  it("previews agreements when the award makes agreements", async () => {
    const preview = await previewAward(demo.as(BUYER), {
      rfqId: rfq.id,
      version: rfq.version,
      choice: { mode: "whole", supplierOrgId: demo.orgId(GLOBEX) },
      as: "agreement",
    });
    expect(preview.as).toBe("agreement");
    expect(preview.documents).toMatchObject([
      { supplierName: GLOBEX, lines: [{ item: "Cut-resistant gloves" }, { item: "Nitrile disposable gloves" }] },
    ]);
    expect(preview.documents[0].dates).toEqual({
      validFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      validTo: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(await t.db.selectFrom("agreements").where("rfq_id", "=", rfq.id).select("id").execute()).toEqual([]);
  });

  it("and the confirmation makes exactly what the preview showed", async () => {
    const [line1, line2] = await lineIds();
    const input = {
      rfqId: rfq.id,
      version: rfq.version,
      choice: {
        mode: "lines" as const,
        lines: [
          { rfqLineId: line1, supplierOrgId: demo.orgId(GLOBEX) },
          { rfqLineId: line2, supplierOrgId: demo.orgId(NORTHWIND) },
        ],
      },
    };
    const at = new Date();
    const preview = await previewAward(demo.as(BUYER, at), input);
    expect(preview.documents.map((d) => [d.supplierName, d.total])).toEqual([
      [GLOBEX, "2370.00"],
      [NORTHWIND, "948.00"],
    ]);
    const notificationsBefore = await t.db.selectFrom("notifications").select("id").execute();
    await award(demo.as(BUYER, at), input);
    expect(await madePos()).toEqual(preview.documents);
    // Told as previewed: per organisation, as many people.
    const told = await t.db
      .selectFrom("notifications")
      .innerJoin("organisations", "organisations.id", "notifications.org_id")
      .where("notifications.path", "=", `/rfqs/${rfq.id}`)
      .where("notifications.id", "not in", notificationsBefore.length ? notificationsBefore.map((n) => n.id) : [""])
      .select("organisations.name")
      .execute();
    for (const entry of preview.told)
      expect(told.filter((n) => n.name === entry.organisation)).toHaveLength(entry.people);
    expect(told).toHaveLength(preview.told.reduce((n, x) => n + x.people, 0));
  });
});
