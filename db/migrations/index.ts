import type { Migration } from "kysely";

import * as initial from "./2026-11-23T0001-initial";
import * as sourcing from "./2026-11-23T0200-sourcing";
import * as operations from "./2026-11-23T0300-operations";
import * as awardJustification from "./2026-11-23T0400-award-justification";
import * as changeOrders from "./2026-11-23T0600-change-orders";
import * as invoicingAndPoList from "./2026-11-23T0700-invoicing-and-po-list";
import * as supplierSignup from "./2026-11-23T0800-supplier-signup";
import * as lookupIndexes from "./2026-12-06T0100-lookup-indexes";
import * as receiptDeliveryNotes from "./2026-12-06T0200-receipt-delivery-notes";
import * as auditNoTruncate from "./2026-12-06T0300-audit-no-truncate";
import * as supplierConsent from "./2026-12-06T0400-supplier-consent";
import * as poChargeLines from "./2026-12-06T0500-po-charge-lines";
import * as refusedReadsIndex from "./2026-12-07T0100-refused-reads-index";
import * as formTokens from "./2026-12-07T0110-form-tokens";
import * as notifications from "./2026-12-07T0400-notifications";
import * as organisationSettings from "./2026-12-07T0300-organisation-settings";
import * as agreements from "./2026-12-07T0600-agreements";
import * as requisitions from "./2026-12-08T0000-requisitions";
import * as awardSummary from "./2026-12-08T0800-award-summary";
import * as reorder from "./2026-12-08T0600-reorder";
import * as requisitionApprovals from "./2026-12-08T0500-requisition-approvals";
import * as people from "./2026-12-07T0200-people";
import * as supplierPerformance from "./2026-12-08T0300-supplier-performance";
import * as twoFactor from "./2026-12-08T0100-two-factor";
import * as supplierCompany from "./2026-12-08T0400-supplier-company";
import * as supplierQualification from "./2026-12-08T0200-supplier-qualification";
import * as supplierInvitations from "./2026-12-09T0200-supplier-invitations";
import * as ownTimeZone from "./2026-12-10T0100-own-time-zone";
import * as searchTrigrams from "./2026-12-10T0500-search-trigrams";

/**
 * Every migration, listed by hand: a bundler (the Remix server build) or
 * vitest cannot discover .ts files by path. Names sort by date; never rename
 * or edit one that has shipped, add a new one instead.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-23T0001-initial": initial,
  "2026-11-23T0200-sourcing": sourcing,
  "2026-11-23T0300-operations": operations,
  "2026-11-23T0400-award-justification": awardJustification,
  "2026-11-23T0600-change-orders": changeOrders,
  "2026-11-23T0700-invoicing-and-po-list": invoicingAndPoList,
  "2026-11-23T0800-supplier-signup": supplierSignup,
  "2026-12-06T0100-lookup-indexes": lookupIndexes,
  "2026-12-06T0200-receipt-delivery-notes": receiptDeliveryNotes,
  "2026-12-06T0300-audit-no-truncate": auditNoTruncate,
  "2026-12-06T0400-supplier-consent": supplierConsent,
  "2026-12-06T0500-po-charge-lines": poChargeLines,
  "2026-12-07T0100-refused-reads-index": refusedReadsIndex,
  "2026-12-07T0110-form-tokens": formTokens,
  "2026-12-07T0400-notifications": notifications,
  "2026-12-07T0300-organisation-settings": organisationSettings,
  "2026-12-07T0600-agreements": agreements,
  "2026-12-08T0000-requisitions": requisitions,
  "2026-12-08T0800-award-summary": awardSummary,
  "2026-12-08T0600-reorder": reorder,
  "2026-12-08T0500-requisition-approvals": requisitionApprovals,
  "2026-12-07T0200-people": people,
  "2026-12-08T0300-supplier-performance": supplierPerformance,
  "2026-12-08T0100-two-factor": twoFactor,
  "2026-12-08T0400-supplier-company": supplierCompany,
  "2026-12-08T0200-supplier-qualification": supplierQualification,
  "2026-12-09T0200-supplier-invitations": supplierInvitations,
  "2026-12-10T0100-own-time-zone": ownTimeZone,
  "2026-12-10T0500-search-trigrams": searchTrigrams,
};
