/**
 * Pages without a record (the approval queue, the new-RFQ form, the quote
 * pages, the approval policy, the outbox) and the main navigation ask the
 * ability by subject type. These are the answers each role must get, so a
 * rule change in app/auth/ability.ts that would open or close a page shows
 * here, by name.
 */
import { describe, expect, it } from "vitest";

import {
  defineAbilityFor,
  roleLabel,
  type Action,
  type Actor,
  type Role,
  type SubjectType,
} from "../../../app/auth/ability";
import { requireAbility } from "../../../app/auth/authorize.server";
import { navigationFor } from "../../../app/components/main-navigation";

const actor = (role: Role): Actor => ({
  userId: `u-${role}`,
  orgId: role === "supplier" ? "org-s" : "org-b",
  roles: [role],
});
const ctxOf = (role: Role) => ({ ability: defineAbilityFor(actor(role)) });

/** Calls the gate and returns the refusal's status, or null when it lets the person through. */
function gate(role: Role, action: Action, subjectType: SubjectType): number | null {
  try {
    requireAbility(ctxOf(role), action, subjectType);
    return null;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

const ROLES: Role[] = ["buyer", "finance", "admin", "supplier", "requester"];

describe("page gates", () => {
  const pages = [
    { page: "/rfqs/new and the line template", ask: ["create", "Rfq"], open: ["buyer"] },
    { page: "/approvals", ask: ["approve", "PurchaseOrder"], open: ["finance"] },
    { page: "/rfqs/:id/quote and its history", ask: ["quote", "Quote"], open: ["supplier"] },
    { page: "/settings/approvals (saving)", ask: ["update", "ApprovalPolicy"], open: ["finance"] },
    { page: "/admin/outbox", ask: ["manage", "Outbox"], open: ["admin"] },
    { page: "/admin/refused-reads", ask: ["review", "AuditEvent"], open: ["admin"] },
    { page: "/settings/organisation", ask: ["update", "Organisation"], open: ["admin"] },
    { page: "/settings/addresses", ask: ["create", "ShipToAddress"], open: ["admin"] },
    { page: "/admin/audit and its CSV", ask: ["read", "AuditLog"], open: ["admin"] },
    { page: "/agreements and its CSV", ask: ["read", "Agreement"], open: ["buyer", "finance", "supplier"] },
    { page: "/agreements/new", ask: ["create", "Agreement"], open: ["buyer"] },
    {
      page: "/suppliers/:id/scorecard",
      ask: ["readPerformance", "SupplierRelationship"],
      open: ["buyer", "finance", "admin"],
    },
    { page: "/company", ask: ["read", "Company"], open: ["supplier"] },
    { page: "/bank-changes", ask: ["acknowledge", "PaymentHold"], open: ["finance"] },
    { page: "/reorder and its rules", ask: ["read", "ReorderRule"], open: ["buyer", "admin"] },
    { page: "/reorder/new", ask: ["create", "ReorderRule"], open: ["buyer", "admin"] },
    { page: "/reorder (Run now)", ask: ["run", "ReorderRule"], open: ["buyer", "admin"] },
    { page: "/reorder/stock", ask: ["update", "StockLevel"], open: ["buyer", "admin"] },
    {
      page: "/suppliers and /settings/supplier-documents",
      ask: ["qualify", "SupplierRelationship"],
      open: ["buyer", "admin"],
    },
    { page: "/catalogue", ask: ["browse", "Agreement"], open: ["buyer", "finance", "requester"] },
    { page: "/requisitions", ask: ["read", "Requisition"], open: ["buyer", "finance", "admin", "requester"] },
    { page: "/requisitions/new", ask: ["create", "Requisition"], open: ["requester"] },
    { page: "/sourcing", ask: ["create", "Rfq"], open: ["buyer"] },
  ] as const;

  for (const { page, ask, open } of pages) {
    it(`${page} opens for ${open.join(", ")} only, and refuses everyone else with 403`, () => {
      for (const role of ROLES) {
        const expected = (open as readonly Role[]).includes(role) ? null : 403;
        expect(gate(role, ask[0], ask[1]), `${role} on ${page}`).toBe(expected);
      }
    });
  }

  it("answers a refusal with the page's own sentence when it has one", async () => {
    try {
      requireAbility(ctxOf("finance"), "create", "Rfq", "Only buyers create RFQs.");
      expect.unreachable("finance may not create RFQs");
    } catch (error) {
      expect(error).toBeInstanceOf(Response);
      expect(await (error as Response).text()).toBe("Only buyers create RFQs.");
    }
  });

  it("is by subject type: a conditional rule opens the page, the row is judged by the use case", () => {
    // Finance approves only POs someone else created, yet the queue opens for it.
    const ability = defineAbilityFor({ userId: "u-f", orgId: "org-b", roles: ["finance"] });
    expect(ability.rulesFor("approve", "PurchaseOrder")[0]?.conditions).toBeTruthy();
    expect(gate("finance", "approve", "PurchaseOrder")).toBeNull();
  });
});

describe("main navigation", () => {
  const labels = (role: Role) => navigationFor(ctxOf(role).ability).map((i) => `${i.label} ${i.to}`);

  it("shows each person the items they had by role, in the same order", () => {
    expect(labels("buyer")).toEqual([
      "Dashboard /dashboard",
      "RFQs /rfqs",
      "Purchase orders /pos",
      "Agreements /agreements",
      "Suppliers /suppliers",
      "Requisitions /requisitions",
      "Sourcing queue /sourcing",
      "Catalogue /catalogue",
      "Reorder /reorder",
    ]);
    expect(labels("finance")).toEqual([
      "Dashboard /dashboard",
      "Approvals /approvals",
      "RFQs /rfqs",
      "Purchase orders /pos",
      "Agreements /agreements",
      "Requisitions /requisitions",
      "Catalogue /catalogue",
      "Invoices /invoices",
      "Approval policy /settings/approvals",
      "Bank changes /bank-changes",
    ]);
    expect(labels("admin")).toEqual([
      "Dashboard /dashboard",
      "RFQs /rfqs",
      "Purchase orders /pos",
      "Suppliers /suppliers",
      "Requisitions /requisitions",
      "Reorder /reorder",
      "Settings /settings/organisation",
      "Audit log /admin/audit",
      "Users /admin/users",
      "Outbox /admin/outbox",
      "Refused reads /admin/refused-reads",
    ]);
    expect(labels("supplier")).toEqual([
      "Dashboard /dashboard",
      "Invitations /rfqs",
      "Purchase orders /pos",
      "Agreements /agreements",
      "Invoices /invoices",
      "Buyers /relationships",
      "Company /company",
    ]);
    expect(labels("requester")).toEqual(["Dashboard /dashboard", "Requisitions /requisitions", "Catalogue /catalogue"]);
  });

  it("shows a supplier organisation's admin its company and colleagues, and nothing of a buying admin's", () => {
    const ability = defineAbilityFor({ userId: "u-sa", orgId: "org-s", roles: ["supplier", "admin"] });
    expect(navigationFor(ability).map((i) => `${i.label} ${i.to}`)).toEqual([
      "Dashboard /dashboard",
      "Invitations /rfqs",
      "Purchase orders /pos",
      "Agreements /agreements",
      "Invoices /invoices",
      "Users /admin/users",
      "Buyers /relationships",
      "Company /company",
    ]);
    expect(ability.can("update", "Company")).toBe(true);
    expect(ability.can("update", "Organisation")).toBe(false);
    expect(ability.can("read", "AuditLog")).toBe(false);
  });

  it("never links a page its gate would refuse", () => {
    const gated: Record<string, readonly [Action, SubjectType]> = {
      "/approvals": ["approve", "PurchaseOrder"],
      "/settings/approvals": ["update", "ApprovalPolicy"],
      "/admin/outbox": ["manage", "Outbox"],
      "/admin/refused-reads": ["review", "AuditEvent"],
      "/settings/organisation": ["update", "Organisation"],
      "/admin/audit": ["read", "AuditLog"],
      "/agreements": ["read", "Agreement"],
      "/catalogue": ["browse", "Agreement"],
      "/reorder": ["read", "ReorderRule"],
      "/requisitions": ["read", "Requisition"],
      "/sourcing": ["create", "Rfq"],
      "/admin/users": ["create", "User"],
      "/company": ["read", "Company"],
      "/bank-changes": ["acknowledge", "PaymentHold"],
      "/suppliers": ["qualify", "SupplierRelationship"],
    };
    for (const role of ROLES) {
      for (const item of navigationFor(ctxOf(role).ability)) {
        const ask = gated[item.to];
        if (ask) expect(gate(role, ask[0], ask[1]), `${role} ${item.to}`).toBeNull();
      }
    }
  });

  it("lists each page once", () => {
    for (const role of ROLES) {
      const tos = navigationFor(ctxOf(role).ability).map((i) => i.to);
      expect(new Set(tos).size).toBe(tos.length);
    }
  });
});

describe("roleLabel", () => {
  it("names every role for the header, and nothing for an unknown one", () => {
    expect(ROLES.map((role) => roleLabel({ roles: [role] }))).toEqual([
      "Buyer",
      "Finance",
      "Admin",
      "Supplier",
      "Requester",
    ]);
    expect(roleLabel({ roles: ["owner" as Role] })).toBe("");
  });

  it("names every role a person holds, always in one order", () => {
    expect(roleLabel({ roles: ["finance", "buyer"] })).toBe("Buyer, Finance");
    expect(roleLabel({ roles: ["admin", "owner" as Role] })).toBe("Admin");
  });
});
