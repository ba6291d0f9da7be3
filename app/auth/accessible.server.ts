/**
 * The rules of `ability.ts` as SQL, for lists: "every RFQ this person may
 * read" is one query, filtered in the database by the same CASL rules that
 * `ability.can` applies to a single row. Nothing here restates a rule; it
 * translates whatever `ability.rulesFor(action, subjectType)` holds, through
 * `rulesToCondition` from `@casl/ability/extra`.
 *
 * Usage (compute the condition first: null means nothing is allowed, and
 * then no query runs at all):
 *
 *   const cond = accessibleWhere(ability, "read", "Rfq");
 *   if (!cond) return [];
 *   return db.selectFrom("rfqs").where((eb) => cond(eb)).selectAll().execute();
 *   // or simply .where(cond), or combined: .where((eb) => eb.and([cond(eb), eb("status", "=", "open")]))
 *
 * The query must select from the subject's table under its own name (see
 * SUBJECT_TABLES); conditions are written as `table.column`.
 *
 * Fail closed: a field that is neither a known column of the table nor a
 * known virtual field, an operator outside $eq $ne $in $nin $lt $lte $gt $gte
 * (and the and/or that combine them), or a value that is not a plain scalar,
 * throws instead of producing a condition.
 */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from "kysely";
import { rulesToCondition } from "@casl/ability/extra";
import type { RuleOf } from "@casl/ability";

import type {
  AgreementsTable,
  ApprovalPoliciesTable,
  AuditEventsTable,
  BankChangeAcknowledgementsTable,
  BankDetailChangesTable,
  CompanyProfilesTable,
  EmailOutboxTable,
  NotificationsTable,
  FxRatesTable,
  InvoicesTable,
  MembershipsTable,
  OrganisationsTable,
  PurchaseOrdersTable,
  QuotesTable,
  ReorderRulesTable,
  RequisitionsTable,
  RfqsTable,
  ShipToAddressesTable,
  StockLevelsTable,
  SupplierRelationshipsTable,
} from "../../db/schema";
import type { Action, AppAbility, SubjectType } from "./ability";

/** The table each subject's rows live in. */
export const SUBJECT_TABLES = {
  Rfq: "rfqs",
  Quote: "quotes",
  PurchaseOrder: "purchase_orders",
  Invoice: "invoices",
  User: "memberships",
  SupplierRelationship: "supplier_relationships",
  FxRate: "fx_rates",
  ApprovalPolicy: "approval_policies",
  AuditEvent: "audit_events",
  AuditLog: "audit_events",
  Outbox: "email_outbox",
  Notification: "notifications",
  Organisation: "organisations",
  ShipToAddress: "ship_to_addresses",
  Agreement: "agreements",
  Company: "company_profiles",
  BankChange: "bank_detail_changes",
  PaymentHold: "bank_change_acknowledgements",
  ReorderRule: "reorder_rules",
  StockLevel: "stock_levels",
  Requisition: "requisitions",
} as const satisfies Record<SubjectType, string>;

export type SubjectTable = (typeof SUBJECT_TABLES)[SubjectType];

/** A where-condition ready for a query on the subject's table. */
export type AccessibleCondition = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool>;

type Sql = RawBuilder<SqlBool>;
type Scalar = string | number | boolean | Date | null;
type AstNode = NonNullable<RuleOf<AppAbility>["ast"]>;

/**
 * Columns a rule may compare, per subject. Array and JSON columns are left
 * out on purpose: CASL's matching on them (array contains, deep equality)
 * has no one-line SQL equivalent here, so a rule on them fails closed.
 */
const COLUMNS: {
  Rfq: ReadonlyArray<keyof RfqsTable>;
  Quote: ReadonlyArray<keyof QuotesTable>;
  PurchaseOrder: ReadonlyArray<keyof PurchaseOrdersTable>;
  Invoice: ReadonlyArray<keyof InvoicesTable>;
  User: ReadonlyArray<keyof MembershipsTable>;
  SupplierRelationship: ReadonlyArray<keyof SupplierRelationshipsTable>;
  FxRate: ReadonlyArray<keyof FxRatesTable>;
  ApprovalPolicy: ReadonlyArray<keyof ApprovalPoliciesTable>;
  AuditEvent: ReadonlyArray<keyof AuditEventsTable>;
  AuditLog: ReadonlyArray<keyof AuditEventsTable>;
  Outbox: ReadonlyArray<keyof EmailOutboxTable>;
  Notification: ReadonlyArray<keyof NotificationsTable>;
  Organisation: ReadonlyArray<keyof OrganisationsTable>;
  ShipToAddress: ReadonlyArray<keyof ShipToAddressesTable>;
  Agreement: ReadonlyArray<keyof AgreementsTable>;
  Company: ReadonlyArray<keyof CompanyProfilesTable>;
  BankChange: ReadonlyArray<keyof BankDetailChangesTable>;
  PaymentHold: ReadonlyArray<keyof BankChangeAcknowledgementsTable>;
  ReorderRule: ReadonlyArray<keyof ReorderRulesTable>;
  StockLevel: ReadonlyArray<keyof StockLevelsTable>;
  Requisition: ReadonlyArray<keyof RequisitionsTable>;
} = {
  Company: ["org_id", "version", "updated_at"],
  BankChange: ["id", "supplier_org_id", "status", "proposed_by", "proposed_at", "confirmed_by", "confirmed_at"],
  PaymentHold: [
    "id",
    "change_id",
    "buyer_org_id",
    "supplier_org_id",
    "created_at",
    "acknowledged_by",
    "acknowledged_at",
  ],
  ReorderRule: ["id", "org_id", "item_key", "unit", "ship_to_address_id", "paused", "version", "created_by"],
  StockLevel: ["id", "org_id", "ship_to_address_id", "item_key", "unit", "counted_by"],
  Requisition: ["id", "number", "org_id", "requested_by", "origin", "status", "version", "created_at"],
  Agreement: [
    "id",
    "number",
    "buyer_org_id",
    "supplier_org_id",
    "rfq_id",
    "currency",
    "valid_from",
    "valid_to",
    "status",
    "version",
    "created_by",
    "created_at",
    "sent_at",
    "acknowledged_at",
  ],
  Rfq: [
    "id",
    "org_id",
    "reference",
    "title",
    "description",
    "category",
    "currency",
    "deadline",
    "deadline_time_zone",
    "delivery_address",
    "wanted_by",
    "payment_terms",
    "incoterm",
    "status",
    "version",
    "workflow_version",
    "cancel_reason",
    "published_at",
    "closed_at",
    "awarded_at",
    "created_by",
    "created_at",
    "updated_at",
  ],
  Quote: [
    "id",
    "rfq_id",
    "buyer_org_id",
    "supplier_org_id",
    "status",
    "version",
    "workflow_version",
    "currency",
    "current_revision",
    "created_at",
    "updated_at",
  ],
  PurchaseOrder: [
    "id",
    "number",
    "buyer_org_id",
    "supplier_org_id",
    "rfq_id",
    "quote_revision_id",
    "status",
    "version",
    "workflow_version",
    "revision",
    "required_approvals",
    "currency",
    "subtotal",
    "tax_total",
    "total",
    "delivery_address",
    "delivery_date",
    "promised_date",
    "payment_terms",
    "incoterm",
    "notes",
    "reason",
    "created_by",
    "created_at",
    "updated_at",
    "submitted_at",
    "issued_at",
    "acknowledged_at",
  ],
  Invoice: [
    "id",
    "po_id",
    "buyer_org_id",
    "supplier_org_id",
    "invoice_number",
    "status",
    "version",
    "workflow_version",
    "currency",
    "subtotal",
    "tax_total",
    "total",
    "issued_on",
    "due_on",
    "submitted_by",
    "created_at",
    "updated_at",
  ],
  User: ["id", "user_id", "org_id", "role", "created_at"],
  SupplierRelationship: ["id", "buyer_org_id", "supplier_org_id", "status", "contact_email", "created_at"],
  FxRate: ["id", "org_id", "base_currency", "quote_currency", "rate", "valid_on", "created_by", "created_at"],
  ApprovalPolicy: ["org_id", "currency", "threshold_one", "threshold_two", "updated_by", "updated_at"],
  AuditEvent: ["id", "org_id", "actor_id", "entity_type", "entity_id", "event", "from_state", "to_state", "created_at"],
  AuditLog: ["id", "org_id", "actor_id", "entity_type", "entity_id", "event", "created_at"],
  Organisation: ["id", "kind"],
  ShipToAddress: ["id", "org_id", "is_default", "archived_at"],
  Outbox: [
    "id",
    "org_id",
    "to_address",
    "subject",
    "text_body",
    "html_body",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "message_id",
    "created_at",
    "sent_at",
  ],
  Notification: ["id", "user_id", "org_id", "kind", "created_at", "read_at"],
};

/** Fields that are not columns: each knows how to say itself in SQL. */
type VirtualField = (operator: string, value: unknown, field: string) => Sql;

const VIRTUAL_FIELDS: { [K in SubjectType]?: Record<string, VirtualField> } = {
  Rfq: {
    /** Matches when the RFQ has an invitation for the given supplier organisation(s). */
    invited_supplier_org_ids(operator, value, field) {
      const invited = (orgIds: Scalar[]): Sql =>
        sql<SqlBool>`exists (select 1 from rfq_invitations as inv where inv.rfq_id = rfqs.id and inv.supplier_org_id in (${sql.join(orgIds)}))`;
      switch (operator) {
        case "eq":
          return invited([nonNullScalar(value, field, operator)]);
        case "ne":
          return sql<SqlBool>`not ${invited([nonNullScalar(value, field, operator)])}`;
        case "in":
          return scalarList(value, field, operator).length === 0 ? FALSE : invited(scalarList(value, field, operator));
        case "nin":
          return scalarList(value, field, operator).length === 0
            ? TRUE
            : sql<SqlBool>`not ${invited(scalarList(value, field, operator))}`;
        default:
          throw unsupported(`operator "${operator}" on virtual field Rfq.${field}`);
      }
    },
  },
  Quote: {
    /** Sealed while the quote's RFQ has not been closed. */
    sealed(operator, value, field) {
      if (typeof value !== "boolean" || (operator !== "eq" && operator !== "ne")) {
        throw unsupported(`condition ${operator} ${JSON.stringify(value)} on virtual field Quote.${field}`);
      }
      const sealed = operator === "eq" ? value : !value;
      const opened = sql<SqlBool>`exists (select 1 from rfqs as sealed_rfq where sealed_rfq.id = quotes.rfq_id and sealed_rfq.closed_at is not null)`;
      return sealed ? sql<SqlBool>`not ${opened}` : opened;
    },
  },
};

const TRUE: Sql = sql<SqlBool>`true`;
const FALSE: Sql = sql<SqlBool>`false`;

/**
 * The rows of `subjectType` on which `ability` allows `action`, as a Kysely
 * where-condition; null when no row is allowed (then do not run the query).
 */
export function accessibleWhere(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
): AccessibleCondition | null {
  const rules = ability.rulesFor(action, subjectType);
  const condition = rulesToCondition<AppAbility, Sql, Sql>(
    rules,
    (rule) => {
      const converted = rule.conditions === undefined ? TRUE : translate(subjectType, astOf(rule));
      // A "cannot" rule limits the rows, so its condition is negated here;
      // `is not true` keeps SQL's unknown (null) on the allowed side, as CASL does.
      return rule.inverted ? sql<SqlBool>`(${converted}) is not true` : converted;
    },
    {
      and: (parts) => combine(parts, "and"),
      or: (parts) => combine(parts, "or"),
      empty: () => TRUE,
    },
  );
  if (condition === null) return null;
  const where: AccessibleCondition = () => condition;
  return where;
}

function astOf(rule: RuleOf<AppAbility>): AstNode {
  const ast = rule.ast;
  if (!ast) throw unsupported(`rule without a condition tree: ${JSON.stringify(rule.conditions)}`);
  return ast;
}

function combine(parts: Sql[], joiner: "and" | "or"): Sql {
  if (parts.length === 0) return joiner === "and" ? TRUE : FALSE;
  if (parts.length === 1) return parts[0];
  return sql<SqlBool>`(${sql.join(parts, joiner === "and" ? sql` and ` : sql` or `)})`;
}

function translate(subjectType: SubjectType, node: AstNode): Sql {
  const { operator, value } = node;
  if (operator === "and" || operator === "or") {
    if (!Array.isArray(value) || "field" in node) throw unsupported(`malformed "${operator}" condition`);
    return combine(
      value.map((child: AstNode) => translate(subjectType, child)),
      operator,
    );
  }
  if (!("field" in node) || typeof node.field !== "string") {
    throw unsupported(`operator "${operator}" on ${subjectType}`);
  }
  const field = node.field;
  const virtual = VIRTUAL_FIELDS[subjectType];
  if (virtual && Object.prototype.hasOwnProperty.call(virtual, field)) {
    return virtual[field](operator, value, field);
  }
  if (!(COLUMNS[subjectType] as ReadonlyArray<string>).includes(field)) {
    throw unsupported(`field "${field}" on ${subjectType}`);
  }
  return compareColumn(sql.ref(`${SUBJECT_TABLES[subjectType]}.${field}`), operator, value, field);
}

function compareColumn(column: RawBuilder<unknown>, operator: string, value: unknown, field: string): Sql {
  switch (operator) {
    case "eq": {
      const v = scalar(value, field, operator);
      return v === null ? sql<SqlBool>`${column} is null` : sql<SqlBool>`${column} = ${v}`;
    }
    case "ne": {
      // CASL: a missing (null) value differs from any given value.
      const v = scalar(value, field, operator);
      return v === null ? sql<SqlBool>`${column} is not null` : sql<SqlBool>`${column} is distinct from ${v}`;
    }
    case "in": {
      const values = scalarList(value, field, operator);
      return values.length === 0 ? FALSE : sql<SqlBool>`${column} in (${sql.join(values)})`;
    }
    case "nin": {
      const values = scalarList(value, field, operator);
      return values.length === 0 ? TRUE : sql<SqlBool>`(${column} is null or ${column} not in (${sql.join(values)}))`;
    }
    case "lt":
      return sql<SqlBool>`${column} < ${nonNullScalar(value, field, operator)}`;
    case "lte":
      return sql<SqlBool>`${column} <= ${nonNullScalar(value, field, operator)}`;
    case "gt":
      return sql<SqlBool>`${column} > ${nonNullScalar(value, field, operator)}`;
    case "gte":
      return sql<SqlBool>`${column} >= ${nonNullScalar(value, field, operator)}`;
    default:
      throw unsupported(`operator "${operator}" on field "${field}"`);
  }
}

function scalar(value: unknown, field: string, operator: string): Scalar {
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (value instanceof Date && !Number.isNaN(value.getTime()))
  ) {
    return value;
  }
  throw unsupported(`value ${JSON.stringify(value)} for ${operator} on field "${field}"`);
}

function nonNullScalar(value: unknown, field: string, operator: string): Exclude<Scalar, null> {
  const v = scalar(value, field, operator);
  if (v === null) throw unsupported(`null for ${operator} on field "${field}"`);
  return v;
}

/** A list for $in / $nin; nulls inside are refused (SQL and CASL disagree on them). */
function scalarList(value: unknown, field: string, operator: string): Exclude<Scalar, null>[] {
  if (!Array.isArray(value)) throw unsupported(`non-list value for ${operator} on field "${field}"`);
  return value.map((v: unknown) => nonNullScalar(v, field, operator));
}

function unsupported(what: string): Error {
  return new Error(`accessibleWhere: unsupported ${what}; refusing to build a query`);
}
