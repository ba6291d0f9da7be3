/**
 * Who may do what: the CASL abilities of the four roles of DESIGN.md.
 *
 * Pure and isomorphic: no server imports (only erased type imports), so the
 * browser can use the same ability to hide buttons. The server is still the
 * one that enforces: every loader and action checks `ability.can(...)` on the
 * row, and lists are filtered in SQL from these very rules by
 * `accessible.server.ts`. Keep conditions to operators that translate to SQL
 * there ($eq, $ne, $in, $nin, $lt, $lte, $gt, $gte) and to fields it knows.
 *
 * Subject fields are the row's database column names, plus virtual fields:
 *   Rfq.invited_supplier_org_ids  string[]  supplier organisations invited to the RFQ
 *   Quote.sealed                  boolean   true while the RFQ's closed_at is null
 * Tag a row before asking: `ability.can('read', subject('Rfq', row))`.
 */
import { msg } from "~/i18n/config";
import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility } from "@casl/ability";
import type { Selectable } from "kysely";

import type {
  AgreementsTable,
  ApprovalPoliciesTable,
  AuditEventsTable,
  BankChangeAcknowledgementsTable,
  BankDetailChangesTable,
  CompanyProfilesTable,
  EmailOutboxTable,
  FxRatesTable,
  InvoicesTable,
  MembershipsTable,
  NotificationsTable,
  OrganisationsTable,
  PurchaseOrdersTable,
  QuotesTable,
  ReorderRulesTable,
  RequisitionsTable,
  RfqsTable,
  Role,
  ShipToAddressesTable,
  StockLevelsTable,
  SupplierRelationshipsTable,
} from "../../db/schema";
import type { PurchaseOrderStatus } from "../../workflows/purchase-order.machine";

export { subject };

export type { Role };

/**
 * A signed-in person within one organisation. A person may hold several
 * roles of that organisation (one membership row per role); the ability is
 * the union of their rules, and separation of duties is judged per record
 * (whoever created a PO never approves it, whatever else they may do).
 */
export interface Actor {
  userId: string;
  orgId: string;
  roles: readonly Role[];
}

export type Action =
  | "manage"
  | "read"
  | "create"
  | "update"
  | "delete"
  | "publish"
  | "close"
  | "cancel"
  | "invite"
  | "answer"
  | "award"
  | "compare"
  | "readPrices"
  | "quote"
  | "ask"
  | "submit"
  | "approve"
  | "reject"
  | "issue"
  | "acknowledge"
  | "decline"
  /** A supplier agrees to work with a buying organisation that asked. */
  | "accept"
  | "receive"
  | "invoice"
  /** The buying organisation's own side of an RFQ: target prices, who was invited and where each stands, the award and its reasons. */
  | "readInternal"
  /** A PO's revision that awaits approval of a change, before it is issued: internal to the buying organisation. */
  | "readPendingChange"
  /** Reviews the organisation's security events: who tried to read its sealed quotes and was refused. */
  | "review"
  /** A PO against an agreement, priced by it and counted against its caps. */
  | "callOff"
  /** The catalogue: what the organisation's agreements in force offer. */
  | "browse"
  /** A supplier's scorecard with the organisation: its response, win, delivery, quantity, invoice and price record. */
  | "readPerformance"
  /** Finance records that an approved invoice was paid. */
  | "pay"
  /** Starts the reorder job now, beside its daily run. */
  | "run"
  /** The buying side judges a supplier (approve, suspend, block, lift a suspension) and its documents. */
  | "qualify"
  /** Lifts a block on a supplier: an admin's decision, never the buyer's who blocked. */
  | "unblock";

export type SubjectType =
  | "Rfq"
  | "Quote"
  | "PurchaseOrder"
  | "Invoice"
  | "User"
  | "SupplierRelationship"
  | "FxRate"
  | "ApprovalPolicy"
  | "AuditEvent"
  /** The organisation's whole audit log: its page and its export, beyond the events of one record. */
  | "AuditLog"
  | "Outbox"
  /** A person's own notification (and their choice of which come by mail). */
  | "Notification"
  /** The organisation's own settings: names, bill-to, zone, PO prefix, tolerances, logo. */
  | "Organisation"
  | "ShipToAddress"
  | "Agreement"
  /** A supplier organisation's company profile: names, addresses, contacts, and the bank details in force. */
  | "Company"
  /** A proposed change of a supplier's bank details; "approve" is the second person's confirmation. */
  | "BankChange"
  /** A buying organisation's hold on payments to a supplier whose bank details changed, until finance acknowledges it. */
  | "PaymentHold"
  /** Per item and site: when projected stock falls below the point, a requisition is raised; with its decision log. */
  | "ReorderRule"
  /** What was counted on hand, per item and site. */
  | "StockLevel"
  /** What a person (or a reorder rule) asks the organisation to buy. */
  | "Requisition";

/** A row may carry only some of its columns; rules read the ones they name. */
type Row<T> = Partial<Selectable<T>>;

/** The fields each subject exposes to rule conditions. */
export interface SubjectFields {
  Rfq: Row<RfqsTable> & { invited_supplier_org_ids?: string[] };
  Quote: Row<QuotesTable> & { sealed?: boolean };
  PurchaseOrder: Row<PurchaseOrdersTable>;
  Invoice: Row<InvoicesTable>;
  /** A membership row: a user within one organisation, with its role. */
  User: Row<MembershipsTable>;
  SupplierRelationship: Row<SupplierRelationshipsTable>;
  FxRate: Row<FxRatesTable>;
  ApprovalPolicy: Row<ApprovalPoliciesTable>;
  AuditEvent: Row<AuditEventsTable>;
  AuditLog: Row<AuditEventsTable>;
  Outbox: Row<EmailOutboxTable>;
  Notification: Row<NotificationsTable>;
  Organisation: Row<OrganisationsTable>;
  ShipToAddress: Row<ShipToAddressesTable>;
  Agreement: Row<AgreementsTable>;
  Company: Row<CompanyProfilesTable>;
  BankChange: Row<BankDetailChangesTable>;
  PaymentHold: Row<BankChangeAcknowledgementsTable>;
  ReorderRule: Row<ReorderRulesTable>;
  StockLevel: Row<StockLevelsTable>;
  Requisition: Row<RequisitionsTable>;
}

/** A row tagged with `subject(type, row)`. */
export type TaggedSubject = {
  [K in SubjectType]: ForcedSubject<K> & SubjectFields[K];
}[SubjectType];

export type AppAbility = MongoAbility<[Action, SubjectType | TaggedSubject]>;

type Can = AbilityBuilder<AppAbility>["can"];

/** PO states a supplier never sees: the PO has not been issued to it. */
const UNISSUED_PO_STATES: PurchaseOrderStatus[] = ["draft", "pending_approval", "approved", "rejected"];

const rulesByRole: Record<Role, (actor: Actor, can: Can) => void> = {
  buyer({ orgId, userId }, can) {
    can(
      [
        "read",
        "readInternal",
        "create",
        "update",
        "publish",
        "close",
        "cancel",
        "invite",
        "answer",
        "award",
        "compare",
      ],
      "Rfq",
      { org_id: orgId },
    );
    can("read", "Quote", { buyer_org_id: orgId });
    can("readPrices", "Quote", { buyer_org_id: orgId, sealed: false });
    can(["read", "readPendingChange", "create", "update", "submit", "cancel", "receive"], "PurchaseOrder", {
      buyer_org_id: orgId,
    });
    can("read", "Invoice", { buyer_org_id: orgId });
    can(["read", "readPerformance"], "SupplierRelationship", { buyer_org_id: orgId });
    can("read", "AuditEvent", { org_id: orgId });
    // RFQ and PO forms offer the organisation's ship-to addresses.
    can("read", "ShipToAddress", { org_id: orgId });
    can("read", "Organisation", { id: orgId });
    // "issue" sends the agreement to the supplier to acknowledge, as a PO is issued; "update" edits it while a draft.
    can(["read", "browse", "create", "update", "issue", "cancel", "close", "callOff"], "Agreement", {
      buyer_org_id: orgId,
    });
    // Keeps the stock of the organisation's sites topped up: the rules, the counts, and the job's runs.
    can(["read", "create", "update", "run"], "ReorderRule", { org_id: orgId });
    can(["read", "update"], "StockLevel", { org_id: orgId });
    // Keeps the supplier list: adds suppliers, judges them and their documents.
    can(["create", "qualify"], "SupplierRelationship", { buyer_org_id: orgId });
    // The organisation's requisitions: the sourcing queue is fed by them. Deciding on one is open to whoever
    // holds the role the approval rule names (checked with the rule's data); never on one's own.
    can("read", "Requisition", { org_id: orgId });
    can(["approve", "reject"], "Requisition", { org_id: orgId, requested_by: { $ne: userId } });
  },

  finance({ orgId, userId }, can) {
    can(["read", "readInternal", "compare"], "Rfq", { org_id: orgId });
    can("read", "Quote", { buyer_org_id: orgId });
    can("readPrices", "Quote", { buyer_org_id: orgId, sealed: false });
    can(["read", "readPendingChange", "cancel"], "PurchaseOrder", { buyer_org_id: orgId });
    // Separation of duties: whoever created a PO cannot decide on it.
    can(["approve", "reject"], "PurchaseOrder", { buyer_org_id: orgId, created_by: { $ne: userId } });
    can(["read", "update", "approve", "pay"], "Invoice", { buyer_org_id: orgId });
    // A supplier's changed bank details: finance of each buying organisation reads and acknowledges them.
    can(["read", "acknowledge"], "PaymentHold", { buyer_org_id: orgId });
    can("manage", ["FxRate", "ApprovalPolicy"], { org_id: orgId });
    can("read", "AuditEvent", { org_id: orgId });
    // The scorecard too: invoice match rates and prices against the best quote are finance's concern as well.
    can(["read", "readPerformance"], "SupplierRelationship", { buyer_org_id: orgId });
    can("read", "Organisation", { id: orgId });
    // The catalogue and the agreements behind it: what the organisation has committed to.
    can(["read", "browse"], "Agreement", { buyer_org_id: orgId });
    can("read", "Requisition", { org_id: orgId });
    can(["approve", "reject"], "Requisition", { org_id: orgId, requested_by: { $ne: userId } });
  },

  admin({ orgId, userId }, can) {
    can("manage", "User", { org_id: orgId });
    // Keeps the organisation's supplier list; never answers for the supplier (accept and decline are its own).
    can(["read", "create", "update", "readPerformance", "qualify", "unblock"], "SupplierRelationship", {
      buyer_org_id: orgId,
    });
    can(["read", "readInternal"], "Rfq", { org_id: orgId });
    can(["read", "readPendingChange"], "PurchaseOrder", { buyer_org_id: orgId });
    can("read", "AuditEvent", { org_id: orgId });
    can("review", "AuditEvent", { org_id: orgId });
    can("read", "AuditLog", { org_id: orgId });
    can("manage", "Outbox", { org_id: orgId });
    can(["read", "update"], "Organisation", { id: orgId });
    // Reads finance's approval policy beside the settings it keeps; only finance changes it.
    can("read", "ApprovalPolicy", { org_id: orgId });
    can(["read", "create", "update"], "ShipToAddress", { org_id: orgId });
    // Reorder rules deliver to the sites the admin keeps, so the admin may set them too.
    can(["read", "create", "update", "run"], "ReorderRule", { org_id: orgId });
    can(["read", "update"], "StockLevel", { org_id: orgId });
    can("read", "Requisition", { org_id: orgId });
    can(["approve", "reject"], "Requisition", { org_id: orgId, requested_by: { $ne: userId } });
  },

  requester({ orgId, userId }, can) {
    // Its own requisitions only; of the POs, RFQs and invoices behind them, only the summary its requisition shows.
    can(["read", "create", "cancel"], "Requisition", { org_id: orgId, requested_by: userId });
    // Orders from the catalogue without reading the agreements behind it.
    can("browse", "Agreement", { buyer_org_id: orgId });
    can("read", "ShipToAddress", { org_id: orgId });
  },

  supplier({ orgId, userId }, can) {
    // Mongo semantics: equality on an array field matches arrays containing the value.
    // An RFQ still in draft was never sent: invited or not, the supplier does not know it exists.
    can(["read", "ask"], "Rfq", { invited_supplier_org_ids: orgId, status: { $ne: "draft" } });
    // Only its own quote, never another supplier's; and never "compare".
    can(["read", "readPrices", "quote", "submit"], "Quote", { supplier_org_id: orgId });
    can(["read", "acknowledge", "decline", "invoice"], "PurchaseOrder", {
      supplier_org_id: orgId,
      status: { $nin: UNISSUED_PO_STATES },
    });
    // A PO issued once stays readable while a change order to it awaits approval.
    can("read", "PurchaseOrder", { supplier_org_id: orgId, issued_at: { $ne: null } });
    can(["read", "create"], "Invoice", { supplier_org_id: orgId });
    // Buying organisations that asked to work with it: the supplier decides, and sees only its own.
    can(["read", "accept", "decline"], "SupplierRelationship", { supplier_org_id: orgId });
    // Uploads the qualification documents each customer asks of it, for that customer only.
    can("submit", "SupplierRelationship", { supplier_org_id: orgId });
    // Its own agreements once sent to it; a draft is the buyer's until then.
    can(["read", "acknowledge", "decline"], "Agreement", { supplier_org_id: orgId, sent_at: { $ne: null } });
    // Its own company profile; bank details change in two steps, the second by someone other than the proposer.
    can("read", "Company", { org_id: orgId });
    can(["read", "create"], "BankChange", { supplier_org_id: orgId });
    can("approve", "BankChange", { supplier_org_id: orgId, proposed_by: { $ne: userId } });
  },
};

/**
 * The admin of a supplier organisation (a person holding both the supplier
 * and the admin role there): keeps the company profile and its colleagues.
 * None of a buying organisation's admin rules apply: a supplier organisation
 * has no RFQs, settings or supplier list of its own.
 */
function supplierAdmin({ orgId }: Actor, can: Can): void {
  can("manage", "User", { org_id: orgId });
  can(["read", "update"], "Company", { org_id: orgId });
}

/**
 * The ability of one signed-in person in one organisation: the union of the
 * rules of every role they hold (CASL grants what any rule grants). Throws
 * on an unknown role, and on none at all, so a person without a role never
 * silently gets an empty page instead of a refusal.
 */
export function defineAbilityFor(actor: Actor): AppAbility {
  if (actor.roles.length === 0) throw new Error("No role");
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  // A supplier organisation's people always hold the supplier role; its admin also holds admin.
  const supplierSide = actor.roles.includes("supplier");
  for (const role of actor.roles) {
    const define =
      role === "admin" && supplierSide
        ? supplierAdmin
        : Object.prototype.hasOwnProperty.call(rulesByRole, role)
          ? rulesByRole[role]
          : undefined;
    if (!define) throw new Error(`Unknown role: ${String(role)}`);
    define(actor, builder.can);
  }
  // Whatever the role: a person reads, marks read and chooses the mail of their own notifications, nobody else's.
  builder.can(["read", "update"], "Notification", { user_id: actor.userId });
  return builder.build();
}

/**
 * Whether the person sits on the supplier's side of the table (answers RFQs
 * and POs rather than issues them), for wording, columns and default order
 * on shared pages. What they may see or do is still asked of each row.
 */
export function onSupplierSide(ability: AppAbility): boolean {
  return !ability.can("readInternal", "Rfq");
}

const ROLE_LABELS: Record<Role, string> = {
  buyer: msg("Buyer"),
  finance: msg("Finance"),
  admin: msg("Admin"),
  supplier: msg("Supplier"),
  requester: msg("Requester"),
};

/**
 * The person's roles as the header names them ("Buyer, Finance"), for them
 * to read. A label only: what they may see or do is asked of their ability,
 * never of this. An unknown role names nothing.
 */
export function roleLabels(actor: Pick<Actor, "roles">): string[] {
  // Always in the same order, whatever order the memberships were made in.
  const order = Object.keys(ROLE_LABELS);
  return [...actor.roles]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((role) => (Object.prototype.hasOwnProperty.call(ROLE_LABELS, role) ? ROLE_LABELS[role] : ""))
    .filter(Boolean);
}

/** The same, as one English line, for the audit log and CSV files. */
export function roleLabel(actor: Pick<Actor, "roles">): string {
  return roleLabels(actor).join(", ");
}

/** The roles a buying organisation's admin may give its people, in the order forms list them. */
export const BUYING_ROLES = ["requester", "buyer", "finance", "admin"] as const satisfies readonly Role[];

/**
 * The roles an organisation's "require two-factor sign-in" applies to: the
 * people who approve money and who keep people and settings.
 */
export const TWO_FACTOR_POLICY_ROLES = ["finance", "admin"] as const satisfies readonly Role[];

/** Whether the organisation's two-factor requirement covers a person with these roles. */
export function coveredByTwoFactorPolicy(roles: readonly Role[]): boolean {
  return roles.some((role) => (TWO_FACTOR_POLICY_ROLES as readonly Role[]).includes(role));
}
/** The roles a supplier organisation's admin may give its people: everyone is a supplier, some also admin. */
export const SUPPLIER_ROLES = ["supplier", "admin"] as const satisfies readonly Role[];
