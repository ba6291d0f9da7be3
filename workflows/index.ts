/**
 * Public API of the workflow machines. Pure: importable from the browser
 * (to offer only the allowed actions) and from the server-side runner.
 */
export {
  allowedEvents,
  isWorkflowStatus,
  step,
  type StepResult,
  type Workflow,
  type WorkflowMachine,
  type WorkflowName,
} from "./workflow";
export { RFQ_STATUSES, rfqMachine, rfqWorkflow, type RfqContext, type RfqEvent, type RfqStatus } from "./rfq.machine";
export {
  QUOTE_STATUSES,
  quoteMachine,
  quoteWorkflow,
  type QuoteContext,
  type QuoteEvent,
  type QuoteStatus,
} from "./quote.machine";
export {
  PURCHASE_ORDER_STATUSES,
  purchaseOrderMachine,
  purchaseOrderWorkflow,
  type PurchaseOrderContext,
  type PurchaseOrderEvent,
  type PurchaseOrderStatus,
  type RequiredApprovals,
} from "./purchase-order.machine";
export {
  INVOICE_STATUSES,
  invoiceMachine,
  invoiceWorkflow,
  type InvoiceContext,
  type InvoiceEvent,
  type InvoiceStatus,
} from "./invoice.machine";
export {
  INVITATION_STATUSES,
  invitationMachine,
  invitationWorkflow,
  type InvitationContext,
  type InvitationEvent,
  type InvitationStatus,
} from "./invitation.machine";
export {
  SUPPLIER_RELATIONSHIP_STATUSES,
  supplierRelationshipMachine,
  supplierRelationshipWorkflow,
  type SupplierRelationshipContext,
  type SupplierRelationshipEvent,
  type SupplierRelationshipStatus,
} from "./supplier-relationship.machine";
export {
  AGREEMENT_STATUSES,
  agreementMachine,
  agreementWorkflow,
  type AgreementContext,
  type AgreementEvent,
  type AgreementStatus,
} from "./agreement.machine";
export {
  SUPPLIER_QUALIFICATION_STATUSES,
  supplierQualificationMachine,
  supplierQualificationWorkflow,
  type SupplierQualificationContext,
  type SupplierQualificationEvent,
  type SupplierQualificationStatus,
} from "./supplier-qualification.machine";
export {
  REQUISITION_STATUSES,
  requisitionMachine,
  requisitionWorkflow,
  statusFromLines,
  type LineTally,
  type RequisitionContext,
  type RequisitionEvent,
  type RequisitionStatus,
} from "./requisition.machine";
