/**
 * What the PO page offers each party (`can` of getPoPage, and the facts it
 * answers so the page tests no status): the buyer who made it, finance
 * (which approves) and the supplier, on a PO taken from draft to received.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rejectPo } from "../../../app/models/ordering/approval.server";
import { getPoPage } from "../../../app/models/ordering/queries.server";
import { BUYER, FINANCE, NORTHWIND_SALES, responseOf, seededDemo, type Demo } from "../../factories/demo";
import { acknowledged, draftPo, ONE_LINE, poVersion, receive, submitted } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("po_page_flags");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

const page = (email: string, poId: string) => getPoPage(demo.as(email, new Date()), { id: poId });

/** The flags that are true, so a wrong one shows by name. */
const granted = (can: Record<string, boolean>) =>
  Object.entries(can)
    .filter(([, value]) => value)
    .map(([name]) => name)
    .sort();

describe("the PO page's flags", () => {
  it("on a draft: the buyer edits, submits or cancels; finance may only cancel; the supplier does not see it", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    const buyer = await page(BUYER, poId);
    expect(granted(buyer.can)).toEqual(["cancel", "edit", "submit"]);
    expect(buyer.approvalsCounted).toBe(false);
    expect(buyer.stoppedBecause).toBeNull();
    expect(granted((await page(FINANCE, poId)).can)).toEqual(["cancel"]);
    expect((await responseOf(page(NORTHWIND_SALES, poId))).status).toBe(404);
  });

  it("awaiting approval: finance approves or rejects; the buyer who made it waits", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await submitted(demo, poId);
    const buyer = await page(BUYER, poId);
    expect(granted(buyer.can)).toEqual(["cancel"]);
    expect(buyer.approvalsCounted).toBe(true);
    expect(buyer.changeAwaitingApproval).toBe(false);
    expect(granted((await page(FINANCE, poId)).can)).toEqual(["approve", "cancel", "reject"]);
  });

  it("rejected: the buyer revises, and the page says why finance rejected it", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await submitted(demo, poId);
    await rejectPo(demo.as(FINANCE, new Date()), {
      id: poId,
      version: await poVersion(t.db, poId),
      reason: "Wrong cost centre",
    });
    const buyer = await page(BUYER, poId);
    expect(granted(buyer.can)).toEqual(["cancel", "revise"]);
    expect(buyer.stoppedBecause).toEqual({ status: "rejected", reason: "Wrong cost centre" });
    expect(granted((await page(FINANCE, poId)).can)).toEqual(["cancel"]);
  });

  it("issued: the supplier acknowledges or declines; the buyer changes or cancels (goods are received once acknowledged)", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await submitted(demo, poId, [FINANCE]);
    expect(granted((await page(NORTHWIND_SALES, poId)).can)).toEqual(["acknowledge", "decline"]);
    expect(granted((await page(BUYER, poId)).can)).toEqual(["cancel", "change"]);
    expect(granted((await page(FINANCE, poId)).can)).toEqual(["cancel"]);
  });

  it("acknowledged and partly received: the supplier invoices; nobody may cancel any more", async () => {
    const poId = await draftPo(demo, ONE_LINE("100"), ["20.00"]);
    await acknowledged(demo, poId);
    expect(granted((await page(NORTHWIND_SALES, poId)).can)).toEqual(["invoice"]);
    await receive(demo, poId, ["40"]);
    expect(granted((await page(NORTHWIND_SALES, poId)).can)).toEqual(["invoice"]);
    expect(granted((await page(BUYER, poId)).can)).toEqual(["change", "receive"]);
    expect(granted((await page(FINANCE, poId)).can)).toEqual([]);
  });
});
