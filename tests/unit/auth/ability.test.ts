import { ForbiddenError } from "@casl/ability";
import { describe, expect, it } from "vitest";

import { defineAbilityFor, onSupplierSide, subject, type Actor, type Role } from "../../../app/auth/ability";
import type { PurchaseOrderStatus } from "../../../workflows/purchase-order.machine";
import type { RfqStatus } from "../../../workflows/rfq.machine";

const ACME = "org-acme";
const INITECH = "org-initech";
const SUPPLIER_A = "org-supplier-a";
const SUPPLIER_B = "org-supplier-b";

const buyer: Actor = { userId: "u-buyer", orgId: ACME, roles: ["buyer"] };
const finance: Actor = { userId: "u-finance", orgId: ACME, roles: ["finance"] };
const admin: Actor = { userId: "u-admin", orgId: ACME, roles: ["admin"] };
const supplierA: Actor = { userId: "u-sup-a", orgId: SUPPLIER_A, roles: ["supplier"] };

const acmeRfq = subject("Rfq", { id: "rfq-1", org_id: ACME, invited_supplier_org_ids: [SUPPLIER_A] });
const initechRfq = subject("Rfq", { id: "rfq-2", org_id: INITECH, invited_supplier_org_ids: [SUPPLIER_B] });

const quote = (supplierOrgId: string, sealed: boolean, buyerOrgId = ACME) =>
  subject("Quote", {
    id: `q-${supplierOrgId}`,
    rfq_id: "rfq-1",
    buyer_org_id: buyerOrgId,
    supplier_org_id: supplierOrgId,
    sealed,
  });

const po = (status: PurchaseOrderStatus, createdBy = "u-buyer", buyerOrgId = ACME, supplierOrgId = SUPPLIER_A) =>
  subject("PurchaseOrder", {
    id: `po-${status}`,
    buyer_org_id: buyerOrgId,
    supplier_org_id: supplierOrgId,
    status,
    created_by: createdBy,
  });

describe("buyer", () => {
  const ability = defineAbilityFor(buyer);

  it("works on its own organisation's RFQs and nobody else's", () => {
    for (const action of [
      "read",
      "update",
      "publish",
      "close",
      "cancel",
      "invite",
      "answer",
      "award",
      "compare",
    ] as const) {
      expect(ability.can(action, acmeRfq)).toBe(true);
      expect(ability.can(action, initechRfq)).toBe(false);
    }
    expect(ability.can("delete", acmeRfq)).toBe(false);
  });

  it("reads quote metadata, but prices only once the RFQ is closed", () => {
    expect(ability.can("read", quote(SUPPLIER_A, true))).toBe(true);
    expect(ability.can("readPrices", quote(SUPPLIER_A, true))).toBe(false);
    expect(ability.can("readPrices", quote(SUPPLIER_A, false))).toBe(true);
    expect(ability.can("read", quote(SUPPLIER_A, false, INITECH))).toBe(false);
    expect(ability.can("readPrices", quote(SUPPLIER_A, false, INITECH))).toBe(false);
  });

  it("raises and receives its organisation's POs but never approves them", () => {
    expect(ability.can("create", po("draft"))).toBe(true);
    expect(ability.can("submit", po("draft"))).toBe(true);
    expect(ability.can("receive", po("acknowledged"))).toBe(true);
    expect(ability.can("approve", po("pending_approval", "someone-else"))).toBe(false);
    expect(ability.can("read", po("issued", "u-x", INITECH))).toBe(false);
  });

  it("cannot quote, manage users or set FX rates", () => {
    expect(ability.can("quote", quote(SUPPLIER_A, true))).toBe(false);
    expect(ability.can("manage", subject("User", { org_id: ACME }))).toBe(false);
    expect(ability.can("update", subject("FxRate", { org_id: ACME }))).toBe(false);
  });

  it("explains a refusal through ForbiddenError", () => {
    expect(() => ForbiddenError.from(ability).throwUnlessCan("read", initechRfq)).toThrow(ForbiddenError);
  });
});

describe("finance", () => {
  const ability = defineAbilityFor(finance);

  it("cannot approve or reject a PO it created itself", () => {
    expect(ability.can("approve", po("pending_approval", finance.userId))).toBe(false);
    expect(ability.can("reject", po("pending_approval", finance.userId))).toBe(false);
  });

  it("can approve and reject a PO someone else in its organisation created", () => {
    expect(ability.can("approve", po("pending_approval", "u-buyer"))).toBe(true);
    expect(ability.can("reject", po("pending_approval", "u-buyer"))).toBe(true);
  });

  it("cannot approve another organisation's PO", () => {
    expect(ability.can("approve", po("pending_approval", "u-buyer", INITECH))).toBe(false);
    expect(ability.can("read", po("pending_approval", "u-buyer", INITECH))).toBe(false);
  });

  it("reads and compares RFQs but does not run them", () => {
    expect(ability.can("read", acmeRfq)).toBe(true);
    expect(ability.can("compare", acmeRfq)).toBe(true);
    expect(ability.can("publish", acmeRfq)).toBe(false);
    expect(ability.can("award", acmeRfq)).toBe(false);
    expect(ability.can("read", initechRfq)).toBe(false);
  });

  it("reads prices only after close, and manages its own FX rates and approval policy", () => {
    expect(ability.can("readPrices", quote(SUPPLIER_A, true))).toBe(false);
    expect(ability.can("readPrices", quote(SUPPLIER_A, false))).toBe(true);
    expect(ability.can("update", subject("FxRate", { org_id: ACME }))).toBe(true);
    expect(ability.can("update", subject("ApprovalPolicy", { org_id: ACME }))).toBe(true);
    expect(ability.can("update", subject("ApprovalPolicy", { org_id: INITECH }))).toBe(false);
  });

  it("approves its organisation's invoices only", () => {
    expect(ability.can("approve", subject("Invoice", { buyer_org_id: ACME }))).toBe(true);
    expect(ability.can("approve", subject("Invoice", { buyer_org_id: INITECH }))).toBe(false);
  });
});

describe("admin", () => {
  const ability = defineAbilityFor(admin);

  it("cannot approve a PO, nor an invoice", () => {
    expect(ability.can("approve", po("pending_approval", "u-buyer"))).toBe(false);
    expect(ability.can("approve", subject("Invoice", { buyer_org_id: ACME }))).toBe(false);
    expect(ability.can("read", po("pending_approval", "u-buyer"))).toBe(true);
  });

  it("manages users and suppliers of its own organisation only", () => {
    expect(ability.can("update", subject("User", { org_id: ACME, role: "buyer" as const }))).toBe(true);
    expect(ability.can("delete", subject("User", { org_id: INITECH, role: "buyer" as const }))).toBe(false);
    expect(ability.can("create", subject("SupplierRelationship", { buyer_org_id: ACME }))).toBe(true);
    expect(ability.can("create", subject("SupplierRelationship", { buyer_org_id: INITECH }))).toBe(false);
  });

  it("reads RFQs but never their prices", () => {
    expect(ability.can("read", acmeRfq)).toBe(true);
    expect(ability.can("update", acmeRfq)).toBe(false);
    expect(ability.can("readPrices", quote(SUPPLIER_A, false))).toBe(false);
  });
});

describe("supplier", () => {
  const ability = defineAbilityFor(supplierA);

  it("reads and asks about an RFQ it was invited to, not one it wasn't", () => {
    expect(ability.can("read", acmeRfq)).toBe(true);
    expect(ability.can("ask", acmeRfq)).toBe(true);
    expect(ability.can("read", initechRfq)).toBe(false);
    expect(ability.can("ask", initechRfq)).toBe(false);
    // Mongo semantics: equality on an array field means "contains".
    const invitedAmongOthers = subject("Rfq", { org_id: INITECH, invited_supplier_org_ids: [SUPPLIER_B, SUPPLIER_A] });
    expect(ability.can("read", invitedAmongOthers)).toBe(true);
    expect(ability.can("read", subject("Rfq", { org_id: ACME, invited_supplier_org_ids: [] }))).toBe(false);
    expect(ability.can("read", subject("Rfq", { org_id: ACME }))).toBe(false);
  });

  it("never edits, compares or awards an RFQ", () => {
    for (const action of ["update", "publish", "compare", "award", "invite"] as const) {
      expect(ability.can(action, acmeRfq)).toBe(false);
    }
  });

  it("sees, prices and submits its own quote even while sealed", () => {
    const own = quote(SUPPLIER_A, true);
    expect(ability.can("read", own)).toBe(true);
    expect(ability.can("readPrices", own)).toBe(true);
    expect(ability.can("quote", own)).toBe(true);
    expect(ability.can("submit", own)).toBe(true);
  });

  it("cannot read another supplier's quote, before or after close", () => {
    for (const sealed of [true, false]) {
      const other = quote(SUPPLIER_B, sealed);
      expect(ability.can("read", other)).toBe(false);
      expect(ability.can("readPrices", other)).toBe(false);
      expect(ability.can("compare", other)).toBe(false);
    }
  });

  it("cannot see a PO addressed to it until it is issued", () => {
    for (const status of ["draft", "pending_approval", "approved", "rejected"] as const) {
      expect(ability.can("read", po(status))).toBe(false);
      expect(ability.can("acknowledge", po(status))).toBe(false);
    }
    expect(ability.can("read", po("issued"))).toBe(true);
    expect(ability.can("acknowledge", po("issued"))).toBe(true);
    expect(ability.can("decline", po("issued"))).toBe(true);
    expect(ability.can("invoice", po("received"))).toBe(true);
    expect(ability.can("read", po("issued", "u-buyer", ACME, SUPPLIER_B))).toBe(false);
    expect(ability.can("approve", po("issued"))).toBe(false);
  });

  it("invoices its own POs only", () => {
    expect(ability.can("create", subject("Invoice", { supplier_org_id: SUPPLIER_A }))).toBe(true);
    expect(ability.can("read", subject("Invoice", { supplier_org_id: SUPPLIER_B }))).toBe(false);
    expect(ability.can("approve", subject("Invoice", { supplier_org_id: SUPPLIER_A }))).toBe(false);
  });
});

describe("defineAbilityFor", () => {
  it("throws for an unknown role", () => {
    expect(() => defineAbilityFor({ userId: "u", orgId: ACME, roles: ["superuser" as Role] })).toThrow(/Unknown role/);
    expect(() => defineAbilityFor({ userId: "u", orgId: ACME, roles: ["toString" as Role] })).toThrow(/Unknown role/);
  });

  it("throws for a person with no role at all", () => {
    expect(() => defineAbilityFor({ userId: "u", orgId: ACME, roles: [] })).toThrow(/No role/);
    expect(() => defineAbilityFor({ userId: "u", orgId: ACME, roles: ["buyer", "owner" as Role] })).toThrow(
      /Unknown role/,
    );
  });

  it("a role with no rule for a subject is refused, by type as well as by row", () => {
    const supplier = defineAbilityFor(supplierA);
    expect(supplier.can("read", "AuditEvent")).toBe(false);
    expect(supplier.can("read", subject("AuditEvent", { org_id: SUPPLIER_A }))).toBe(false);
  });
});

describe("the buying side's own view", () => {
  it("is the buying organisation's: target prices, invitations and pending changes stay internal", () => {
    for (const actor of [buyer, finance, admin]) {
      const ability = defineAbilityFor(actor);
      expect(ability.can("readInternal", acmeRfq)).toBe(true);
      expect(ability.can("readInternal", initechRfq)).toBe(false);
      expect(ability.can("readPendingChange", po("pending_approval"))).toBe(true);
      expect(ability.can("readPendingChange", po("pending_approval", "u-buyer", INITECH))).toBe(false);
      expect(onSupplierSide(ability)).toBe(false);
    }
    const supplier = defineAbilityFor(supplierA);
    expect(supplier.can("readInternal", acmeRfq)).toBe(false);
    expect(supplier.can("readPendingChange", po("pending_approval"))).toBe(false);
    expect(onSupplierSide(supplier)).toBe(true);
  });

  it("never shows a supplier an RFQ still in draft, even one it is invited to", () => {
    const supplier = defineAbilityFor(supplierA);
    const invited = (status: RfqStatus) =>
      subject("Rfq", { id: "rfq-3", org_id: ACME, status, invited_supplier_org_ids: [SUPPLIER_A] });
    expect(supplier.can("read", invited("draft"))).toBe(false);
    expect(supplier.can("ask", invited("draft"))).toBe(false);
    expect(supplier.can("read", invited("open"))).toBe(true);
    expect(supplier.can("ask", invited("open"))).toBe(true);
  });
});

describe("supplier relationships", () => {
  const asked = subject("SupplierRelationship", { id: "rel-1", buyer_org_id: ACME, supplier_org_id: SUPPLIER_A });

  it("are answered by the supplier alone: no one of the buying organisation accepts or declines for it", () => {
    for (const who of [buyer, finance, admin]) {
      expect(defineAbilityFor(who).can("read", asked), who.roles.join()).toBe(true);
      expect(defineAbilityFor(who).can("accept", asked), who.roles.join()).toBe(false);
      expect(defineAbilityFor(who).can("decline", asked), who.roles.join()).toBe(false);
    }
    expect(defineAbilityFor(supplierA).can("accept", asked)).toBe(true);
    expect(defineAbilityFor(supplierA).can("decline", asked)).toBe(true);
    const other: Actor = { userId: "u-sup-b", orgId: SUPPLIER_B, roles: ["supplier"] };
    expect(defineAbilityFor(other).can("read", asked)).toBe(false);
    expect(defineAbilityFor(other).can("accept", asked)).toBe(false);
  });
});

describe("agreements", () => {
  const agreement = (sent: boolean, buyerOrgId = ACME, supplierOrgId = SUPPLIER_A) =>
    subject("Agreement", {
      id: "agr-1",
      buyer_org_id: buyerOrgId,
      supplier_org_id: supplierOrgId,
      sent_at: sent ? new Date("2026-12-01T10:00:00Z") : null,
    });

  it("lets the buyer make, send, close and order from its organisation's agreements, nobody else's", () => {
    const ability = defineAbilityFor(buyer);
    for (const action of ["read", "browse", "create", "update", "issue", "cancel", "close", "callOff"] as const) {
      expect(ability.can(action, agreement(false)), action).toBe(true);
      expect(ability.can(action, agreement(true, INITECH)), `${action} at Initech`).toBe(false);
    }
    expect(ability.can("acknowledge", agreement(true))).toBe(false);
  });

  it("lets finance read and browse, never order or send", () => {
    const ability = defineAbilityFor(finance);
    expect(ability.can("read", agreement(true))).toBe(true);
    expect(ability.can("browse", agreement(true))).toBe(true);
    for (const action of ["create", "issue", "callOff", "close", "acknowledge"] as const) {
      expect(ability.can(action, agreement(true)), action).toBe(false);
    }
    expect(defineAbilityFor(admin).can("read", agreement(true))).toBe(false);
  });

  it("shows a supplier its own agreements once sent, to acknowledge or decline; never a draft or another's", () => {
    const ability = defineAbilityFor(supplierA);
    expect(ability.can("read", agreement(false))).toBe(false);
    expect(ability.can("read", agreement(true))).toBe(true);
    expect(ability.can("acknowledge", agreement(true))).toBe(true);
    expect(ability.can("decline", agreement(true))).toBe(true);
    expect(ability.can("read", agreement(true, ACME, SUPPLIER_B))).toBe(false);
    expect(ability.can("callOff", agreement(true))).toBe(false);
    expect(ability.can("browse", agreement(true))).toBe(false);
    expect(ability.can("browse", "Agreement")).toBe(false);
  });
});

describe("supplier scorecards", () => {
  const relationship = (buyerOrgId: string, supplierOrgId = SUPPLIER_A) =>
    subject("SupplierRelationship", { id: "rel-1", buyer_org_id: buyerOrgId, supplier_org_id: supplierOrgId });

  it("are read by the buying organisation's buyers, finance and admins, of its own suppliers only", () => {
    for (const actor of [buyer, finance, admin]) {
      const ability = defineAbilityFor(actor);
      expect(ability.can("readPerformance", relationship(ACME)), actor.roles.join()).toBe(true);
      expect(ability.can("readPerformance", relationship(INITECH)), actor.roles.join()).toBe(false);
    }
  });

  it("are never a supplier's, not even its own", () => {
    const ability = defineAbilityFor(supplierA);
    expect(ability.can("readPerformance", relationship(ACME))).toBe(false);
    expect(ability.can("readPerformance", "SupplierRelationship")).toBe(false);
  });
});

describe("a person with several roles", () => {
  const lead: Actor = { userId: "u-lead", orgId: ACME, roles: ["buyer", "finance", "admin"] };
  const ability = defineAbilityFor(lead);

  it("may do what any of the roles may", () => {
    expect(ability.can("create", subject("PurchaseOrder", { buyer_org_id: ACME }))).toBe(true);
    expect(ability.can("approve", subject("Invoice", { buyer_org_id: ACME }))).toBe(true);
    expect(ability.can("manage", subject("User", { org_id: ACME }))).toBe(true);
    expect(ability.can("manage", subject("User", { org_id: INITECH }))).toBe(false);
  });

  it("still never approves or rejects a PO they created", () => {
    expect(ability.can("approve", po("pending_approval", "u-lead"))).toBe(false);
    expect(ability.can("reject", po("pending_approval", "u-lead"))).toBe(false);
    expect(ability.can("approve", po("pending_approval", "u-buyer"))).toBe(true);
  });
});
