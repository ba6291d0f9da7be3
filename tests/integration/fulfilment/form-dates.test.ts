/**
 * The receipt and invoice forms start at the viewer's today in their own
 * time zone, or their organisation's when they chose none: at an instant
 * where UTC's day is not theirs (Auckland is ahead, Honolulu behind), the
 * form offers their day, not UTC's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { invoiceFormData } from "../../../app/models/fulfilment/invoice-queries.server";
import { getPoPage } from "../../../app/models/ordering/queries.server";
import { acknowledged, draftPo, ONE_LINE } from "../../factories/purchasing";
import { BUYER, NORTHWIND, NORTHWIND_SALES, seededDemo, type Demo } from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;
let poId: string;

// 20:30 UTC on 7 December: already the 8th in Auckland (UTC+13).
const EVENING = new Date("2026-12-07T20:30:00Z");
// 05:00 UTC on 7 December: still the 6th in Honolulu (UTC-10).
const MORNING = new Date("2026-12-07T05:00:00Z");

const setUserZone = (email: string, zone: string | null) =>
  t.db.updateTable("users").set({ time_zone: zone }).where("email", "=", email).execute();

beforeAll(async () => {
  t = await createTestDb("form_dates");
  demo = await seededDemo(t.db);
  poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
  await acknowledged(demo, poId);
});

afterAll(async () => {
  await t?.destroy();
});

describe("the invoice form's date", () => {
  it("is the supplier's today in their own zone", async () => {
    await setUserZone(NORTHWIND_SALES, "Pacific/Auckland");
    expect((await invoiceFormData(demo.as(NORTHWIND_SALES, EVENING), { poId })).today).toBe("2026-12-08");
    await setUserZone(NORTHWIND_SALES, "Pacific/Honolulu");
    expect((await invoiceFormData(demo.as(NORTHWIND_SALES, MORNING), { poId })).today).toBe("2026-12-06");
    await setUserZone(NORTHWIND_SALES, "UTC");
    expect((await invoiceFormData(demo.as(NORTHWIND_SALES, EVENING), { poId })).today).toBe("2026-12-07");
  });

  it("is the organisation's today when the person chose no zone", async () => {
    await setUserZone(NORTHWIND_SALES, null);
    await t.db
      .updateTable("organisations")
      .set({ default_time_zone: "Pacific/Auckland" })
      .where("id", "=", demo.orgId(NORTHWIND))
      .execute();
    expect((await invoiceFormData(demo.as(NORTHWIND_SALES, EVENING), { poId })).today).toBe("2026-12-08");
  });
});

describe("the receipt form's date", () => {
  it("is the buyer's today in their own zone", async () => {
    await setUserZone(BUYER, "Pacific/Honolulu");
    expect((await getPoPage(demo.as(BUYER, MORNING), { id: poId })).today).toBe("2026-12-06");
    await setUserZone(BUYER, "Pacific/Auckland");
    expect((await getPoPage(demo.as(BUYER, EVENING), { id: poId })).today).toBe("2026-12-08");
  });
});
