/**
 * Every action fuzzed over HTTP with hostile input (fast-check): wrong
 * types, huge strings, unicode, control characters, negative and
 * overflowing numbers, SQL and HTML fragments, unknown and missing fields.
 * Each request is made by a user who may use the page, on their own
 * objects, so it reaches validation and the domain rules, not just the
 * permission check. Never a 5xx; a refusal is a 4xx with a message and
 * writes nothing (every table fingerprinted before and after).
 *
 * Posts go URL-encoded and as multipart (with odd file names, and with a
 * missing or broken boundary). Every loader is fuzzed the same way through
 * its query string (LOADERS): never a 5xx.
 *
 * A route with an action not listed in TARGETS, or with a loader not
 * listed in LOADERS, fails the test. The figures (tries, 5xx, tables
 * changed on a refusal) are printed at the end.
 * Needs real Postgres, to fingerprint the tables while the server runs.
 *
 * The routes are dealt round-robin into shards, one test file each
 * (security-fuzz-N.test.ts), each with its own server and database: one
 * file of every route was the longest file of the suite by far, and the
 * files of a run go side by side.
 */
import { execFileSync } from "node:child_process";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, signInOverHttp, tableChecksums, type AppServer } from "../../support/app-server";
import { postgresReachable } from "../../support/test-db";
import type { RfqStatus } from "../../../workflows/rfq.machine";

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
// A fixed seed keeps CI repeatable; FUZZ_SEED explores other inputs (a failure prints its seed).
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

interface Target {
  as: string | null;
  /** The URL, with the user's own objects filled in. */
  url: (own: Own) => string;
  /** Field names the action reads; the fuzzer fills them (and others) with hostile values. */
  fields: string[];
}

interface Own {
  acmeRfq: string;
  acmeClosedRfq: string;
  acmePo: string;
  northwindRfq: string;
  northwindPo: string;
  acmeAgreement: string;
  acmeDraftAgreement: string;
  acmeRequisition: string;
  acmeBuyer: string;
  northwindOrg: string;
  acmeReorderRule: string;
}

/**
 * The one-time token of the forms that create something (decision 019). Besides the hostile values every
 * field gets, it is sent with tokens of nearly our shape; whatever arrives, a post is written as one without
 * a token or answered with its first result, never a 5xx.
 */
const FORM_TOKEN = "formToken";
const WELL_FORMED_TOKEN = "ft_Fuzz0fuzz1FUZZ2fuzz3fuzz4fuzz5-_";
const tokenLike = fc.constantFrom(
  WELL_FORMED_TOKEN,
  `${WELL_FORMED_TOKEN}\u0000`,
  `\u0000${WELL_FORMED_TOKEN}`,
  WELL_FORMED_TOKEN.slice(0, -1),
  `${WELL_FORMED_TOKEN}x`,
  WELL_FORMED_TOKEN.replace("_F", "_\u202e"),
  "ft_",
  `ft_${"A".repeat(100_000)}`,
);

const LINE = ["lines[0].itemName", "lines[0].quantity", "lines[0].unit", "lines[0].unitPrice", "lines[0].rfqLineId"];

/** Every route with an action. Signing out is left out: any post to it signs out, by design. */
const TARGETS: Record<string, Target | "skip"> = {
  "routes/logout": "skip",
  "routes/login": { as: null, url: () => "/login", fields: ["email", "password", "redirectTo"] },
  // Without a pending step's cookie every post goes back to the password, writing nothing.
  "routes/login_.two-factor": { as: null, url: () => "/login/two-factor", fields: ["code"] },
  "routes/rfqs.new": {
    as: "buyer@acme.test",
    url: () => "/rfqs/new",
    fields: [
      FORM_TOKEN,
      "intent",
      "title",
      "currency",
      "deadline",
      "deadlineTimeZone",
      "shipToId",
      "deliveryAddress",
      "supplierIds",
      ...LINE,
    ],
  },
  "routes/rfqs.$id._index": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeRfq}?index`,
    fields: [FORM_TOKEN, "intent", "version", "reason", "deadline"],
  },
  "routes/rfqs.$id.edit": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeRfq}/edit`,
    fields: ["version", "title", "currency", "deadline", ...LINE],
  },
  "routes/rfqs.$id.compare": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeClosedRfq}/compare`,
    fields: [FORM_TOKEN, "award", "version", "justification", "lines[0].rfqLineId", "lines[0].supplierOrgId"],
  },
  "routes/rfqs.$id.quote": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/quote`,
    fields: [FORM_TOKEN, "intent", "leadTimeDays", "freight", "otherCharges", "validUntil", "notes", ...LINE],
  },
  "routes/rfqs.$id.questions": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/questions`,
    fields: [FORM_TOKEN, "intent", "question", "questionId", "answer"],
  },
  "routes/pos.new": {
    as: "buyer@acme.test",
    url: () => "/pos/new",
    fields: [FORM_TOKEN, "supplierOrgId", "currency", "shipToId", "deliveryAddress", "deliveryDate", ...LINE],
  },
  "routes/pos.$id._index": {
    as: "finance@acme.test",
    url: (o) => `/pos/${o.acmePo}?index`,
    fields: [
      FORM_TOKEN,
      "intent",
      "version",
      "reason",
      "cancelReason",
      "declineReason",
      "promisedDate",
      "deliveryNote",
      "confirmSecondDelivery",
      "receivedOn",
      "lines[0].poLineId",
      "lines[0].quantity",
    ],
  },
  "routes/pos.$id.edit": {
    as: "buyer@acme.test",
    url: (o) => `/pos/${o.acmePo}/edit`,
    fields: ["version", "supplierOrgId", "currency", "shipToId", "deliveryAddress", ...LINE],
  },
  "routes/pos.$id.change": {
    as: "buyer@acme.test",
    url: (o) => `/pos/${o.acmePo}/change`,
    fields: [
      FORM_TOKEN,
      "version",
      "reason",
      "deliveryDate",
      "notes",
      "lines[0].lineId",
      "lines[0].remove",
      "lines[0].taxRate",
      "lines[1].lineId",
      "lines[1].quantity",
      ...LINE,
    ],
  },
  "routes/pos.$id.invoice": {
    as: "sales@northwind.test",
    url: (o) => `/pos/${o.northwindPo}/invoice`,
    fields: [
      FORM_TOKEN,
      "invoiceNumber",
      "issuedOn",
      "dueOn",
      "lines[0].poLineId",
      "lines[0].quantity",
      "lines[0].taxRate",
    ],
  },
  "routes/invoices.$id": {
    as: "finance@acme.test",
    url: () => "/invoices/00000000-0000-4000-8000-000000000000",
    fields: [
      FORM_TOKEN,
      "version",
      "overrideReason",
      "intent",
      "paidOn",
      "reference",
      "lines[0].poLineId",
      "lines[0].quantity",
      "lines[0].unitPrice",
      "lines[0].taxRate",
    ],
  },
  "routes/notifications._index": { as: "buyer@acme.test", url: () => "/notifications", fields: ["intent"] },
  "routes/notifications.settings": {
    as: "buyer@acme.test",
    url: () => "/notifications/settings",
    fields: ["intent", "byMail"],
  },
  "routes/relationships": {
    as: "sales@globex.test",
    url: () => "/relationships",
    fields: ["intent", "id", "version", "reason", "buyerOrgId", "documentType", "expiresOn"],
  },
  "routes/suppliers.$id._index": {
    as: "buyer@acme.test",
    url: (o) => `/suppliers/${o.northwindOrg}`,
    fields: ["intent", "version", "reason", "documentId"],
  },
  "routes/settings.supplier-documents": {
    as: "buyer@acme.test",
    url: () => "/settings/supplier-documents",
    fields: ["intent", "category", "documentType", "id", "suspendOnExpiry"],
  },
  "routes/suppliers._index": {
    as: "buyer@acme.test",
    url: () => "/suppliers",
    fields: ["email", "contactName", "categories", "formToken"],
  },
  "routes/agreements.new": {
    as: "buyer@acme.test",
    url: () => "/agreements/new",
    fields: [
      FORM_TOKEN,
      "key",
      "supplierOrgId",
      "title",
      "currency",
      "validFrom",
      "validTo",
      "valueCap",
      "leadTimeDays",
      "items[0].itemName",
      "items[0].unit",
      "items[0].unitPrice",
      "items[0].quantityCap",
      "items[0].priceBreaks",
    ],
  },
  "routes/agreements.$id": {
    as: "buyer@acme.test",
    url: (o) => `/agreements/${o.acmeAgreement}`,
    fields: [FORM_TOKEN, "intent", "version", "reason", "key", "deliveryDate", "lines[0].itemId", "lines[0].quantity"],
  },
  "routes/agreements.$id_.edit": {
    as: "buyer@acme.test",
    url: (o) => `/agreements/${o.acmeDraftAgreement}/edit`,
    fields: [
      FORM_TOKEN,
      "version",
      "title",
      "validFrom",
      "validTo",
      "valueCap",
      "paymentTerms",
      "incoterm",
      "leadTimeDays",
      "items[0].id",
      "items[0].itemName",
      "items[0].unit",
      "items[0].unitPrice",
      "items[0].quantityCap",
      "items[0].priceBreaks",
    ],
  },
  "routes/reorder._index": { as: "buyer@acme.test", url: () => "/reorder?index", fields: [FORM_TOKEN, "intent"] },
  "routes/reorder.new": {
    as: "buyer@acme.test",
    url: () => "/reorder/new",
    fields: [
      FORM_TOKEN,
      "itemId",
      "preferItem",
      "siteId",
      "reorderPoint",
      "policy",
      "orderUpTo",
      "fixedQuantity",
      "minOrderQuantity",
      "lotSize",
    ],
  },
  "routes/reorder.$id": {
    as: "buyer@acme.test",
    url: (o) => `/reorder/${o.acmeReorderRule}`,
    fields: [
      "intent",
      "id",
      "version",
      "reorderPoint",
      "policy",
      "orderUpTo",
      "fixedQuantity",
      "minOrderQuantity",
      "lotSize",
    ],
  },
  "routes/reorder.stock": {
    as: "admin@acme.test",
    url: () => "/reorder/stock",
    fields: ["intent", "siteId", "itemName", "unit", "quantity", "stockCsv"],
  },
  "routes/settings.approvals": {
    as: "finance@acme.test",
    url: () => "/settings/approvals",
    fields: [
      "thresholdOne",
      "thresholdTwo",
      "intent",
      "requisitionThresholdOne",
      "requisitionThresholdTwo",
      "approverRole",
    ],
  },
  "routes/company": {
    as: "sales@northwind.test",
    url: () => "/company",
    fields: [
      FORM_TOKEN,
      "intent",
      "name",
      "legalName",
      "taxId",
      "address",
      "contactEmail",
      "contactPhone",
      "accountHolder",
      "iban",
      "bic",
      "changeId",
    ],
  },
  "routes/company_.bank-confirm.$token": {
    as: null,
    url: () => "/company/bank-confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["intent"],
  },
  "routes/bank-changes": {
    as: "finance@acme.test",
    url: () => "/bank-changes",
    fields: ["intent", "id"],
  },
  "routes/requisitions.new": {
    as: "requester@acme.test",
    url: () => "/requisitions/new",
    fields: [
      FORM_TOKEN,
      "costCentre",
      "reason",
      "lines[0].agreementItemId",
      "lines[0].itemName",
      "lines[0].category",
      "lines[0].unit",
      "lines[0].unitPrice",
      "lines[0].quantity",
      "lines[0].wantedBy",
      "lines[0].shipToId",
    ],
  },
  "routes/requisitions.$id": {
    as: "finance@acme.test",
    url: (o) => `/requisitions/${o.acmeRequisition}`,
    fields: ["intent", "version", "reason"],
  },
  "routes/sourcing": { as: "buyer@acme.test", url: () => "/sourcing", fields: [FORM_TOKEN, "lineIds"] },
  "routes/settings.organisation": {
    as: "admin@acme.test",
    url: () => "/settings/organisation",
    fields: [
      "intent",
      "legalName",
      "taxId",
      "billToAddress",
      "baseCurrency",
      "defaultTimeZone",
      "poNumberPrefix",
      "receiptTolerancePercent",
      "invoiceTolerancePercent",
    ],
  },
  "routes/settings.addresses": {
    as: "admin@acme.test",
    url: () => "/settings/addresses",
    fields: ["intent", "id", "version", "label", "address", "makeDefault"],
  },
  "routes/admin.outbox": { as: "admin@acme.test", url: () => "/admin/outbox", fields: ["intent", "id"] },
  "routes/signup": {
    as: null,
    url: () => "/signup",
    fields: ["organisationName", "legalName", "country", "name", "email", "password", "timeZone"],
  },
  "routes/signup_.resend": { as: null, url: () => "/signup/resend", fields: ["email"] },
  "routes/signup_.confirm.$token": {
    as: null,
    url: () => "/signup/confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: [],
  },
  "routes/forgot-password": { as: null, url: () => "/forgot-password", fields: ["email"] },
  "routes/reset-password.$token": {
    as: null,
    url: () => "/reset-password/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["password"],
  },
  "routes/profile": {
    as: "controller@acme.test",
    url: () => "/profile",
    fields: ["intent", "name", "timeZone", "currentPassword", "newPassword"],
  },
  "routes/profile_.two-factor": {
    as: "controller@acme.test",
    url: () => "/profile/two-factor",
    fields: ["intent", "code", "password"],
  },
  "routes/invitation.$token": {
    as: null,
    url: () => "/invitation/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["name", "password"],
  },
  "routes/admin.users._index": {
    as: "admin@acme.test",
    url: () => "/admin/users",
    fields: ["intent", "email", "roles"],
  },
  "routes/admin.users.$id": {
    as: "admin@acme.test",
    url: (o) => `/admin/users/${o.acmeBuyer}`,
    fields: ["intent", "roles", "password", "code"],
  },
  "routes/register.$token": {
    as: null,
    url: () => "/register/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["organisationName", "address", "taxId", "name", "password"],
  },
};

interface LoaderTarget {
  as: string | null;
  /** The address without its query string, with the user's own objects filled in. */
  url: (own: Own) => string;
  /** Query parameters the loader reads; the fuzzer fills them (and others) with hostile values. */
  params: string[];
}

const LIST = ["q", "status", "sort", "after", "supplier"];
const INVOICE_LIST = [...LIST, "dir", "dueFrom", "dueTo", "disputed"];

/** Every route with a loader. Signing out is left out as above; the rest are read with hostile query strings. */
const LOADERS: Record<string, LoaderTarget | "skip"> = {
  "routes/logout": "skip",
  root: { as: "buyer@acme.test", url: () => "/dashboard", params: ["redirectTo"] },
  "routes/_index": { as: null, url: () => "/", params: [] },
  "routes/$": { as: "buyer@acme.test", url: () => "/no-such-page", params: [] },
  "routes/login": { as: null, url: () => "/login", params: ["redirectTo"] },
  "routes/login_.two-factor": { as: null, url: () => "/login/two-factor", params: [] },
  "routes/healthz": { as: null, url: () => "/healthz", params: [] },
  "routes/dashboard": { as: "buyer@acme.test", url: () => "/dashboard", params: [] },
  "routes/rfqs._index": { as: "buyer@acme.test", url: () => "/rfqs", params: [...LIST, "dir"] },
  "routes/rfqs[.csv]": { as: "buyer@acme.test", url: () => "/rfqs.csv", params: [...LIST, "dir"] },
  "routes/search": { as: "buyer@acme.test", url: () => "/search", params: ["q"] },
  "routes/rfqs.new": { as: "buyer@acme.test", url: () => "/rfqs/new", params: [] },
  "routes/rfqs.lines-template[.csv]": { as: "buyer@acme.test", url: () => "/rfqs/lines-template.csv", params: [] },
  "routes/rfqs.$id._index": { as: "buyer@acme.test", url: (o) => `/rfqs/${o.acmeRfq}`, params: ["submitted"] },
  "routes/rfqs.$id.edit": { as: "buyer@acme.test", url: (o) => `/rfqs/${o.acmeRfq}/edit`, params: [] },
  "routes/rfqs.$id.compare": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeClosedRfq}/compare`,
    params: ["price", "lead", "performance", "page", "pageSize"],
  },
  "routes/rfqs.$id.compare[.csv]": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeClosedRfq}/compare.csv`,
    params: ["price", "lead", "performance"],
  },
  "routes/rfqs.$id.questions": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/questions`,
    params: [],
  },
  "routes/rfqs.$id.quote": { as: "sales@northwind.test", url: (o) => `/rfqs/${o.northwindRfq}/quote`, params: [] },
  "routes/rfqs.$id.quote_.history": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/quote/history`,
    params: ["from", "to"],
  },
  "routes/rfqs.$id.attachments.$attachmentId": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeRfq}/attachments/00000000-0000-4000-8000-000000000000`,
    params: [],
  },
  "routes/rfqs.$id.quote_.attachments.$attachmentId": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/quote/attachments/00000000-0000-4000-8000-000000000000`,
    params: [],
  },
  "routes/pos._index": { as: "buyer@acme.test", url: () => "/pos", params: [...LIST, "from", "to", "dir"] },
  "routes/pos[.csv]": { as: "buyer@acme.test", url: () => "/pos.csv", params: [...LIST, "from", "to", "dir"] },
  "routes/pos.new": { as: "buyer@acme.test", url: () => "/pos/new", params: [] },
  "routes/pos.$id._index": { as: "buyer@acme.test", url: (o) => `/pos/${o.acmePo}`, params: [] },
  "routes/pos.$id.edit": { as: "buyer@acme.test", url: (o) => `/pos/${o.acmePo}/edit`, params: [] },
  "routes/pos.$id.change": { as: "buyer@acme.test", url: (o) => `/pos/${o.acmePo}/change`, params: [] },
  "routes/pos.$id.pdf": { as: "buyer@acme.test", url: (o) => `/pos/${o.acmePo}/pdf`, params: [] },
  "routes/pos.$id.ubl": { as: "buyer@acme.test", url: (o) => `/pos/${o.acmePo}/ubl`, params: [] },
  "routes/pos.$id.revisions.$revision": {
    as: "buyer@acme.test",
    url: (o) => `/pos/${o.acmePo}/revisions/1`,
    params: [],
  },
  "routes/pos.$id.invoice": { as: "sales@northwind.test", url: (o) => `/pos/${o.northwindPo}/invoice`, params: [] },
  "routes/approvals": { as: "finance@acme.test", url: () => "/approvals", params: [] },
  "routes/invoices._index": { as: "finance@acme.test", url: () => "/invoices", params: INVOICE_LIST },
  "routes/invoices[.csv]": { as: "finance@acme.test", url: () => "/invoices.csv", params: INVOICE_LIST },
  "routes/invoices.$id": {
    as: "finance@acme.test",
    url: () => "/invoices/00000000-0000-4000-8000-000000000000",
    params: [],
  },
  "routes/relationships": { as: "sales@globex.test", url: () => "/relationships", params: [] },
  "routes/settings.approvals": { as: "finance@acme.test", url: () => "/settings/approvals", params: [] },
  "routes/admin.outbox": { as: "admin@acme.test", url: () => "/admin/outbox", params: [] },
  "routes/admin.refused-reads": { as: "admin@acme.test", url: () => "/admin/refused-reads", params: ["after"] },
  "routes/admin.users._index": { as: "admin@acme.test", url: () => "/admin/users", params: [] },
  "routes/admin.users.$id": { as: "admin@acme.test", url: (o) => `/admin/users/${o.acmeBuyer}`, params: [] },
  "routes/profile": { as: "controller@acme.test", url: () => "/profile", params: [] },
  "routes/profile_.two-factor": { as: "controller@acme.test", url: () => "/profile/two-factor", params: [] },
  "routes/signup": { as: null, url: () => "/signup", params: [] },
  "routes/signup_.confirm.$token": {
    as: null,
    url: () => "/signup/confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    params: [],
  },
  "routes/reset-password.$token": {
    as: null,
    url: () => "/reset-password/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    params: [],
  },
  "routes/invitation.$token": {
    as: null,
    url: () => "/invitation/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    params: [],
  },
  "routes/agreements._index": { as: "buyer@acme.test", url: () => "/agreements", params: ["awarded", ...LIST, "dir"] },
  "routes/agreements[.csv]": { as: "buyer@acme.test", url: () => "/agreements.csv", params: [...LIST, "dir"] },
  "routes/suppliers._index": {
    as: "buyer@acme.test",
    url: () => "/suppliers",
    params: ["q", "category", "status", "consent", "country", "after"],
  },
  "routes/suppliers.$id._index": { as: "buyer@acme.test", url: (o) => `/suppliers/${o.northwindOrg}`, params: [] },
  "routes/suppliers.$id.documents.$documentId": {
    as: "buyer@acme.test",
    url: (o) => `/suppliers/${o.northwindOrg}/documents/00000000-0000-4000-8000-000000000000`,
    params: [],
  },
  "routes/settings.supplier-documents": {
    as: "buyer@acme.test",
    url: () => "/settings/supplier-documents",
    params: [],
  },
  "routes/agreements.new": { as: "buyer@acme.test", url: () => "/agreements/new", params: [] },
  "routes/agreements.$id": { as: "buyer@acme.test", url: (o) => `/agreements/${o.acmeAgreement}`, params: [] },
  "routes/agreements.$id_.edit": {
    as: "buyer@acme.test",
    url: (o) => `/agreements/${o.acmeDraftAgreement}/edit`,
    params: [],
  },
  "routes/catalogue": { as: "buyer@acme.test", url: () => "/catalogue", params: ["q", "category", "supplier"] },
  "routes/suppliers.$id.scorecard": {
    as: "buyer@acme.test",
    url: (o) => `/suppliers/${o.northwindOrg}/scorecard`,
    params: [],
  },
  "routes/reorder._index": { as: "buyer@acme.test", url: () => "/reorder", params: [] },
  "routes/reorder.new": { as: "buyer@acme.test", url: () => "/reorder/new", params: [] },
  "routes/reorder.stock": { as: "admin@acme.test", url: () => "/reorder/stock", params: [] },
  "routes/reorder.$id": { as: "buyer@acme.test", url: (o) => `/reorder/${o.acmeReorderRule}`, params: [] },
  "routes/requisitions._index": { as: "requester@acme.test", url: () => "/requisitions", params: [] },
  "routes/requisitions.new": { as: "requester@acme.test", url: () => "/requisitions/new", params: ["item"] },
  "routes/requisitions.$id": {
    as: "requester@acme.test",
    url: (o) => `/requisitions/${o.acmeRequisition}`,
    params: [],
  },
  "routes/sourcing": { as: "buyer@acme.test", url: () => "/sourcing", params: [] },
  "routes/admin.audit": {
    as: "admin@acme.test",
    url: () => "/admin/audit",
    params: ["actor", "entity", "event", "from", "to", "after"],
  },
  "routes/admin.audit[.csv]": {
    as: "admin@acme.test",
    url: () => "/admin/audit.csv",
    params: ["actor", "entity", "event", "from", "to"],
  },
  "routes/settings.organisation": { as: "admin@acme.test", url: () => "/settings/organisation", params: [] },
  "routes/settings.addresses": { as: "admin@acme.test", url: () => "/settings/addresses", params: [] },
  "routes/notifications._index": { as: "buyer@acme.test", url: () => "/notifications", params: ["after"] },
  "routes/notifications.settings": { as: "buyer@acme.test", url: () => "/notifications/settings", params: [] },
  // Someone else's (here: no) notification: a 404, whatever the query string.
  "routes/notifications.$id": {
    as: "buyer@acme.test",
    url: () => "/notifications/00000000-0000-4000-8000-000000000000",
    params: [],
  },
  "routes/register.$token": {
    as: null,
    url: () => "/register/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    params: [],
  },
  "routes/company": { as: "sales@northwind.test", url: () => "/company", params: [] },
  "routes/company_.bank-confirm.$token": {
    as: null,
    url: () => "/company/bank-confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    params: [],
  },
  "routes/bank-changes": { as: "finance@acme.test", url: () => "/bank-changes", params: [] },
};

/** What the run saw, printed at the end: the figures a report quotes. */

const hostileValue = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1' --",
    "'; drop table rfqs; --",
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "${7*7}{{7*7}}",
    "\u0000",
    "\u202e\u0301\u200b",
    "-1",
    "-0.0001",
    "99999999999999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "1,50",
    "2026-02-30",
    "0000-01-01",
    "0000-01-01T10:00",
    "9999-99-99T99:99",
    "2147483648",
    "1e999999",
    "€✓ÿĀ",
    "/€",
    "00000000-0000-0000-0000-000000000000",
    "publish",
    "",
    " ",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 6_000, maxLength: 9_000 }),
  fc.integer().map(String),
  fc.double().map(String),
);

// These tests exercise real Postgres (connections, locks, the job queue); CI
// always has one. Without it they are reported as not run, never faked on PGlite.
const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] security-fuzz: no Postgres reachable, so these tests are not run here");

function routesWith(kind: "action" | "loader"): string[] {
  const script = `import("./build/index.js").then((b) => process.stdout.write(JSON.stringify(Object.values(b.routes).filter((r) => typeof r.module.${kind} === "function").map((r) => r.id))))`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

/** File names a browser may send, and ones that break a naive multipart parser. */
const oddFileName = fc.constantFrom(
  "a;b.pdf",
  "a=b.pdf",
  'x"; name="intent.pdf',
  "façade€.pdf",
  "..\\..\\boot.ini",
  "",
);

/** How a post's body is sent: as a form, as multipart with a file, or as a multipart body a parser cannot read. */
const bodyShape = fc.constantFrom("urlencoded", "urlencoded", "multipart", "no-boundary", "broken-boundary");

function multipart(fields: [string, string][], fileName: string, boundary: string): string {
  const parts = fields.map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/"/g, "%22")}"\r\n\r\n${v}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n`,
  );
  return `${parts.join("")}--${boundary}--\r\n`;
}

function encodeBody(shape: string, fields: [string, string][], fileName: string): { type: string; body: string } {
  if (shape === "urlencoded") {
    return { type: "application/x-www-form-urlencoded", body: new URLSearchParams(fields).toString() };
  }
  if (shape === "no-boundary") return { type: "multipart/form-data", body: multipart(fields, fileName, "fuzz") };
  if (shape === "broken-boundary")
    return { type: "multipart/form-data; boundary=fuzz", body: multipart(fields, fileName, "zzuf").slice(0, -4) };
  return { type: "multipart/form-data; boundary=fuzzboundary", body: multipart(fields, fileName, "fuzzboundary") };
}

/** The routes of shard `shard` (from 1) of `shards`, fuzzed on a server of their own. */
export function fuzzShard(shard: number, shards: number): void {
  const mine = <T>(entries: [string, T][]) => entries.filter((_, i) => i % shards === shard - 1);
  const targets = mine(Object.entries(TARGETS));
  const loaders = mine(Object.entries(LOADERS));
  const tally = { posts: 0, multipart: 0, queries: 0, serverErrors: 0, refusals: 0, tablesChangedOnRefusal: 0 };
  let app: AppServer;
  let own: Own;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    if (!onPostgres) return;
    app = await createAppServer(`fuzz${shard}`);
    await app.start();
    own = await app.withDb(async (db) => {
      const org = async (name: string) =>
        (await db.selectFrom("organisations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
      const acme = await org("Acme Manufacturing");
      const northwind = await org("Northwind Components");
      const rfq = (status: RfqStatus) =>
        db.selectFrom("rfqs").select("id").where("org_id", "=", acme).where("status", "=", status).executeTakeFirst();
      const invited = await db
        .selectFrom("rfqs")
        .innerJoin("rfq_invitations", "rfq_invitations.rfq_id", "rfqs.id")
        .select("rfqs.id")
        .where("rfq_invitations.supplier_org_id", "=", northwind)
        .where("rfqs.status", "=", "open")
        .executeTakeFirstOrThrow();
      const po = (supplier?: string) => {
        let q = db.selectFrom("purchase_orders").select("id").where("buyer_org_id", "=", acme);
        if (supplier) q = q.where("supplier_org_id", "=", supplier);
        return q.executeTakeFirstOrThrow();
      };
      return {
        acmeRfq: ((await rfq("draft")) ?? (await rfq("open")))?.id ?? "",
        acmeClosedRfq: ((await rfq("closed")) ?? (await rfq("awarded")) ?? (await rfq("open")))?.id ?? "",
        acmePo: (await po()).id,
        northwindRfq: invited.id,
        northwindPo: (await po(northwind)).id,
        acmeAgreement: (
          await db
            .selectFrom("agreements")
            .select("id")
            .where("buyer_org_id", "=", acme)
            .where("status", "=", "active")
            .executeTakeFirstOrThrow()
        ).id,
        acmeDraftAgreement: (
          await db
            .selectFrom("agreements")
            .select("id")
            .where("buyer_org_id", "=", acme)
            .where("status", "=", "draft")
            .executeTakeFirstOrThrow()
        ).id,
        // The requester's chairs, waiting for finance.
        acmeRequisition: (
          await db
            .selectFrom("requisitions")
            .select("id")
            .where("org_id", "=", acme)
            .where("status", "=", "submitted")
            .executeTakeFirstOrThrow()
        ).id,
        acmeBuyer: (
          await db.selectFrom("users").select("id").where("email", "=", "buyer@acme.test").executeTakeFirstOrThrow()
        ).id,
        northwindOrg: northwind,
        acmeReorderRule: (
          await db.selectFrom("reorder_rules").select("id").where("org_id", "=", acme).executeTakeFirstOrThrow()
        ).id,
      };
    });
    for (const [, target] of [...targets, ...loaders]) {
      if (target !== "skip" && target.as && !cookies.has(target.as))
        cookies.set(target.as, await signInOverHttp(app.base, target.as));
    }
  }, 120_000);

  afterAll(async () => {
    if (onPostgres) console.info(`[fuzz ${shard}/${shards}] ${JSON.stringify(tally)}`);
    await app?.destroy();
  });

  describe.runIf(onPostgres)("hostile input to every action", () => {
    if (shard === 1)
      it("knows every action and every loader in the route manifest", () => {
        expect(routesWith("action").filter((id) => !TARGETS[id])).toEqual([]);
        expect(routesWith("loader").filter((id) => !LOADERS[id])).toEqual([]);
      });

    for (const [id, target] of targets) {
      if (target === "skip") continue;
      it(`${id}: never a 5xx; a refusal is a clear 4xx that writes nothing`, async () => {
        const value = fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 }));
        // The action's own fields, each present or not, plus a few unknown ones.
        const form = fc
          .tuple(
            fc.record(
              Object.fromEntries(
                target.fields.map((f) => [
                  f,
                  f === FORM_TOKEN
                    ? fc.oneof(tokenLike, value, fc.array(tokenLike, { minLength: 2, maxLength: 3 }))
                    : value,
                ]),
              ),
              { requiredKeys: [] },
            ),
            fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 2 }),
          )
          .map(([known, unknown]) => ({ ...unknown, ...known }));
        await fc.assert(
          fc.asyncProperty(form, bodyShape, oddFileName, async (fields, shape, fileName) => {
            const pairs: [string, string][] = [];
            for (const [k, v] of Object.entries(fields)) {
              for (const item of [v].flat()) if (item !== undefined) pairs.push([k, item]);
            }
            const { type, body } = encodeBody(shape, pairs, fileName);
            tally.posts++;
            if (shape !== "urlencoded") tally.multipart++;
            const before = await app.withDb(tableChecksums);
            const response = await fetch(`${app.base}${target.url(own)}`, {
              method: "POST",
              redirect: "manual",
              headers: {
                "Content-Type": type,
                ...(target.as ? { Cookie: cookies.get(target.as) as string } : {}),
              },
              body,
            });
            const text = await response.text();
            const serverErrors = () =>
              app
                .output()
                .split("\n")
                .filter((l) => l.includes('"level":50'))
                .slice(-3)
                .join("\n");
            if (response.status >= 500) tally.serverErrors++;
            expect(response.status, serverErrors()).toBeLessThan(500);
            if (response.status >= 400) {
              tally.refusals++;
              // A message a person can read, not an empty or generic error page.
              expect(text.trim().length).toBeGreaterThan(0);
              expect(text).not.toContain("Unexpected Server Error");
              const after = await app.withDb(tableChecksums);
              if (JSON.stringify(after) !== JSON.stringify(before)) tally.tablesChangedOnRefusal++;
              expect(after).toEqual(before);
            }
          }),
          // Report the first hostile input that broke it; shrinking would refingerprint the database at every step.
          { numRuns: RUNS, endOnFailure: true, seed: SEED },
        );
      }, 120_000);
    }
    for (const [id, target] of loaders) {
      if (target === "skip") continue;
      it(`${id}: a hostile query string is never a 5xx`, async () => {
        const value = fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 }));
        const query = fc
          .tuple(
            fc.record(Object.fromEntries(target.params.map((f) => [f, value])), { requiredKeys: [] }),
            fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 2 }),
          )
          .map(([known, unknown]) => ({ ...unknown, ...known }));
        await fc.assert(
          fc.asyncProperty(query, async (params) => {
            const search = new URLSearchParams();
            for (const [k, v] of Object.entries(params)) {
              for (const item of [v].flat()) if (item !== undefined) search.append(k, item.slice(0, 2_000));
            }
            tally.queries++;
            const response = await fetch(`${app.base}${target.url(own)}?${search.toString()}`, {
              redirect: "manual",
              headers: target.as ? { Cookie: cookies.get(target.as) as string } : {},
            });
            const text = await response.text();
            if (response.status >= 500) tally.serverErrors++;
            expect(
              response.status,
              app
                .output()
                .split("\n")
                .filter((l) => l.includes('"level":50'))
                .slice(-2)
                .join("\n"),
            ).toBeLessThan(500);
            if (response.status >= 400) expect(text).not.toContain("Unexpected Server Error");
          }),
          { numRuns: RUNS, endOnFailure: true, seed: SEED },
        );
      }, 120_000);
    }
  });
}
