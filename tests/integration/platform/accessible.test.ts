/**
 * Lists filtered in SQL must agree with `ability.can` row by row: the same
 * CASL rules, once as a where-condition, once in memory.
 */
import { createMongoAbility, type RawRuleOf } from "@casl/ability";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  defineAbilityFor,
  subject,
  type Action,
  type Actor,
  type AppAbility,
  type Role,
  type SubjectType,
  type TaggedSubject,
} from "../../../app/auth/ability";
import { accessibleWhere } from "../../../app/auth/accessible.server";
import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;

/** Ids by readable name, so expectations read as names. */
const ids = new Map<string, string>();
const names = new Map<string, string>();
function remember(name: string, id: string): string {
  ids.set(name, id);
  names.set(id, name);
  return id;
}
const id = (name: string): string => {
  const value = ids.get(name);
  if (!value) throw new Error(`no row named ${name}`);
  return value;
};
const actors = new Map<string, Actor>();

const ALL_ACTIONS: Action[] = [
  "manage",
  "read",
  "create",
  "update",
  "delete",
  "publish",
  "close",
  "cancel",
  "invite",
  "answer",
  "award",
  "compare",
  "readPrices",
  "quote",
  "ask",
  "submit",
  "approve",
  "reject",
  "issue",
  "acknowledge",
  "decline",
  "receive",
  "invoice",
  "review",
  "callOff",
  "browse",
  "run",
  "readPerformance",
  "pay",
  "qualify",
  "unblock",
];
const ALL_SUBJECTS: SubjectType[] = [
  "Rfq",
  "Quote",
  "PurchaseOrder",
  "Invoice",
  "User",
  "SupplierRelationship",
  "FxRate",
  "ApprovalPolicy",
  "AuditEvent",
  "AuditLog",
  "Outbox",
  "Notification",
  "Organisation",
  "ReorderRule",
  "StockLevel",
  "ShipToAddress",
  "Agreement",
  "Company",
  "BankChange",
  "PaymentHold",
  "Requisition",
];

beforeAll(async () => {
  t = await createTestDb("accessible");
  const db = t.db;

  const org = async (name: string, kind: "buyer" | "supplier") =>
    remember(
      name,
      (await db.insertInto("organisations").values({ name, kind }).returning("id").executeTakeFirstOrThrow()).id,
    );
  const acme = await org("acme", "buyer");
  const initech = await org("initech", "buyer");
  const supA = await org("supplierA", "supplier");
  const supB = await org("supplierB", "supplier");

  const person = async (name: string, orgId: string, role: Role) => {
    const user = await db
      .insertInto("users")
      .values({ email: `${name}@example.test`, name, password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    remember(name, user.id);
    const membership = await db
      .insertInto("memberships")
      .values({ user_id: user.id, org_id: orgId, role })
      .returning("id")
      .executeTakeFirstOrThrow();
    remember(`membership:${name}`, membership.id);
    actors.set(name, { userId: user.id, orgId, roles: [role] });
    return user.id;
  };
  const acmeBuyer = await person("acmeBuyer", acme, "buyer");
  const acmeFinance = await person("acmeFinance", acme, "finance");
  await person("acmeAdmin", acme, "admin");
  const acmeRequester = await person("acmeRequester", acme, "requester");
  const initechBuyer = await person("initechBuyer", initech, "buyer");
  await person("initechFinance", initech, "finance");
  const supAUser = await person("supAUser", supA, "supplier");
  const supBUser = await person("supBUser", supB, "supplier");
  // Supplier A's admin: the supplier role and the admin role of a supplier organisation.
  const supAAdmin = await person("supAAdmin", supA, "supplier");
  remember(
    "membership:supAAdmin:admin",
    (
      await db
        .insertInto("memberships")
        .values({ user_id: supAAdmin, org_id: supA, role: "admin" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  );
  actors.set("supAAdmin", { userId: supAAdmin, orgId: supA, roles: ["supplier", "admin"] });

  for (const [name, buyer, supplier] of [
    ["rel:acme-A", acme, supA],
    ["rel:acme-B", acme, supB],
    ["rel:initech-B", initech, supB],
  ] as const) {
    remember(
      name,
      (
        await db
          .insertInto("supplier_relationships")
          .values({ buyer_org_id: buyer, supplier_org_id: supplier })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }

  const rfq = async (name: string, orgId: string, createdBy: string, closed: boolean) =>
    remember(
      name,
      (
        await db
          .insertInto("rfqs")
          .values({
            org_id: orgId,
            reference: name,
            title: `RFQ ${name}`,
            currency: "EUR",
            deadline: "2026-12-01T12:00:00Z",
            status: closed ? "closed" : "open",
            closed_at: closed ? "2026-12-01T12:00:00Z" : null,
            created_by: createdBy,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  // rfqOpen: Acme, open, only supplier A invited (plus an e-mail invitation without an organisation).
  const rfqOpen = await rfq("rfqOpen", acme, acmeBuyer, false);
  // rfqInitech: Initech, closed, supplier B invited.
  const rfqInitech = await rfq("rfqInitech", initech, initechBuyer, true);
  // rfqClosed: Acme, closed, both suppliers invited.
  const rfqClosed = await rfq("rfqClosed", acme, acmeBuyer, true);
  // rfqDraft: Acme, nobody invited yet.
  await rfq("rfqDraft", acme, acmeBuyer, false);
  await db
    .insertInto("rfq_invitations")
    .values([
      { rfq_id: rfqOpen, buyer_org_id: acme, supplier_org_id: supA },
      { rfq_id: rfqOpen, buyer_org_id: acme, supplier_org_id: null, invited_email: "new@example.test" },
      { rfq_id: rfqInitech, buyer_org_id: initech, supplier_org_id: supB },
      { rfq_id: rfqClosed, buyer_org_id: acme, supplier_org_id: supA },
      { rfq_id: rfqClosed, buyer_org_id: acme, supplier_org_id: supB },
    ])
    .execute();

  const quote = async (name: string, rfqId: string, buyer: string, supplier: string) =>
    remember(
      name,
      (
        await db
          .insertInto("quotes")
          .values({
            rfq_id: rfqId,
            buyer_org_id: buyer,
            supplier_org_id: supplier,
            currency: "EUR",
            status: "submitted",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  await quote("qOpenA", rfqOpen, acme, supA);
  await quote("qInitechB", rfqInitech, initech, supB);
  await quote("qClosedA", rfqClosed, acme, supA);
  await quote("qClosedB", rfqClosed, acme, supB);

  const po = async (
    name: string,
    buyer: string,
    supplier: string,
    status: PurchaseOrderStatus,
    createdBy: string,
    reason: string | null = null,
  ) =>
    remember(
      name,
      (
        await db
          .insertInto("purchase_orders")
          .values({
            number: name,
            buyer_org_id: buyer,
            supplier_org_id: supplier,
            status,
            created_by: createdBy,
            currency: "EUR",
            reason,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  await po("poDraft", acme, supA, "draft", acmeBuyer);
  await po("poPendingByBuyer", acme, supA, "pending_approval", acmeBuyer);
  await po("poPendingByFinance", acme, supA, "pending_approval", acmeFinance);
  await po("poApproved", acme, supA, "approved", acmeBuyer);
  await po("poRejected", acme, supA, "rejected", acmeBuyer, "too dear");
  const poIssuedA = await po("poIssuedA", acme, supA, "issued", acmeBuyer);
  await po("poReceivedA", acme, supA, "received", acmeBuyer, "fraud");
  const poIssuedB = await po("poIssuedB", acme, supB, "issued", acmeBuyer);
  await po("poInitechIssuedA", initech, supA, "issued", initechBuyer);
  await po("poInitechPending", initech, supA, "pending_approval", initechBuyer);

  const invoice = async (name: string, poId: string, supplier: string, by: string) =>
    remember(
      name,
      (
        await db
          .insertInto("invoices")
          .values({
            po_id: poId,
            buyer_org_id: acme,
            supplier_org_id: supplier,
            invoice_number: name,
            currency: "EUR",
            subtotal: "100.00",
            tax_total: "0.00",
            total: "100.00",
            issued_on: "2026-12-10",
            submitted_by: by,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  await invoice("invA", poIssuedA, supA, supAUser);
  await invoice("invB", poIssuedB, supB, supAUser);

  for (const [name, orgId] of [
    ["fxAcme", acme],
    ["fxInitech", initech],
  ] as const) {
    remember(
      name,
      (
        await db
          .insertInto("fx_rates")
          .values({ org_id: orgId, base_currency: "EUR", quote_currency: "USD", rate: "0.9", valid_on: "2026-12-01" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  for (const [name, orgId] of [
    ["policy:acme", acme],
    ["policy:initech", initech],
  ] as const) {
    await db
      .insertInto("approval_policies")
      .values({ org_id: orgId, currency: "EUR", threshold_one: "1000", threshold_two: "10000" })
      .execute();
    remember(name, orgId);
  }
  // Reorder rules and stock counts, one site each for Acme and Initech.
  for (const [name, orgId, createdBy] of [
    ["reorderAcme", acme, acmeBuyer],
    ["reorderInitech", initech, initechBuyer],
  ] as const) {
    const site = await db
      .insertInto("ship_to_addresses")
      .values({ org_id: orgId, label: `${name} site`, address: "Dock 1" })
      .returning("id")
      .executeTakeFirstOrThrow();
    remember(
      name,
      (
        await db
          .insertInto("reorder_rules")
          .values({
            org_id: orgId,
            item_name: "Hex bolt",
            item_key: "hex bolt",
            unit: "pcs",
            ship_to_address_id: site.id,
            reorder_point: "10",
            fixed_quantity: "100",
            created_by: createdBy,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
    remember(
      `stock:${name}`,
      (
        await db
          .insertInto("stock_levels")
          .values({
            org_id: orgId,
            ship_to_address_id: site.id,
            item_name: "Hex bolt",
            item_key: "hex bolt",
            unit: "pcs",
            quantity: "5",
            counted_at: "2026-12-01T08:00:00Z",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  for (const [name, orgId] of [
    ["auditAcme", acme],
    ["auditInitech", initech],
    ["auditSystem", null],
  ] as const) {
    remember(
      name,
      (
        await db
          .insertInto("audit_events")
          .values({ org_id: orgId, entity_type: "rfq", event: name })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  for (const [name, buyerOrg, supplierOrg, createdBy, sentAt] of [
    ["agrDraftA", acme, supA, acmeBuyer, null],
    ["agrSentA", acme, supA, acmeBuyer, "2026-12-01T12:00:00Z"],
    ["agrInitechB", initech, supB, initechBuyer, "2026-12-01T12:00:00Z"],
  ] as const) {
    remember(
      name,
      (
        await db
          .insertInto("agreements")
          .values({
            number: name,
            buyer_org_id: buyerOrg,
            supplier_org_id: supplierOrg,
            title: name,
            currency: "EUR",
            valid_from: "2027-01-01",
            valid_to: "2027-12-31",
            status: sentAt ? "sent" : "draft",
            sent_at: sentAt,
            created_by: createdBy,
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  await db
    .insertInto("company_profiles")
    .values([{ org_id: supA }, { org_id: supB }])
    .execute();
  for (const [name, supplierOrg, proposedBy] of [
    ["changeA", supA, supAUser],
    ["changeB", supB, supBUser],
  ] as const) {
    const change = await db
      .insertInto("bank_detail_changes")
      .values({
        supplier_org_id: supplierOrg,
        account_holder: name,
        iban: "DE89370400440532013000",
        bic: "COBADEFFXXX",
        proposed_by: proposedBy,
        proposed_at: "2026-12-01T12:00:00Z",
        status: name === "changeA" ? "proposed" : "confirmed",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    remember(name, change.id);
  }
  for (const [name, buyerOrg, supplierOrg, change] of [
    ["hold:acme-B", acme, supB, "changeB"],
    ["hold:initech-B", initech, supB, "changeB"],
  ] as const) {
    const hold = await db
      .insertInto("bank_change_acknowledgements")
      .values({
        change_id: ids.get(change) as string,
        buyer_org_id: buyerOrg,
        supplier_org_id: supplierOrg,
        created_at: "2026-12-01T12:00:00Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    remember(name, hold.id);
  }
  for (const [name, orgId, requestedBy] of [
    ["reqAcmeRequester", acme, acmeRequester],
    ["reqAcmeFinance", acme, acmeFinance],
    ["reqAcmeReorder", acme, null],
    ["reqInitech", initech, initechBuyer],
  ] as const) {
    remember(
      name,
      (
        await db
          .insertInto("requisitions")
          .values({ number: name, org_id: orgId, requested_by: requestedBy, currency: "EUR", status: "submitted" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  for (const [name, orgId] of [
    ["mailAcme", acme],
    ["mailInitech", initech],
    ["mailSystem", null],
  ] as const) {
    remember(
      name,
      (
        await db
          .insertInto("email_outbox")
          .values({ org_id: orgId, to_address: "x@example.test", subject: name, text_body: "hi" })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
});

afterAll(async () => {
  await t?.destroy();
});

/** Ids of the rows the SQL condition lets through, or null when nothing is allowed. */
async function visible(ability: AppAbility, action: Action, type: SubjectType): Promise<string[] | null> {
  const cond = accessibleWhere(ability, action, type);
  if (!cond) return null;
  const db = t.db;
  let rows: { id: string }[];
  switch (type) {
    case "Rfq":
      rows = await db
        .selectFrom("rfqs")
        .where((eb) => cond(eb))
        .select("id")
        .execute();
      break;
    case "Quote":
      rows = await db.selectFrom("quotes").where(cond).select("id").execute();
      break;
    case "PurchaseOrder":
      rows = await db.selectFrom("purchase_orders").where(cond).select("id").execute();
      break;
    case "Invoice":
      rows = await db.selectFrom("invoices").where(cond).select("id").execute();
      break;
    case "User":
      rows = await db.selectFrom("memberships").where(cond).select("id").execute();
      break;
    case "SupplierRelationship":
      rows = await db.selectFrom("supplier_relationships").where(cond).select("id").execute();
      break;
    case "FxRate":
      rows = await db.selectFrom("fx_rates").where(cond).select("id").execute();
      break;
    case "ApprovalPolicy":
      rows = await db.selectFrom("approval_policies").where(cond).select("org_id as id").execute();
      break;
    case "AuditEvent":
    case "AuditLog":
      rows = await db.selectFrom("audit_events").where(cond).select("id").execute();
      break;
    case "Organisation":
      rows = await db.selectFrom("organisations").where(cond).select("id").execute();
      break;
    case "ShipToAddress":
      rows = await db.selectFrom("ship_to_addresses").where(cond).select("id").execute();
      break;
    case "Outbox":
      rows = await db.selectFrom("email_outbox").where(cond).select("id").execute();
      break;
    case "Notification":
      rows = await db.selectFrom("notifications").where(cond).select("id").execute();
      break;
    case "Agreement":
      rows = await db.selectFrom("agreements").where(cond).select("id").execute();
      break;
    case "Company":
      rows = await db.selectFrom("company_profiles").where(cond).select("org_id as id").execute();
      break;
    case "BankChange":
      rows = await db.selectFrom("bank_detail_changes").where(cond).select("id").execute();
      break;
    case "PaymentHold":
      rows = await db.selectFrom("bank_change_acknowledgements").where(cond).select("id").execute();
      break;
    case "ReorderRule":
      rows = await db.selectFrom("reorder_rules").where(cond).select("id").execute();
      break;
    case "StockLevel":
      rows = await db.selectFrom("stock_levels").where(cond).select("id").execute();
      break;
    case "Requisition":
      rows = await db.selectFrom("requisitions").where(cond).select("id").execute();
      break;
  }
  return rows.map((r) => r.id);
}

/** Every row of the subject's table, tagged, with its virtual fields worked out in memory. */
async function everyRow(type: SubjectType): Promise<{ id: string; row: TaggedSubject }[]> {
  const db = t.db;
  switch (type) {
    case "Rfq": {
      const invitations = await db.selectFrom("rfq_invitations").select(["rfq_id", "supplier_org_id"]).execute();
      return (await db.selectFrom("rfqs").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Rfq", {
          ...r,
          invited_supplier_org_ids: invitations
            .filter((i) => i.rfq_id === r.id && i.supplier_org_id !== null)
            .map((i) => i.supplier_org_id as string),
        }),
      }));
    }
    case "Quote": {
      const rfqs = await db.selectFrom("rfqs").select(["id", "closed_at"]).execute();
      return (await db.selectFrom("quotes").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Quote", { ...r, sealed: rfqs.find((f) => f.id === r.rfq_id)?.closed_at == null }),
      }));
    }
    case "PurchaseOrder":
      return (await db.selectFrom("purchase_orders").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("PurchaseOrder", r),
      }));
    case "Invoice":
      return (await db.selectFrom("invoices").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Invoice", r),
      }));
    case "User":
      return (await db.selectFrom("memberships").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("User", r),
      }));
    case "SupplierRelationship":
      return (await db.selectFrom("supplier_relationships").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("SupplierRelationship", r),
      }));
    case "FxRate":
      return (await db.selectFrom("fx_rates").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("FxRate", r),
      }));
    case "ApprovalPolicy":
      return (await db.selectFrom("approval_policies").selectAll().execute()).map((r) => ({
        id: r.org_id,
        row: subject("ApprovalPolicy", r),
      }));
    case "AuditEvent":
      return (await db.selectFrom("audit_events").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("AuditEvent", r),
      }));
    case "Outbox":
      return (await db.selectFrom("email_outbox").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Outbox", r),
      }));
    case "Notification":
      return (await db.selectFrom("notifications").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Notification", r),
      }));
    case "AuditLog":
      return (await db.selectFrom("audit_events").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("AuditLog", r),
      }));
    case "Organisation":
      return (await db.selectFrom("organisations").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Organisation", r),
      }));
    case "ShipToAddress":
      return (await db.selectFrom("ship_to_addresses").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("ShipToAddress", r),
      }));
    case "Agreement":
      return (await db.selectFrom("agreements").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Agreement", r),
      }));
    case "Company":
      return (await db.selectFrom("company_profiles").selectAll().execute()).map((r) => ({
        id: r.org_id,
        row: subject("Company", r),
      }));
    case "BankChange":
      return (await db.selectFrom("bank_detail_changes").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("BankChange", r),
      }));
    case "PaymentHold":
      return (await db.selectFrom("bank_change_acknowledgements").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("PaymentHold", r),
      }));
    case "ReorderRule":
      return (await db.selectFrom("reorder_rules").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("ReorderRule", r),
      }));
    case "StockLevel":
      return (await db.selectFrom("stock_levels").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("StockLevel", r),
      }));
    case "Requisition":
      return (await db.selectFrom("requisitions").selectAll().execute()).map((r) => ({
        id: r.id,
        row: subject("Requisition", r),
      }));
  }
}

const ability = (name: string): AppAbility => {
  const actor = actors.get(name);
  if (!actor) throw new Error(`no actor ${name}`);
  return defineAbilityFor(actor);
};

async function visibleNames(who: string | AppAbility, action: Action, type: SubjectType): Promise<string[] | null> {
  const result = await visible(typeof who === "string" ? ability(who) : who, action, type);
  return result === null ? null : result.map((v) => names.get(v) ?? v).sort();
}

const sorted = (...list: string[]) => [...list].sort();

describe("accessibleWhere: lists per role", () => {
  it("RFQs: the buying organisation's own, and for a supplier only those it was invited to", async () => {
    expect(await visibleNames("acmeBuyer", "read", "Rfq")).toEqual(sorted("rfqOpen", "rfqClosed", "rfqDraft"));
    expect(await visibleNames("initechBuyer", "read", "Rfq")).toEqual(["rfqInitech"]);
    expect(await visibleNames("acmeFinance", "compare", "Rfq")).toEqual(sorted("rfqOpen", "rfqClosed", "rfqDraft"));
    expect(await visibleNames("acmeAdmin", "read", "Rfq")).toEqual(sorted("rfqOpen", "rfqClosed", "rfqDraft"));
    expect(await visibleNames("supAUser", "read", "Rfq")).toEqual(sorted("rfqOpen", "rfqClosed"));
    expect(await visibleNames("supBUser", "read", "Rfq")).toEqual(sorted("rfqInitech", "rfqClosed"));
    expect(await visibleNames("supBUser", "ask", "Rfq")).toEqual(sorted("rfqInitech", "rfqClosed"));
  });

  it("quotes: suppliers see only their own; buyers see prices only after close", async () => {
    expect(await visibleNames("acmeBuyer", "read", "Quote")).toEqual(sorted("qOpenA", "qClosedA", "qClosedB"));
    expect(await visibleNames("acmeBuyer", "readPrices", "Quote")).toEqual(sorted("qClosedA", "qClosedB"));
    expect(await visibleNames("acmeFinance", "readPrices", "Quote")).toEqual(sorted("qClosedA", "qClosedB"));
    expect(await visibleNames("initechBuyer", "readPrices", "Quote")).toEqual(["qInitechB"]);
    expect(await visibleNames("supAUser", "read", "Quote")).toEqual(sorted("qOpenA", "qClosedA"));
    expect(await visibleNames("supAUser", "readPrices", "Quote")).toEqual(sorted("qOpenA", "qClosedA"));
    expect(await visibleNames("supBUser", "read", "Quote")).toEqual(sorted("qInitechB", "qClosedB"));
  });

  it("purchase orders: suppliers only once issued; finance approves only what it did not create", async () => {
    const acmePos = [
      "poDraft",
      "poPendingByBuyer",
      "poPendingByFinance",
      "poApproved",
      "poRejected",
      "poIssuedA",
      "poReceivedA",
      "poIssuedB",
    ];
    expect(await visibleNames("acmeBuyer", "read", "PurchaseOrder")).toEqual(sorted(...acmePos));
    expect(await visibleNames("acmeFinance", "read", "PurchaseOrder")).toEqual(sorted(...acmePos));
    expect(await visibleNames("acmeFinance", "approve", "PurchaseOrder")).toEqual(
      sorted(...acmePos.filter((n) => n !== "poPendingByFinance")),
    );
    expect(await visibleNames("initechFinance", "approve", "PurchaseOrder")).toEqual(
      sorted("poInitechIssuedA", "poInitechPending"),
    );
    expect(await visibleNames("supAUser", "read", "PurchaseOrder")).toEqual(
      sorted("poIssuedA", "poReceivedA", "poInitechIssuedA"),
    );
    expect(await visibleNames("supBUser", "acknowledge", "PurchaseOrder")).toEqual(["poIssuedB"]);
  });

  it("invoices, users, suppliers, FX, policies, audit and outbox stay within the organisation", async () => {
    expect(await visibleNames("acmeFinance", "approve", "Invoice")).toEqual(sorted("invA", "invB"));
    expect(await visibleNames("initechFinance", "read", "Invoice")).toEqual([]);
    expect(await visibleNames("supAUser", "read", "Invoice")).toEqual(["invA"]);
    expect(await visibleNames("acmeAdmin", "update", "User")).toEqual(
      sorted("membership:acmeBuyer", "membership:acmeFinance", "membership:acmeAdmin", "membership:acmeRequester"),
    );
    expect(await visibleNames("acmeAdmin", "update", "SupplierRelationship")).toEqual(
      sorted("rel:acme-A", "rel:acme-B"),
    );
    expect(await visibleNames("initechBuyer", "read", "SupplierRelationship")).toEqual(["rel:initech-B"]);
    expect(await visibleNames("acmeFinance", "update", "FxRate")).toEqual(["fxAcme"]);
    expect(await visibleNames("initechFinance", "update", "ApprovalPolicy")).toEqual(["policy:initech"]);
    expect(await visibleNames("acmeBuyer", "read", "AuditEvent")).toEqual(["auditAcme"]);
    expect(await visibleNames("acmeAdmin", "manage", "Outbox")).toEqual(["mailAcme"]);
  });

  it("reorder rules and stock counts: the buying organisation's buyers and admins, nobody else", async () => {
    expect(await visibleNames("acmeBuyer", "run", "ReorderRule")).toEqual(["reorderAcme"]);
    expect(await visibleNames("acmeAdmin", "update", "ReorderRule")).toEqual(["reorderAcme"]);
    expect(await visibleNames("initechBuyer", "update", "StockLevel")).toEqual(["stock:reorderInitech"]);
    expect(accessibleWhere(ability("acmeFinance"), "read", "ReorderRule")).toBeNull();
    expect(accessibleWhere(ability("supAUser"), "read", "StockLevel")).toBeNull();
  });

  it("agreements: the buying organisation's own, and a supplier's own once sent to it", async () => {
    expect(await visibleNames("acmeBuyer", "callOff", "Agreement")).toEqual(sorted("agrDraftA", "agrSentA"));
    expect(await visibleNames("acmeFinance", "read", "Agreement")).toEqual(sorted("agrDraftA", "agrSentA"));
    expect(await visibleNames("supAUser", "read", "Agreement")).toEqual(["agrSentA"]);
    expect(await visibleNames("supBUser", "acknowledge", "Agreement")).toEqual(["agrInitechB"]);
    expect(accessibleWhere(ability("acmeFinance"), "callOff", "Agreement")).toBeNull();
  });

  it("company, bank changes and payment holds: a supplier's own, a buying organisation's own holds", async () => {
    // A company profile's id is its organisation's.
    expect(await visibleNames("supAUser", "read", "Company")).toEqual(["supplierA"]);
    expect(await visibleNames("supAAdmin", "update", "Company")).toEqual(["supplierA"]);
    expect(await visibleNames("supAAdmin", "update", "User")).toEqual(
      sorted("membership:supAUser", "membership:supAAdmin", "membership:supAAdmin:admin"),
    );
    expect(accessibleWhere(ability("supAUser"), "update", "Company")).toBeNull();
    // The proposer never confirms its own change; a colleague may.
    expect(await visibleNames("supAUser", "approve", "BankChange")).toEqual([]);
    expect(await visibleNames("supAAdmin", "approve", "BankChange")).toEqual(["changeA"]);
    expect(await visibleNames("supBUser", "read", "BankChange")).toEqual(["changeB"]);
    expect(await visibleNames("acmeFinance", "acknowledge", "PaymentHold")).toEqual(["hold:acme-B"]);
    expect(await visibleNames("initechFinance", "read", "PaymentHold")).toEqual(["hold:initech-B"]);
    expect(accessibleWhere(ability("acmeBuyer"), "acknowledge", "PaymentHold")).toBeNull();
    expect(accessibleWhere(ability("acmeAdmin"), "read", "Company")).toBeNull();
    expect(await visibleNames("acmeFinance", "pay", "Invoice")).toEqual(sorted("invA", "invB"));
    // A supplier's admin holds none of a buying organisation's admin rules.
    expect(accessibleWhere(ability("supAAdmin"), "readInternal", "Rfq")).toBeNull();
  });

  it("returns null, so no query runs, when the role has no rule for the subject or action", async () => {
    expect(accessibleWhere(ability("supAUser"), "compare", "Rfq")).toBeNull();
    expect(accessibleWhere(ability("supAUser"), "read", "AuditEvent")).toBeNull();
    expect(accessibleWhere(ability("supAUser"), "read", "User")).toBeNull();
    expect(accessibleWhere(ability("acmeAdmin"), "approve", "PurchaseOrder")).toBeNull();
    expect(accessibleWhere(ability("acmeAdmin"), "readPrices", "Quote")).toBeNull();
    expect(accessibleWhere(ability("acmeBuyer"), "approve", "PurchaseOrder")).toBeNull();
    expect(accessibleWhere(ability("acmeBuyer"), "manage", "FxRate")).toBeNull();
    expect(accessibleWhere(ability("acmeFinance"), "read", "Outbox")).toBeNull();
  });

  it("sends values as parameters, never inside the SQL text", () => {
    const supplier = actors.get("supAUser");
    const cond = accessibleWhere(ability("supAUser"), "read", "Rfq");
    expect(cond).not.toBeNull();
    if (!cond || !supplier) return;
    const compiled = t.db.selectFrom("rfqs").where(cond).select("id").compile();
    expect(compiled.sql).not.toContain(supplier.orgId);
    expect(compiled.parameters).toContain(supplier.orgId);
    expect(compiled.sql).toMatch(/exists \(select 1 from rfq_invitations/);
  });
});

describe("accessibleWhere inside larger queries", () => {
  it("keeps working when the query joins the tables its subqueries use", async () => {
    const supplier = actors.get("supAUser");
    const rfqCond = accessibleWhere(ability("supAUser"), "read", "Rfq");
    const quoteCond = accessibleWhere(ability("acmeBuyer"), "readPrices", "Quote");
    if (!supplier || !rfqCond || !quoteCond) throw new Error("expected conditions");
    const rfqs = await t.db
      .selectFrom("rfqs")
      .leftJoin("rfq_invitations", (join) =>
        join.onRef("rfq_invitations.rfq_id", "=", "rfqs.id").on("rfq_invitations.supplier_org_id", "=", supplier.orgId),
      )
      .where((eb) => eb.and([rfqCond(eb), eb("rfqs.status", "=", "closed")]))
      .select(["rfqs.id", "rfq_invitations.status as invitation"])
      .execute();
    expect(rfqs.map((r) => names.get(r.id))).toEqual(["rfqClosed"]);
    const quotes = await t.db
      .selectFrom("quotes")
      .innerJoin("rfqs", "rfqs.id", "quotes.rfq_id")
      .where(quoteCond)
      .select(["quotes.id", "rfqs.reference"])
      .execute();
    expect(quotes.map((q) => names.get(q.id)).sort()).toEqual(sorted("qClosedA", "qClosedB"));
  });
});

describe("accessibleWhere agrees with ability.can on every row", () => {
  it("for every person, action and subject", async () => {
    const rowsByType = new Map<SubjectType, { id: string; row: TaggedSubject }[]>();
    for (const type of ALL_SUBJECTS) rowsByType.set(type, await everyRow(type));
    let compared = 0;
    const disagreements: string[] = [];
    for (const [who, actor] of actors) {
      const a = defineAbilityFor(actor);
      for (const type of ALL_SUBJECTS) {
        for (const action of ALL_ACTIONS) {
          const allowed = new Set((await visible(a, action, type)) ?? []);
          for (const { id: rowId, row } of rowsByType.get(type) ?? []) {
            compared += 1;
            if (a.can(action, row) !== allowed.has(rowId)) {
              disagreements.push(
                `${who} ${action} ${type} ${names.get(rowId) ?? rowId}: can=${a.can(action, row)} sql=${allowed.has(rowId)}`,
              );
            }
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });
});

describe("accessibleWhere: cannot rules and failing closed", () => {
  const custom = (rules: unknown[]): AppAbility => createMongoAbility<AppAbility>(rules as RawRuleOf<AppAbility>[]);

  it("negates inverted rules, keeping rows whose compared column is null", async () => {
    const a = custom([
      { action: "read", subject: "PurchaseOrder", conditions: { buyer_org_id: id("acme") } },
      { action: "read", subject: "PurchaseOrder", inverted: true, conditions: { reason: "fraud" } },
      {
        action: "read",
        subject: "PurchaseOrder",
        inverted: true,
        conditions: { status: { $in: ["draft", "rejected"] } },
      },
    ]);
    expect(await visibleNames(a, "read", "PurchaseOrder")).toEqual(
      sorted("poPendingByBuyer", "poPendingByFinance", "poApproved", "poIssuedA", "poIssuedB"),
    );
    for (const { id: rowId, row } of await everyRow("PurchaseOrder")) {
      expect(a.can("read", row)).toBe((await visible(a, "read", "PurchaseOrder"))?.includes(rowId));
    }
  });

  it("handles an unconditional rule limited by a cannot, and a cannot that forbids everything", async () => {
    const all = custom([
      { action: "read", subject: "Quote" },
      { action: "read", subject: "Quote", inverted: true, conditions: { sealed: true } },
    ]);
    expect(await visibleNames(all, "read", "Quote")).toEqual(sorted("qInitechB", "qClosedA", "qClosedB"));
    const nothing = custom([
      { action: "read", subject: "Quote", conditions: { supplier_org_id: id("supplierA") } },
      { action: "read", subject: "Quote", inverted: true },
    ]);
    expect(accessibleWhere(nothing, "read", "Quote")).toBeNull();
    const everything = custom([{ action: "read", subject: "Rfq" }]);
    expect(await visibleNames(everything, "read", "Rfq")).toEqual(
      sorted("rfqOpen", "rfqClosed", "rfqDraft", "rfqInitech"),
    );
  });

  it("translates $ne, $in, $nin and comparisons the way CASL matches them", async () => {
    const a = custom([
      {
        action: "read",
        subject: "Rfq",
        conditions: { invited_supplier_org_ids: { $in: [id("supplierB")] }, status: { $ne: "open" } },
      },
      {
        action: "read",
        subject: "PurchaseOrder",
        conditions: {
          reason: { $ne: "fraud" },
          status: { $nin: ["draft", "issued"] },
          created_at: { $lte: new Date("2999-01-01") },
        },
      },
      { action: "read", subject: "Quote", conditions: { sealed: { $ne: true } } },
    ]);
    expect(await visibleNames(a, "read", "Rfq")).toEqual(sorted("rfqInitech", "rfqClosed"));
    expect(await visibleNames(a, "read", "PurchaseOrder")).toEqual(
      sorted("poPendingByBuyer", "poPendingByFinance", "poApproved", "poRejected", "poInitechPending"),
    );
    expect(await visibleNames(a, "read", "Quote")).toEqual(sorted("qInitechB", "qClosedA", "qClosedB"));
    for (const type of ["Rfq", "PurchaseOrder", "Quote"] as const) {
      const allowed = new Set((await visible(a, "read", type)) ?? []);
      for (const { id: rowId, row } of await everyRow(type))
        expect([type, rowId, a.can("read", row)]).toEqual([type, rowId, allowed.has(rowId)]);
    }
  });

  it("throws on an unknown field, operator or value instead of guessing", () => {
    const cases: unknown[] = [
      { action: "read", subject: "Rfq", conditions: { secret_column: "x" } },
      { action: "read", subject: "Rfq", conditions: { "org_id; drop table rfqs": "x" } },
      { action: "read", subject: "Quote", conditions: { invited_supplier_org_ids: "x" } },
      { action: "read", subject: "Rfq", conditions: { title: { $regex: "^A" } } },
      { action: "read", subject: "Rfq", conditions: { title: { $exists: true } } },
      { action: "read", subject: "SupplierRelationship", conditions: { categories: { $all: ["steel"] } } },
      { action: "read", subject: "SupplierRelationship", conditions: { categories: "steel" } },
      { action: "read", subject: "Rfq", conditions: { org_id: { nested: "object" } } },
      { action: "read", subject: "Rfq", conditions: { org_id: ["a", "b"] } },
      { action: "read", subject: "Rfq", conditions: { status: { $in: ["open", null] } } },
      { action: "read", subject: "Quote", conditions: { sealed: "no" } },
      { action: "read", subject: "Rfq", conditions: { invited_supplier_org_ids: { $lt: "x" } } },
      { action: "read", subject: "Rfq", inverted: true, conditions: { unknown: 1 } },
    ];
    for (const rule of cases) {
      const rules = (rule as { inverted?: boolean }).inverted ? [{ action: "read", subject: "Rfq" }, rule] : [rule];
      const subjectType = (rule as { subject: SubjectType }).subject;
      expect(() => accessibleWhere(custom(rules), "read", subjectType), JSON.stringify(rule)).toThrow(/unsupported/);
    }
  });
});
