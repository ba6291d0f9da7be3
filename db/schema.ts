/**
 * The typed shape of the database, written by hand beside the migrations.
 * Numeric and bigint columns arrive as strings (exact decimals, never
 * floats); date columns as "YYYY-MM-DD" strings; timestamptz as Date.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

// Status columns hold their machine's state, so each is typed with that
// machine's union. Type-only imports from the pure machine files, which
// import nothing from db/, so no import cycle can arise.
import type { InvitationStatus } from "../workflows/invitation.machine";
import type { InvoiceStatus } from "../workflows/invoice.machine";
import type { ChangeableStatus, PurchaseOrderStatus } from "../workflows/purchase-order.machine";
import type { QuoteStatus } from "../workflows/quote.machine";
import type { RfqStatus } from "../workflows/rfq.machine";
import type { SupplierRelationshipStatus } from "../workflows/supplier-relationship.machine";
import type { AgreementStatus } from "../workflows/agreement.machine";
import type { SupplierQualificationStatus } from "../workflows/supplier-qualification.machine";
import type { RequisitionStatus } from "../workflows/requisition.machine";

/** A numeric column: read as a decimal string, written as a string. */
export type Numeric = ColumnType<string, string, string>;
export type NumericWithDefault = ColumnType<string, string | undefined, string>;
/** timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** date: "YYYY-MM-DD" both ways. */
export type DateOnly = string;
type Json<T> = ColumnType<T, string, string>;

export type Role = "buyer" | "finance" | "admin" | "supplier" | "requester";
export type OrgKind = "buyer" | "supplier";

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: OrgKind;
  base_currency: Generated<string>;
  /** The bill-to address printed on the organisation's POs. */
  address: Generated<string>;
  tax_id: string | null;
  created_at: TimestampDefault;
  /** The registered name, when it differs from the name people use; null for organisations from before sign-up. */
  legal_name: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  /** IANA zone: instants are shown in it to people who have no zone of their own. */
  default_time_zone: Generated<string>;
  /** Starts every new PO number ("PO" -> PO-2026-000123); numbers already given keep theirs. */
  po_number_prefix: Generated<string>;
  /** How much more than ordered may be received, in percent. */
  receipt_tolerance_percent: NumericWithDefault;
  /** How far invoiced prices and quantities may differ before an invoice is disputed, in percent. */
  invoice_tolerance_percent: NumericWithDefault;
  settings_updated_at: Timestamp | null;
  /** Finance and admin people must sign in with a second factor (set it up at their next sign-in). */
  require_two_factor: Generated<boolean>;
  /** "Suspend suppliers when a required document expires": the expiry job suspends them, or only warns. */
  suspend_on_document_expiry: Generated<boolean>;
}

/** Where a buying organisation receives goods; RFQs and POs choose from the list. */
export interface ShipToAddressesTable {
  id: Generated<string>;
  org_id: string;
  label: string;
  address: string;
  is_default: Generated<boolean>;
  /** Archived addresses are no longer offered; RFQs and POs keep the text they copied. */
  archived_at: Timestamp | null;
  version: Generated<number>;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** The organisation's logo (PNG or JPEG, type read from its bytes), printed on its PO PDFs. */
export interface OrganisationLogosTable {
  org_id: string;
  content_type: "image/png" | "image/jpeg";
  content: Uint8Array;
  size_bytes: number;
  width: number;
  height: number;
  sha256: string;
  uploaded_by: string | null;
  uploaded_at: TimestampDefault;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  /** Empty until an invited person sets one; an empty hash never verifies. */
  password_hash: string;
  /** Deactivated: no sign-in, no session; the row stays so history keeps the name. */
  disabled_at: Timestamp | null;
  created_at: TimestampDefault;
  /** Null until the address is confirmed by a mailed link (sign-up) or an accepted invitation. */
  email_confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When an admin invited the person; null for people who signed up or were seeded. */
  invited_at: Timestamp | null;
  /** IANA time zone the person chose; null while they follow their organisation's default zone. */
  time_zone: string | null;
  /** The TOTP secret, encrypted (app/auth/totp.server.ts); set during setup, null when two-factor is off. */
  totp_secret: string | null;
  /** When the person confirmed two-factor sign-in with a code; null while off or still being set up. */
  totp_enabled_at: Timestamp | null;
  /** The last TOTP time step accepted: a code of that step or earlier is refused (no replay). int8 reads as a string. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

/** One of a person's ten one-time recovery codes; only the SHA-256 is kept. */
export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: TimestampDefault;
}

export type SignInChallengePurpose = "verify" | "enrol";

/**
 * The pending second step of a sign-in: the password was right, no session
 * exists yet. Named by a random token in a short-lived cookie (only its
 * SHA-256 here); `verify` asks for a code, `enrol` sets two-factor up first.
 */
export interface SignInChallengesTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  purpose: SignInChallengePurpose;
  redirect_to: string;
  address: string;
  failures: Generated<number>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: TimestampDefault;
}

export type AccountTokenPurpose = "confirm_email" | "reset_password" | "invitation";

/** A mailed single-use link about an account; only the token's SHA-256 is kept. */
export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: AccountTokenPurpose;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: TimestampDefault;
}

export interface MembershipsTable {
  id: Generated<string>;
  user_id: string;
  org_id: string;
  role: Role;
  created_at: TimestampDefault;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: TimestampDefault;
  expires_at: Timestamp;
}

export interface SupplierRelationshipsTable {
  id: Generated<string>;
  buyer_org_id: string;
  supplier_org_id: string;
  /** `invited` until the supplier accepts; only `active` lets the buyer invite, award or order. */
  status: Generated<SupplierRelationshipStatus>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  contact_email: string | null;
  created_at: TimestampDefault;
  version: Generated<number>;
  workflow_version: Generated<number>;
  updated_at: TimestampDefault;
  /** The buyer's user whose invitation asked; null for relationships made otherwise (seed, registration). */
  requested_by: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decline_reason: string | null;
  /** The buying organisation's judgement (docs/decisions/027); only `approved` with `active` lets it invite, award or order. */
  qualification_status: Generated<SupplierQualificationStatus>;
  qualification_workflow_version: Generated<number>;
  /** Why the supplier was last suspended or blocked; null once approved again. */
  qualification_reason: string | null;
  qualification_changed_at: Timestamp | null;
  /** The current suspension was the expiry job's (a required document ran out), not a buyer's. */
  suspended_automatically: Generated<boolean>;
}

/** A document type a buying organisation requires from suppliers of one category. */
export interface SupplierDocumentRequirementsTable {
  id: Generated<string>;
  org_id: string;
  category: string;
  document_type: string;
  created_by: string | null;
  created_at: TimestampDefault;
}

export type SupplierDocumentStatus = "submitted" | "approved" | "rejected";

/** A document a supplier uploaded for one buying organisation, with its expiry; the file is an attachment owned by it. */
export interface SupplierDocumentsTable {
  id: Generated<string>;
  buyer_org_id: string;
  supplier_org_id: string;
  document_type: string;
  expires_on: DateOnly;
  status: Generated<SupplierDocumentStatus>;
  reject_reason: string | null;
  uploaded_by: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: TimestampDefault;
  reminded_30_at: Timestamp | null;
  reminded_7_at: Timestamp | null;
  expiry_handled_at: Timestamp | null;
}

/**
 * Every bidder's landed total on an RFQ when it was awarded, in the
 * comparison's currency: what finance reads beside a PO ("was it the
 * cheapest?"). Kept with the award so a view never recomputes it.
 */
export interface AwardSummary {
  currency: string;
  competitors: {
    supplierOrgId: string;
    supplierName: string;
    /** Null when the supplier did not price every line, or could not be converted. */
    landedTotal: string | null;
    lowest: boolean;
    note: string | null;
  }[];
}

/** The comparison of an RFQ as it stood when it was awarded, in brief; none for awards made before it was kept. */
export interface RfqAwardSummariesTable {
  rfq_id: string;
  org_id: string;
  summary: ColumnType<AwardSummary, string, string>;
  created_at: TimestampDefault;
}

export interface RfqsTable {
  id: Generated<string>;
  org_id: string;
  reference: string;
  title: string;
  description: Generated<string>;
  category: string | null;
  currency: string;
  deadline: Timestamp;
  deadline_time_zone: Generated<string>;
  delivery_address: Generated<string>;
  wanted_by: DateOnly | null;
  payment_terms: string | null;
  incoterm: string | null;
  status: Generated<RfqStatus>;
  version: Generated<number>;
  workflow_version: Generated<number>;
  cancel_reason: string | null;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
  awarded_at: Timestamp | null;
  /** Why the award is not the lowest converted price; null when it is, or before the award. */
  award_justification: string | null;
  created_by: string;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

export interface RfqLinesTable {
  id: Generated<string>;
  rfq_id: string;
  org_id: string;
  position: number;
  item_name: string;
  specification: Generated<string>;
  quantity: Numeric;
  unit: string;
  target_price: Numeric | null;
}

export interface RfqInvitationsTable {
  id: Generated<string>;
  rfq_id: string;
  buyer_org_id: string;
  supplier_org_id: string | null;
  invited_email: string | null;
  status: Generated<InvitationStatus>;
  decline_reason: string | null;
  viewed_at: Timestamp | null;
  answered_at: Timestamp | null;
  created_at: TimestampDefault;
  reminded_for_deadline: Timestamp | null;
  version: Generated<number>;
  workflow_version: Generated<number>;
  updated_at: TimestampDefault;
}

/** A supplier added to a buying organisation's list by address, without an RFQ; one row per buyer and address. */
export interface SupplierInvitationsTable {
  id: Generated<string>;
  buyer_org_id: string;
  email: string;
  contact_name: string | null;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  invited_by: string | null;
  /** The supplier organisation the address belongs to: set when it registers, or at once for an account on the platform. */
  supplier_org_id: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** A mailed registration link for an address not yet on the platform; only the token's SHA-256 is kept. */
export interface RegistrationTokensTable {
  id: Generated<string>;
  /** The RFQ invitation the link was mailed for; null when it was mailed for a supplier invitation. */
  invitation_id: string | null;
  /** The supplier invitation (a supplier added to the list without an RFQ); exactly one of the two is set. */
  supplier_invitation_id: string | null;
  email: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: TimestampDefault;
}

export interface RfqQuestionsTable {
  id: Generated<string>;
  rfq_id: string;
  supplier_org_id: string;
  asked_by: string;
  question: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: Timestamp | null;
  created_at: TimestampDefault;
}

export interface AttachmentsTable {
  id: Generated<string>;
  org_id: string;
  /** "quote": attached to a quote and not yet submitted with a revision. */
  owner_type: "rfq" | "quote" | "quote_revision" | "invoice" | "supplier_document";
  owner_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  created_at: TimestampDefault;
}

export interface QuotesTable {
  id: Generated<string>;
  rfq_id: string;
  buyer_org_id: string;
  supplier_org_id: string;
  status: Generated<QuoteStatus>;
  version: Generated<number>;
  workflow_version: Generated<number>;
  currency: string;
  current_revision: Generated<number>;
  /** The supplier's unsent form (QuoteDraft), never shown to the buyer. */
  draft: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  draft_saved_at: Timestamp | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

export interface QuoteRevisionsTable {
  id: Generated<string>;
  quote_id: string;
  revision: number;
  currency: string;
  lead_time_days: number;
  freight: NumericWithDefault;
  other_charges: NumericWithDefault;
  valid_until: DateOnly | null;
  payment_terms: string | null;
  incoterm: string | null;
  notes: Generated<string>;
  subtotal: Numeric;
  submitted_by: string;
  received_at: TimestampDefault;
}

export interface QuoteLinesTable {
  id: Generated<string>;
  revision_id: string;
  rfq_line_id: string;
  no_bid: Generated<boolean>;
  unit_price: Numeric | null;
  line_total: Numeric | null;
  min_order_quantity: Numeric | null;
  alternate_offer: string | null;
}

export interface PoNumberSequencesTable {
  org_id: string;
  year: number;
  last_value: number;
}

export interface PurchaseOrdersTable {
  id: Generated<string>;
  number: string;
  buyer_org_id: string;
  supplier_org_id: string;
  rfq_id: string | null;
  quote_revision_id: string | null;
  status: Generated<PurchaseOrderStatus>;
  version: Generated<number>;
  workflow_version: Generated<number>;
  revision: Generated<number>;
  required_approvals: Generated<number>;
  submission: Generated<number>;
  currency: string;
  subtotal: NumericWithDefault;
  tax_total: NumericWithDefault;
  total: NumericWithDefault;
  delivery_address: Generated<string>;
  delivery_date: DateOnly | null;
  promised_date: DateOnly | null;
  payment_terms: string | null;
  incoterm: string | null;
  notes: Generated<string>;
  reason: string | null;
  created_by: string;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
  submitted_at: Timestamp | null;
  issued_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  /** Author of the current revision when it came from a change order; null for revision 1. */
  revised_by: string | null;
  revised_at: Timestamp | null;
  change_reason: string | null;
  /** While a change order awaits approval: the status the PO returns to if it is rejected. */
  change_from: ChangeableStatus | null;
  /** The agreement this PO calls off; null for a PO from an award or typed in. */
  agreement_id: string | null;
  /** The call-off form's key, so a form posted twice books once. */
  call_off_key: string | null;
  /** The site it delivers to, when chosen from the organisation's list; the text stays in delivery_address. */
  ship_to_address_id: string | null;
}

export interface PurchaseOrderLinesTable {
  id: Generated<string>;
  po_id: string;
  position: number;
  rfq_line_id: string | null;
  item_name: string;
  specification: Generated<string>;
  quantity: Numeric;
  unit: string;
  unit_price: Numeric;
  tax_rate: NumericWithDefault;
  line_total: Numeric;
  /** An item is received and invoiced; a charge (freight, other charges) is only invoiced. */
  kind: ColumnType<PoLineKind, PoLineKind | undefined, PoLineKind>;
  /** On a call-off: the agreement item it consumes. */
  agreement_item_id: string | null;
}

export interface AgreementNumberSequencesTable {
  org_id: string;
  year: number;
  last_value: number;
}

/** A framework or blanket order with one supplier (workflows/agreement.machine.ts). */
export interface AgreementsTable {
  id: Generated<string>;
  number: string;
  buyer_org_id: string;
  supplier_org_id: string;
  /** The RFQ whose award made it; null when made by hand. */
  rfq_id: string | null;
  title: string;
  currency: string;
  valid_from: DateOnly;
  valid_to: DateOnly;
  /** Most the call-offs may add up to, in the agreement's currency; null: no cap. */
  value_cap: Numeric | null;
  payment_terms: string | null;
  incoterm: string | null;
  lead_time_days: Generated<number>;
  status: Generated<AgreementStatus>;
  version: Generated<number>;
  workflow_version: Generated<number>;
  /** Why it was declined, cancelled or closed. */
  reason: string | null;
  creation_key: string | null;
  created_by: string;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
  sent_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  ended_at: Timestamp | null;
  /** When the buyers were told 80 % of a cap is consumed; at most once. */
  consumption_mailed_at: Timestamp | null;
  /** When the buyers were told it ends in 30 days; at most once. */
  expiry_mailed_at: Timestamp | null;
}

export interface AgreementItemsTable {
  id: Generated<string>;
  agreement_id: string;
  position: number;
  item_name: string;
  specification: Generated<string>;
  category: Generated<string>;
  unit: string;
  /** The price below the first break, in the agreement's currency. */
  unit_price: Numeric;
  /** Most the call-offs may order of this item; null: no cap. */
  quantity_cap: Numeric | null;
  rfq_line_id: string | null;
}

/** From `min_quantity` ordered in one call-off line, the item costs `unit_price`. */
export interface AgreementPriceBreaksTable {
  id: Generated<string>;
  item_id: string;
  min_quantity: Numeric;
  unit_price: Numeric;
}

export type PoLineKind = "item" | "charge";

export interface PurchaseOrderRevisionsTable {
  id: Generated<string>;
  po_id: string;
  revision: number;
  snapshot: Json<unknown>;
  created_by: string;
  created_at: TimestampDefault;
}

export interface ApprovalsTable {
  id: Generated<string>;
  po_id: string;
  po_revision: number;
  submission: Generated<number>;
  approver_id: string;
  decision: "approved" | "rejected";
  reason: string | null;
  created_at: TimestampDefault;
}

export interface ApprovalPoliciesTable {
  org_id: string;
  currency: string;
  threshold_one: Numeric;
  threshold_two: Numeric;
  updated_by: string | null;
  updated_at: TimestampDefault;
}

export interface FxRatesTable {
  id: Generated<string>;
  org_id: string;
  base_currency: string;
  quote_currency: string;
  rate: Numeric;
  valid_on: DateOnly;
  created_by: string | null;
  created_at: TimestampDefault;
}

export interface ReceiptsTable {
  id: Generated<string>;
  po_id: string;
  buyer_org_id: string;
  received_by: string;
  received_on: DateOnly;
  /** The supplier's delivery note number; empty only on receipts booked before it was asked. */
  delivery_note: string;
  note: Generated<string>;
  created_at: TimestampDefault;
}

export interface ReceiptLinesTable {
  id: Generated<string>;
  receipt_id: string;
  po_line_id: string;
  quantity: Numeric;
}

export interface InvoicesTable {
  id: Generated<string>;
  po_id: string;
  buyer_org_id: string;
  supplier_org_id: string;
  invoice_number: string;
  status: Generated<InvoiceStatus>;
  version: Generated<number>;
  workflow_version: Generated<number>;
  currency: string;
  subtotal: Numeric;
  tax_total: Numeric;
  total: Numeric;
  issued_on: DateOnly;
  due_on: DateOnly | null;
  differences: ColumnType<string[], string | undefined, string>;
  submitted_by: string;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
  /** When finance paid it (the date on the bank's statement) and the payment's reference; null until paid. */
  paid_on: DateOnly | null;
  payment_reference: string | null;
  paid_by: string | null;
  paid_at: Timestamp | null;
}

export interface InvoiceLinesTable {
  id: Generated<string>;
  invoice_id: string;
  po_line_id: string;
  quantity: Numeric;
  unit_price: Numeric;
  tax_rate: NumericWithDefault;
  line_total: Numeric;
}

/** One line of an earlier invoice submission, decimals as strings. */
export interface InvoiceRevisionLine {
  poLineId: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  lineTotal: string;
}

export interface InvoiceRevisionsTable {
  id: Generated<string>;
  invoice_id: string;
  revision: number;
  subtotal: Numeric;
  tax_total: Numeric;
  total: Numeric;
  lines: Json<InvoiceRevisionLine[]>;
  differences: ColumnType<string[], string | undefined, string>;
  submitted_by: string;
  submitted_at: Timestamp;
  superseded_at: TimestampDefault;
}

export interface AuditEventsTable {
  id: Generated<string>;
  org_id: string | null;
  actor_id: string | null;
  entity_type: string;
  entity_id: string | null;
  event: string;
  from_state: string | null;
  to_state: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: TimestampDefault;
}

/** What an outbox row carries besides text: rendered at send time. */
export type OutboxAttachment = { kind: "purchase_order_pdf"; poId: string };

export interface EmailOutboxTable {
  id: Generated<string>;
  org_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: ColumnType<OutboxAttachment[], string | undefined, string>;
  status: Generated<"pending" | "sending" | "sent" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: TimestampDefault;
  last_error: string | null;
  message_id: string | null;
  created_at: TimestampDefault;
  sent_at: Timestamp | null;
}

/** One person told of one event, in the app; the same event's mail is an outbox row. */
export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  org_id: string;
  /** One of `NOTIFICATION_KINDS` (app/models/shared/notification-kinds.ts). */
  kind: string;
  /** Where following it leads: a path inside the app. */
  path: string;
  text: string;
  created_at: TimestampDefault;
  read_at: Timestamp | null;
}

/** An event a person receives in the app only, not by mail. */
export interface NotificationMailOptOutsTable {
  user_id: string;
  kind: string;
}

/** Every sign-in attempt, for throttling per account and per address. */
export interface SignInAttemptsTable {
  id: Generated<string>;
  email: string;
  address: string;
  succeeded: boolean;
  created_at: TimestampDefault;
}

/** A one-time form token claimed by a write, with the first result it answered (app/models/shared/form-token.server.ts). */
export interface FormTokensTable {
  user_id: string;
  purpose: string;
  /** SHA-256 of the token, hex: the token itself is never stored. */
  token_hash: string;
  result: ColumnType<unknown, string | undefined, string>;
  created_at: TimestampDefault;
}

export type { RequisitionStatus };
export type RequisitionLineStatus = "open" | "ordered" | "sourcing" | "closed" | "cancelled";

export interface RequisitionNumberSequencesTable {
  org_id: string;
  year: number;
  last_value: number;
}

/** What an employee asks for; approved catalogue lines become POs, free-text lines go to sourcing. */
export interface RequisitionsTable {
  id: Generated<string>;
  /** REQ-YYYY-NNNNNN */
  number: string;
  org_id: string;
  /** Null when a reorder rule raised it. */
  requested_by: string | null;
  origin: ColumnType<"person" | "reorder", "person" | "reorder" | undefined, "person" | "reorder">;
  cost_centre: Generated<string>;
  reason: Generated<string>;
  status: Generated<RequisitionStatus>;
  total: NumericWithDefault;
  currency: string;
  required_approvals: Generated<number>;
  decision_reason: string | null;
  version: Generated<number>;
  workflow_version: Generated<number>;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface RequisitionLinesTable {
  id: Generated<string>;
  requisition_id: string;
  position: number;
  /** A catalogue line: the agreement item ordered at its price. Null for free text. */
  agreement_item_id: string | null;
  item_name: string;
  specification: Generated<string>;
  category: Generated<string>;
  unit: string;
  quantity: Numeric;
  unit_price: Numeric | null;
  currency: string | null;
  wanted_by: DateOnly;
  ship_to_address_id: string | null;
  delivery_address: string;
  status: Generated<RequisitionLineStatus>;
  /** Raised by a reorder rule rather than a person. */
  automatic: Generated<boolean>;
  reorder_rule_id: string | null;
  po_id: string | null;
  po_line_id: string | null;
  rfq_id: string | null;
  rfq_line_id: string | null;
  /** Why an approved catalogue line was not ordered by itself (a cap, an agreement no longer in force); null otherwise. */
  hold_reason: string | null;
}

/** The organisation's requisition approval rule: tiers like the PO policy's, decided by holders of one role. */
export interface RequisitionApprovalRulesTable {
  org_id: string;
  currency: string;
  threshold_one: Numeric;
  threshold_two: Numeric;
  approver_role: "buyer" | "finance" | "admin";
  updated_by: string | null;
  updated_at: TimestampDefault;
}

/** One person's decision on a requisition. */
export interface RequisitionApprovalsTable {
  id: Generated<string>;
  requisition_id: string;
  approver_id: string;
  decision: "approved" | "rejected";
  reason: string | null;
  created_at: TimestampDefault;
}

/**
 * Supplier performance with one buying organisation in one month, moved by
 * the events themselves (app/models/ordering/supplier-performance.server.ts).
 */
export interface SupplierPerformanceMonthsTable {
  buyer_org_id: string;
  supplier_org_id: string;
  /** The first day of the month. */
  month: DateOnly;
  /** Invitations of RFQs that closed this month, and of those the ones answered (quoted or declined). */
  invitations_closed: Generated<number>;
  invitations_answered: Generated<number>;
  /** Submitted quotes decided by an award this month, and of those the ones won in full or in part. */
  quotes_decided: Generated<number>;
  quotes_won: Generated<number>;
  /** POs due this month received in full, and of those the ones received in full on or before their due date. */
  pos_judged: Generated<number>;
  pos_on_time: Generated<number>;
  /** Item lines of POs received in full, and of those the ones received in exactly the quantity ordered. */
  lines_judged: Generated<number>;
  lines_exact: Generated<number>;
  /** Invoices first submitted this month, and of those the ones matched at the first attempt. */
  invoices_first: Generated<number>;
  invoices_matched_first: Generated<number>;
  /** Awarded lines with a comparable price, and the sum of awarded price ÷ lowest price quoted for each. */
  price_lines: Generated<number>;
  price_ratio_sum: NumericWithDefault;
}

/** A supplier organisation's company profile and the bank details in force (written only by a confirmed change). */
export interface CompanyProfilesTable {
  org_id: string;
  remittance_address: Generated<string>;
  contact_name: Generated<string>;
  contact_email: Generated<string>;
  contact_phone: Generated<string>;
  account_holder: string | null;
  iban: string | null;
  bic: string | null;
  bank_changed_at: Timestamp | null;
  version: Generated<number>;
  updated_at: TimestampDefault;
}

export type BankChangeStatus = "proposed" | "confirmed" | "withdrawn";

/** A change of a supplier's bank details: proposed by one person, confirmed by another (or a mailed link). */
export interface BankDetailChangesTable {
  id: Generated<string>;
  supplier_org_id: string;
  status: Generated<BankChangeStatus>;
  account_holder: string;
  iban: string;
  bic: string;
  previous_account_holder: string | null;
  previous_iban: string | null;
  previous_bic: string | null;
  proposed_by: string;
  proposed_at: Timestamp;
  confirmed_by: string | null;
  confirmed_at: Timestamp | null;
  link_hash: string | null;
  link_expires_at: Timestamp | null;
  link_used_at: Timestamp | null;
}

/** A buying organisation's acknowledgement of a supplier's confirmed bank change; payments are held while it is open. */
export interface BankChangeAcknowledgementsTable {
  id: Generated<string>;
  change_id: string;
  buyer_org_id: string;
  supplier_org_id: string;
  created_at: Timestamp;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp | null;
}

export type ReorderDecisionKind = "ordered" | "above_point" | "already_requested" | "no_agreement" | "paused";

/** Per item and ship-to site: when the projected stock falls below the point, how much to order. */
export interface ReorderRulesTable {
  id: Generated<string>;
  org_id: string;
  /** As the catalogue names the item (agreement item name); matched without case through `item_key`. */
  item_name: string;
  /** lower(trim(item_name)): what rules, stock counts and agreement items are matched on, with the unit. */
  item_key: string;
  unit: string;
  /** Ordered from while its agreement is in force; else any agreement in force offering the item. */
  preferred_agreement_item_id: string | null;
  ship_to_address_id: string;
  reorder_point: Numeric;
  /** Exactly one of order_up_to and fixed_quantity is set. */
  order_up_to: Numeric | null;
  fixed_quantity: Numeric | null;
  min_order_quantity: Numeric | null;
  lot_size: Numeric | null;
  paused: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** What was counted on hand of one item at one site, and when. */
export interface StockLevelsTable {
  id: Generated<string>;
  org_id: string;
  ship_to_address_id: string;
  item_name: string;
  item_key: string;
  unit: string;
  quantity: Numeric;
  counted_at: Timestamp;
  counted_by: string | null;
  updated_at: TimestampDefault;
}

/** One run of the reorder job for one organisation: scheduled (one per day, unique) or started by hand. */
export interface ReorderRunsTable {
  id: Generated<string>;
  org_id: string;
  scheduled_for: DateOnly | null;
  trigger: "schedule" | "manual";
  started_by: string | null;
  started_at: Timestamp;
  rules_count: Generated<number>;
  ordered_count: Generated<number>;
}

/** What one run decided for one rule, and why: written for every rule, ordered or not. */
export interface ReorderDecisionsTable {
  id: Generated<string>;
  run_id: string;
  rule_id: string;
  org_id: string;
  decision: ReorderDecisionKind;
  on_hand: Numeric;
  on_order: Numeric;
  projected: Numeric;
  reorder_point: Numeric;
  quantity: Numeric | null;
  requisition_line_id: string | null;
  detail: Generated<string>;
  created_at: Timestamp;
}

export interface Database {
  organisations: OrganisationsTable;
  ship_to_addresses: ShipToAddressesTable;
  organisation_logos: OrganisationLogosTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  supplier_relationships: SupplierRelationshipsTable;
  supplier_document_requirements: SupplierDocumentRequirementsTable;
  supplier_documents: SupplierDocumentsTable;
  rfqs: RfqsTable;
  rfq_award_summaries: RfqAwardSummariesTable;
  rfq_lines: RfqLinesTable;
  rfq_invitations: RfqInvitationsTable;
  registration_tokens: RegistrationTokensTable;
  supplier_invitations: SupplierInvitationsTable;
  rfq_questions: RfqQuestionsTable;
  attachments: AttachmentsTable;
  quotes: QuotesTable;
  quote_revisions: QuoteRevisionsTable;
  quote_lines: QuoteLinesTable;
  po_number_sequences: PoNumberSequencesTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  purchase_order_revisions: PurchaseOrderRevisionsTable;
  approvals: ApprovalsTable;
  approval_policies: ApprovalPoliciesTable;
  fx_rates: FxRatesTable;
  receipts: ReceiptsTable;
  receipt_lines: ReceiptLinesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_revisions: InvoiceRevisionsTable;
  audit_events: AuditEventsTable;
  email_outbox: EmailOutboxTable;
  sign_in_attempts: SignInAttemptsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_challenges: SignInChallengesTable;
  form_tokens: FormTokensTable;
  notifications: NotificationsTable;
  notification_mail_opt_outs: NotificationMailOptOutsTable;
  agreement_number_sequences: AgreementNumberSequencesTable;
  agreements: AgreementsTable;
  agreement_items: AgreementItemsTable;
  agreement_price_breaks: AgreementPriceBreaksTable;
  reorder_rules: ReorderRulesTable;
  stock_levels: StockLevelsTable;
  reorder_runs: ReorderRunsTable;
  reorder_decisions: ReorderDecisionsTable;
  requisition_number_sequences: RequisitionNumberSequencesTable;
  requisitions: RequisitionsTable;
  requisition_lines: RequisitionLinesTable;
  supplier_performance_months: SupplierPerformanceMonthsTable;
  company_profiles: CompanyProfilesTable;
  bank_detail_changes: BankDetailChangesTable;
  bank_change_acknowledgements: BankChangeAcknowledgementsTable;
  requisition_approval_rules: RequisitionApprovalRulesTable;
  requisition_approvals: RequisitionApprovalsTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type ShipToAddress = Selectable<ShipToAddressesTable>;
export type SupplierRelationship = Selectable<SupplierRelationshipsTable>;
export type SupplierDocument = Selectable<SupplierDocumentsTable>;
export type Rfq = Selectable<RfqsTable>;
export type RfqLine = Selectable<RfqLinesTable>;
export type RfqInvitation = Selectable<RfqInvitationsTable>;
export type Quote = Selectable<QuotesTable>;
export type QuoteRevision = Selectable<QuoteRevisionsTable>;
export type PurchaseOrder = Selectable<PurchaseOrdersTable>;
export type PurchaseOrderLine = Selectable<PurchaseOrderLinesTable>;
export type NewPurchaseOrder = Insertable<PurchaseOrdersTable>;
export type PurchaseOrderUpdate = Updateable<PurchaseOrdersTable>;
export type OutboxMail = Selectable<EmailOutboxTable>;
export type Agreement = Selectable<AgreementsTable>;
export type AgreementItem = Selectable<AgreementItemsTable>;
export type Requisition = Selectable<RequisitionsTable>;
export type RequisitionLine = Selectable<RequisitionLinesTable>;
export type ReorderRule = Selectable<ReorderRulesTable>;
export type StockLevel = Selectable<StockLevelsTable>;
export type ReorderRun = Selectable<ReorderRunsTable>;
export type ReorderDecision = Selectable<ReorderDecisionsTable>;
