/**
 * /pos as a query: status and supplier filters, search on the number, and
 * keyset pages that together list every readable PO once, newest first;
 * finance's approval policy: validated, scoped to finance, audited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { approvalPolicySchema } from "../../../app/models/ordering/approval-policy.schema";
import { getApprovalPolicy, saveApprovalPolicy } from "../../../app/models/ordering/approval-policy.server";
import { listPurchaseOrderPage, poSupplierOptions } from "../../../app/models/ordering/queries.server";
import { FormError } from "../../../app/utils/errors";
import {
  ACME,
  BUYER,
  FINANCE,
  GLOBEX,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

import { draftPo, ONE_LINE } from "../../factories/purchasing";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("purchase_orders_list");
  demo = await seededDemo(t.db);
  // A few more, so pages of two have several to walk through.
  for (let i = 0; i < 3; i++) await draftPo(demo, ONE_LINE("10"), ["20.00"]);
});

afterAll(async () => {
  await t?.destroy();
});

async function allPages(email: string, filters: Parameters<typeof listPurchaseOrderPage>[1] = {}) {
  const seen: { id: string; number: string; status: string; supplierName: string }[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const page = await listPurchaseOrderPage(demo.as(email), { ...filters, cursor, pageSize: 2 });
    expect(page.rows.length).toBeLessThanOrEqual(2);
    seen.push(...page.rows);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("listing purchase orders", () => {
  it("walks keyset pages of two through every PO of Acme's once, newest first", async () => {
    const expected = await t.db
      .selectFrom("purchase_orders")
      .where("buyer_org_id", "=", demo.orgId(ACME))
      .select(["id"])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .execute();
    expect(expected.length).toBeGreaterThan(4);
    const rows = await allPages(BUYER);
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });

  it("filters by status and by supplier, and searches the number", async () => {
    const drafts = await allPages(BUYER, { status: "draft" });
    expect(drafts.length).toBeGreaterThanOrEqual(3);
    expect(drafts.every((r) => r.status === "draft")).toBe(true);

    const globex = await allPages(BUYER, { supplierOrgId: demo.orgId(GLOBEX) });
    expect(globex.length).toBeGreaterThan(0);
    expect(globex.every((r) => r.supplierName === GLOBEX)).toBe(true);
    const northwind = await allPages(BUYER, { supplierOrgId: demo.orgId(NORTHWIND) });
    expect(northwind.length + globex.length).toBe((await allPages(BUYER)).length);

    const one = drafts[0].number;
    const found = await allPages(BUYER, { search: one.slice(-6) });
    expect(found.map((r) => r.number)).toEqual([one]);
    // LIKE wildcards are literal text, not patterns.
    expect(await allPages(BUYER, { search: "%" })).toEqual([]);
  });

  it("shows a supplier only POs issued to it, and another tenant none of Acme's", async () => {
    const supplierRows = await allPages(NORTHWIND_SALES);
    expect(supplierRows.length).toBeGreaterThan(0);
    expect(supplierRows.every((r) => !["draft", "pending_approval", "approved", "rejected"].includes(r.status))).toBe(
      true,
    );
    expect(await allPages(INITECH_BUYER)).toEqual([]);
  });

  it("offers as supplier filter exactly the suppliers of the POs the reader may see", async () => {
    const acmeSuppliers = [...new Set((await allPages(BUYER)).map((r) => r.supplierName))].sort();
    expect(acmeSuppliers.length).toBeGreaterThan(0);
    const options = await poSupplierOptions(demo.as(BUYER));
    expect(options.map((o) => o.name)).toEqual(acmeSuppliers);
    expect(options.map((o) => o.id)).toContain(demo.orgId(NORTHWIND));
    expect(await poSupplierOptions(demo.as(INITECH_BUYER))).toEqual([]);
  });

  it("ignores a forged cursor instead of failing", async () => {
    const page = await listPurchaseOrderPage(demo.as(BUYER), { cursor: "not-a-cursor", pageSize: 2 });
    expect(page.rows).toHaveLength(2);
  });
});

describe("finance's approval policy", () => {
  const input = {
    thresholdOne: "2000.00",
    thresholdTwo: "30000",
  };

  it("is saved by finance and audited with the values before and after", async () => {
    await saveApprovalPolicy(demo.as(FINANCE), input);
    const policy = await getApprovalPolicy(demo.as(FINANCE));
    expect(policy).toMatchObject({
      currency: "EUR",
      thresholdOne: "2000.00",
      thresholdTwo: "30000.00",
    });
    const audit = await t.db
      .selectFrom("audit_events")
      .where("entity_type", "=", "approval_policy")
      .selectAll()
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ event: "UPDATE_POLICY", actor_id: demo.actor(FINANCE).userId });
    expect(audit.data).toMatchObject({
      before: { thresholdOne: "1000.00", thresholdTwo: "25000.00" },
      after: input,
    });
  });

  it("refuses threshold two below threshold one, next to the field, changing nothing", async () => {
    const parsed = approvalPolicySchema.safeParse({ ...input, thresholdTwo: "1999.99" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ["thresholdTwo"],
      message: "Threshold two must be at least threshold one.",
    });
    const refused = await saveApprovalPolicy(demo.as(FINANCE), {
      ...input,
      thresholdTwo: "1999.99",
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormError);
    expect((await getApprovalPolicy(demo.as(FINANCE))).thresholdTwo).toBe("30000.00");
    expect(approvalPolicySchema.safeParse({ ...input, thresholdOne: "1e3" }).success).toBe(false);
  });

  it("is refused to the buyer and the supplier", async () => {
    expect((await responseOf(saveApprovalPolicy(demo.as(BUYER), input))).status).toBe(403);
    expect((await responseOf(getApprovalPolicy(demo.as(NORTHWIND_SALES)))).status).toBe(403);
  });
});
