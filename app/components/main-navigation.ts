/**
 * The header's main navigation, built from the person's ability: each item
 * names the `can(action, subject)` questions that show it, so a new role or a
 * changed rule in `app/auth/ability.ts` moves the navigation with it and no
 * role name is tested here. Pure: the root loader asks it on the server.
 */
import type { Action, AppAbility, SubjectType } from "~/auth/ability";
import { msg } from "~/i18n/config";

export interface NavItem {
  to: string;
  /** A catalogue key: the header translates it. */
  label: string;
}

interface NavEntry extends NavItem {
  /** Shown when the ability allows any one of these (by subject type); "always" for anyone signed in. */
  shownIf: ReadonlyArray<readonly [Action, SubjectType]> | "always";
}

/** In the order shown. Two entries may lead to one page under different names; the first that shows wins. */
export const MAIN_NAVIGATION: readonly NavEntry[] = [
  { to: "/dashboard", label: msg("Dashboard"), shownIf: "always" },
  // The queue of POs waiting for this person's decision: for whoever may approve one.
  { to: "/approvals", label: msg("Approvals"), shownIf: [["approve", "PurchaseOrder"]] },
  // The buying side keeps its RFQs; the supplier side reads the same list as its invitations.
  { to: "/rfqs", label: msg("RFQs"), shownIf: [["readInternal", "Rfq"]] },
  { to: "/rfqs", label: msg("Invitations"), shownIf: [["quote", "Quote"]] },
  { to: "/pos", label: msg("Purchase orders"), shownIf: [["read", "PurchaseOrder"]] },
  // Framework and blanket orders: the buying side's, and a supplier's own once sent to it.
  { to: "/agreements", label: msg("Agreements"), shownIf: [["read", "Agreement"]] },
  // The organisation's supplier list: for whoever keeps it (buyers, admins).
  { to: "/suppliers", label: msg("Suppliers"), shownIf: [["qualify", "SupplierRelationship"]] },
  // What people ask the organisation to buy: a requester's own, the buying side's whole list.
  { to: "/requisitions", label: msg("Requisitions"), shownIf: [["read", "Requisition"]] },
  // Free-text requisition lines waiting for an RFQ: for whoever makes RFQs.
  { to: "/sourcing", label: msg("Sourcing queue"), shownIf: [["create", "Rfq"]] },
  // What the agreements in force offer, for the buying organisation's people.
  { to: "/catalogue", label: msg("Catalogue"), shownIf: [["browse", "Agreement"]] },
  // Stock kept topped up per item and site: the rules, their decisions and the counts.
  { to: "/reorder", label: msg("Reorder"), shownIf: [["read", "ReorderRule"]] },
  // For those who work on invoices: who decides on them, and who sends them.
  {
    to: "/invoices",
    label: msg("Invoices"),
    shownIf: [
      ["approve", "Invoice"],
      ["create", "Invoice"],
    ],
  },
  // The organisation's settings open on the first tab this person may use.
  { to: "/settings/organisation", label: msg("Settings"), shownIf: [["update", "Organisation"]] },
  { to: "/settings/approvals", label: msg("Approval policy"), shownIf: [["update", "ApprovalPolicy"]] },
  { to: "/admin/audit", label: msg("Audit log"), shownIf: [["read", "AuditLog"]] },
  // The organisation's people: for whoever may invite them.
  { to: "/admin/users", label: msg("Users"), shownIf: [["create", "User"]] },
  { to: "/admin/outbox", label: msg("Outbox"), shownIf: [["manage", "Outbox"]] },
  { to: "/admin/refused-reads", label: msg("Refused reads"), shownIf: [["review", "AuditEvent"]] },
  // A supplier's answers to buying organisations that asked to work with it.
  { to: "/relationships", label: msg("Buyers"), shownIf: [["accept", "SupplierRelationship"]] },
  // A supplier organisation's profile and bank details.
  { to: "/company", label: msg("Company"), shownIf: [["read", "Company"]] },
  // Finance's acknowledgements of suppliers' changed bank details, which hold payments.
  { to: "/bank-changes", label: msg("Bank changes"), shownIf: [["acknowledge", "PaymentHold"]] },
];

/** The items this ability shows, in order, one per page. */
export function navigationFor(ability: AppAbility): NavItem[] {
  const shown = new Map<string, NavItem>();
  for (const { to, label, shownIf } of MAIN_NAVIGATION) {
    if (shown.has(to)) continue;
    if (shownIf === "always" || shownIf.some(([action, subjectType]) => ability.can(action, subjectType))) {
      shown.set(to, { to, label });
    }
  }
  return [...shown.values()];
}

/** The settings section's tabs, each shown to whoever may use its page. */
export const SETTINGS_TABS: readonly (NavItem & { shownIf: readonly [Action, SubjectType] })[] = [
  { to: "/settings/organisation", label: msg("Organisation"), shownIf: ["update", "Organisation"] },
  { to: "/settings/addresses", label: msg("Ship-to addresses"), shownIf: ["create", "ShipToAddress"] },
  { to: "/settings/approvals", label: msg("Approval policy"), shownIf: ["read", "ApprovalPolicy"] },
  {
    to: "/settings/supplier-documents",
    label: msg("Supplier documents"),
    shownIf: ["qualify", "SupplierRelationship"],
  },
];

/** The settings tabs this ability shows, in order. */
export function settingsTabsFor(ability: AppAbility): NavItem[] {
  return SETTINGS_TABS.filter(({ shownIf }) => ability.can(shownIf[0], shownIf[1])).map(({ to, label }) => ({
    to,
    label,
  }));
}
