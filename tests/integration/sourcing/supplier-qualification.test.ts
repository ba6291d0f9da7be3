/**
 * The buying organisation's judgement of its suppliers: only an approved
 * supplier (that consented) is invited, awarded, sent a PO or a call-off,
 * each refusal saying why; the supplier page is the organisation's own
 * (404 to another, 403 to a role that may not judge); a supplier's documents
 * are read by the one customer it sent them to; the expiry job mails and
 * suspends once, and approving a renewed document reinstates the supplier.
 * Real Postgres, the demo data, the same model functions the pages call.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { callOff } from "../../../app/models/agreements/call-off.server";
import { createDirectPo } from "../../../app/models/ordering/draft.server";
import type { PoFormInput } from "../../../app/models/ordering/purchase-order.schema";
import { award } from "../../../app/models/sourcing/award.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import {
  handleExpiredDocuments,
  sendDocumentExpiryReminders,
} from "../../../app/models/sourcing/supplier-document-schedule.server";
import {
  addRequirement,
  customerDocuments,
  decideSupplierDocument,
  readSupplierDocumentFile,
  uploadSupplierDocument,
} from "../../../app/models/sourcing/supplier-documents.server";
import { getSupplierPage, listSuppliers } from "../../../app/models/sourcing/supplier-list.server";
import { qualifySupplier } from "../../../app/models/sourcing/supplier-qualification.server";
import { FormError } from "../../../app/utils/errors";
import { TransitionRefusedError } from "../../../workflows/errors";
import {
  BUYER,
  INITECH_BUYER,
  FINANCE,
  NORTHWIND,
  quoteInput,
  responseOf,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { englishErrors } from "../../support/english";
import { createTestDb, type TestDb } from "../../support/test-db";
import { msgWith } from "~/i18n/config";

const DAY = 86_400_000;
const ADMIN = "admin@acme.test";
const KEYSTONE = "Keystone Fixings";
const KEYSTONE_SALES = "sales@keystone.test";
const OMEGA = "Omega Parts";
const HELIX_SALES = "sales@helix.test";
const BLOCKED_WHY = "Counterfeit parts found in two deliveries";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("supplier_qualification");
  demo = await seededDemo(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

const version = async (supplier: string) =>
  await t.db
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", demo.orgId("Acme Manufacturing"))
    .where("supplier_org_id", "=", demo.orgId(supplier))
    .select(["version", "qualification_status", "qualification_reason"])
    .executeTakeFirstOrThrow();
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormError);
  return (error as FormError).fieldErrors;
};
const mailsTo = async (address: string, like: string) =>
  (
    await t.db
      .selectFrom("email_outbox")
      .where("to_address", "=", address)
      .where("subject", "like", like)
      .select("id")
      .execute()
  ).length;
const poInput = (supplierOrgId: string): PoFormInput => ({
  supplierOrgId,
  currency: "EUR",
  deliveryAddress: "Acme Manufacturing, Gate 3",
  deliveryDate: "2027-01-15",
  paymentTerms: "Net 30",
  incoterm: "DAP",
  notes: "",
  lines: [{ itemName: "Washer M8", specification: "", quantity: "100", unit: "pcs", unitPrice: "0.05", taxRate: "0" }],
});
const rowCount = async (table: "rfqs" | "purchase_orders") =>
  (await t.db.selectFrom(table).select("id").execute()).length;

describe("the supplier list and page", () => {
  it("lists every supplier in every state, with why it cannot be chosen", async () => {
    const page = await listSuppliers(demo.as(BUYER), { limit: 200 });
    const byName = new Map(page.items.map((s) => [s.name, s]));
    expect(byName.get(NORTHWIND)?.qualification).toBe("approved");
    expect(byName.get("Vortex Supplies")?.unavailable).toBe("Pending qualification: not approved yet.");
    expect(byName.get(OMEGA)?.unavailable).toBe(`Blocked: ${BLOCKED_WHY}`);
    expect(byName.get("Helix Metals")?.unavailable).toMatch(
      /^Suspended: Insurance certificate expired on \d{4}-\d{2}-\d{2}$/,
    );
    const blocked = await listSuppliers(demo.as(BUYER), { qualification: "blocked" });
    expect(blocked.items.map((s) => s.name)).toEqual([OMEGA]);
    const poland = await listSuppliers(demo.as(BUYER), { country: "pl" });
    expect(poland.items.map((s) => s.name)).toEqual([OMEGA]);
  });

  it("pages by keyset without repeating or losing a supplier", async () => {
    const all = (await listSuppliers(demo.as(BUYER), { limit: 200 })).items.map((s) => s.id);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await listSuppliers(demo.as(BUYER), { limit: 2, after });
      seen.push(...page.items.map((s) => s.id));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(all);
  });

  it("shows a supplier that has not accepted by its address only, to search too", async () => {
    const initech = await listSuppliers(demo.as(INITECH_BUYER));
    const pending = initech.items.find((s) => s.consent === "invited");
    expect(pending?.name).toBe("sales@globex.test");
    expect(pending?.country).toBeNull();
    expect((await listSuppliers(demo.as(INITECH_BUYER), { q: "Globex Industrial" })).items).toEqual([]);
  });

  it("is a 404 for another organisation's supplier and a 403 for a role that may not judge", async () => {
    const keystone = demo.orgId(KEYSTONE);
    expect((await responseOf(getSupplierPage(demo.as(INITECH_BUYER), { supplierOrgId: keystone }))).status).toBe(404);
    expect((await responseOf(getSupplierPage(demo.as(KEYSTONE_SALES), { supplierOrgId: keystone }))).status).toBe(404);
    expect((await responseOf(getSupplierPage(demo.as(FINANCE), { supplierOrgId: keystone }))).status).toBe(403);
    const { version: v } = await version(OMEGA);
    // Only an admin lifts a block; the buyer is refused before anything moves.
    const buyerTry = qualifySupplier(demo.as(BUYER), {
      supplierOrgId: demo.orgId(OMEGA),
      intent: "unblock",
      version: v,
      reason: "x",
    });
    expect((await responseOf(buyerTry)).status).toBe(403);
    expect((await version(OMEGA)).qualification_status).toBe("blocked");
    const page = await getSupplierPage(demo.as(BUYER), { supplierOrgId: keystone });
    expect(page.supplier.name).toBe(KEYSTONE);
    expect(page.documents.requirements).toEqual([
      expect.objectContaining({ documentType: "ISO 9001 certificate", state: "valid" }),
    ]);
    expect(page.can).toMatchObject({ approve: false, suspend: true, block: true, unblock: false });
  });
});

describe("only approved suppliers are chosen", () => {
  it("refuses a blocked supplier on an RFQ invite with the reason, and writes nothing", async () => {
    const before = await rowCount("rfqs");
    const errors = await refusal(
      createRfq(
        demo.as(BUYER),
        rfqInput({ deadlineAt: new Date(Date.now() + 7 * DAY), supplierIds: [demo.orgId(OMEGA)] }),
      ),
    );
    expect(errors).toEqual({
      supplierIds: msgWith("{{supplier}} cannot be invited. {{why}}", {
        supplier: OMEGA,
        why: `Blocked: ${BLOCKED_WHY}`,
      }),
    });
    expect(await rowCount("rfqs")).toBe(before);
  });

  it("refuses a PO by hand to a pending or blocked supplier next to the supplier field", async () => {
    const before = await rowCount("purchase_orders");
    expect(await refusal(createDirectPo(demo.as(BUYER), poInput(demo.orgId(OMEGA))))).toEqual({
      supplierOrgId: `Blocked: ${BLOCKED_WHY}`,
    });
    expect(await refusal(createDirectPo(demo.as(BUYER), poInput(demo.orgId("Vortex Supplies"))))).toEqual({
      supplierOrgId: "Pending qualification: not approved yet.",
    });
    expect(await rowCount("purchase_orders")).toBe(before);
  });

  it("refuses to award a supplier suspended after it quoted, then awards once the suspension is lifted", async () => {
    const start = new Date();
    const keystone = demo.orgId(KEYSTONE);
    const { id: rfqId } = await createRfq(
      demo.as(BUYER, start),
      rfqInput({
        title: "Washers for qualification",
        deadlineAt: new Date(start.getTime() + 3_600_000),
        supplierIds: [keystone],
      }),
    );
    await submitQuote(demo.as(KEYSTONE_SALES, new Date(start.getTime() + 60_000)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.07"])),
    });
    const closedAt = new Date(start.getTime() + 2 * 3_600_000);
    await closeDueRfqs(t.db, closedAt);
    const suspended = await qualifySupplier(demo.as(BUYER, closedAt), {
      supplierOrgId: keystone,
      intent: "suspend",
      version: (await version(KEYSTONE)).version,
      reason: "Late deliveries under review",
    });
    expect(suspended.to).toBe("suspended");
    const rfqVersion = (await demo.rfq("Washers for qualification")).version;
    const choice = { mode: "whole" as const, supplierOrgId: keystone };
    expect(await refusal(award(demo.as(BUYER, closedAt), { rfqId, version: rfqVersion, choice }))).toEqual({
      award: `${KEYSTONE} cannot be chosen. Suspended: Late deliveries under review`,
    });
    expect((await demo.rfq("Washers for qualification")).status).toBe("closed");
    await qualifySupplier(demo.as(BUYER, closedAt), {
      supplierOrgId: keystone,
      intent: "lift",
      version: (await version(KEYSTONE)).version,
    });
    const done = await award(demo.as(BUYER, closedAt), { rfqId, version: rfqVersion, choice });
    expect(done.purchaseOrders).toHaveLength(1);
  });

  it("refuses a call-off from an agreement whose supplier is blocked, and allows it again once unblocked and approved", async () => {
    const northwind = demo.orgId(NORTHWIND);
    const agreement = await t.db
      .selectFrom("agreements")
      .where("title", "=", "Fasteners and cable ties, framework")
      .select("id")
      .executeTakeFirstOrThrow();
    const items = await t.db
      .selectFrom("agreement_items")
      .where("agreement_id", "=", agreement.id)
      .select("id")
      .orderBy("position")
      .execute();
    const input = (key: string) => ({
      agreementId: agreement.id,
      key,
      lines: items.map((item, i) => ({ itemId: item.id, quantity: i === 0 ? "10" : undefined })),
    });
    await qualifySupplier(demo.as(BUYER), {
      supplierOrgId: northwind,
      intent: "block",
      version: (await version(NORTHWIND)).version,
      reason: "Audit pending",
    });
    const before = await rowCount("purchase_orders");
    expect(
      englishErrors(await refusal(callOff(demo.as(BUYER), input("7d4c1a2e-0000-4000-8000-000000000001")))),
    ).toEqual({
      form: "Nothing can be ordered from this supplier now. Blocked: Audit pending",
    });
    expect(await rowCount("purchase_orders")).toBe(before);
    await qualifySupplier(demo.as(ADMIN), {
      supplierOrgId: northwind,
      intent: "unblock",
      version: (await version(NORTHWIND)).version,
      reason: "Audit passed",
    });
    expect((await version(NORTHWIND)).qualification_status).toBe("pending");
    await qualifySupplier(demo.as(BUYER), {
      supplierOrgId: northwind,
      intent: "approve",
      version: (await version(NORTHWIND)).version,
    });
    expect((await callOff(demo.as(BUYER), input("7d4c1a2e-0000-4000-8000-000000000002"))).poNumber).toBeTruthy();
    const history = await t.db
      .selectFrom("audit_events")
      .where("entity_type", "=", "supplier_qualification")
      .where(sql<string>`data->>'supplierOrgId'`, "=", northwind)
      .select(["event", "from_state", "to_state"])
      .orderBy("id")
      .execute();
    expect(history.map((h) => `${h.event} ${h.from_state}->${h.to_state}`)).toEqual([
      "BLOCK approved->blocked",
      "UNBLOCK blocked->pending",
      "APPROVE pending->approved",
    ]);
  });

  it("refuses a block without a reason, writing nothing", async () => {
    const { version: v } = await version(KEYSTONE);
    await expect(
      qualifySupplier(demo.as(BUYER), {
        supplierOrgId: demo.orgId(KEYSTONE),
        intent: "block",
        version: v,
        reason: " ",
      }),
    ).rejects.toBeInstanceOf(TransitionRefusedError);
    expect((await version(KEYSTONE)).version).toBe(v);
  });
});

describe("qualification documents", () => {
  it("lets a supplier read only its own documents for the customer it sent them to", async () => {
    const customers = await customerDocuments(demo.as(KEYSTONE_SALES));
    expect(customers.map((c) => c.buyerName)).toEqual(["Acme Manufacturing"]);
    const helixDoc = await t.db
      .selectFrom("supplier_documents")
      .where("supplier_org_id", "=", demo.orgId("Helix Metals"))
      .select("id")
      .executeTakeFirstOrThrow();
    const read = (email: string) =>
      responseOf(
        readSupplierDocumentFile(demo.as(email), {
          supplierOrgId: demo.orgId("Helix Metals"),
          documentId: helixDoc.id,
        }),
      );
    expect((await read(KEYSTONE_SALES)).status).toBe(404);
    expect((await read(HELIX_SALES)).status).toBe(404);
    expect((await read(INITECH_BUYER)).status).toBe(404);
    expect(
      (
        await readSupplierDocumentFile(demo.as(BUYER), {
          supplierOrgId: demo.orgId("Helix Metals"),
          documentId: helixDoc.id,
        })
      ).filename,
    ).toBe("insurance-certificate.pdf");
    expect(
      (
        await responseOf(
          uploadSupplierDocument(demo.as(KEYSTONE_SALES), {
            buyerOrgId: demo.orgId("Initech"),
            documentType: "ISO 9001 certificate",
            expiresOn: "2030-01-01",
            file: { name: "iso.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") },
          }),
        )
      ).status,
    ).toBe(404);
  });

  it("refuses a document the customer does not ask for, or one already expired, next to its field", async () => {
    const file = { name: "iso.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") };
    const base = { buyerOrgId: demo.orgId("Acme Manufacturing"), file };
    expect(
      await refusal(
        uploadSupplierDocument(demo.as(KEYSTONE_SALES), { ...base, documentType: "Passport", expiresOn: "2030-01-01" }),
      ),
    ).toEqual({
      documentType: "Choose one of the documents this customer asks for.",
    });
    expect(
      await refusal(
        uploadSupplierDocument(demo.as(KEYSTONE_SALES), {
          ...base,
          documentType: "ISO 9001 certificate",
          expiresOn: "2020-01-01",
        }),
      ),
    ).toEqual({
      expiresOn: "This document has already expired.",
    });
  });

  it("mails 7 days before expiry once, suspends once on expiry, and a renewed approved document reinstates", async () => {
    const keystone = demo.orgId(KEYSTONE);
    const now = Date.now();
    // The seeded certificate expires in 20 days; its 30-day mail already went.
    expect(await sendDocumentExpiryReminders(t.db, new Date(now))).toEqual([]);
    const weekBefore = new Date(now + 14 * DAY);
    expect(await sendDocumentExpiryReminders(t.db, weekBefore)).toHaveLength(1);
    expect(await sendDocumentExpiryReminders(t.db, weekBefore)).toEqual([]);
    expect(await mailsTo(KEYSTONE_SALES, "Your ISO 9001 certificate for Acme Manufacturing expires on%")).toBe(1);

    const after = new Date(now + 22 * DAY);
    const suspended = await handleExpiredDocuments(t.db, after);
    expect(suspended).toHaveLength(1);
    expect(await handleExpiredDocuments(t.db, after)).toEqual([]);
    const rel = await version(KEYSTONE);
    expect(rel.qualification_status).toBe("suspended");
    expect(rel.qualification_reason).toMatch(/^ISO 9001 certificate expired on \d{4}-\d{2}-\d{2}$/);
    expect(await mailsTo(BUYER, `${KEYSTONE} is suspended%`)).toBe(1);
    expect(
      await mailsTo(KEYSTONE_SALES, "Acme Manufacturing suspended your organisation: ISO 9001 certificate expired%"),
    ).toBe(1);
    expect(
      await refusal(
        createRfq(
          demo.as(BUYER, after),
          rfqInput({ deadlineAt: new Date(after.getTime() + 7 * DAY), supplierIds: [keystone] }),
        ),
      ),
    ).toEqual({
      supplierIds: msgWith("{{supplier}} cannot be invited. {{why}}", {
        supplier: KEYSTONE,
        why: `Suspended: ${rel.qualification_reason}`,
      }),
    });

    const uploaded = await uploadSupplierDocument(demo.as(KEYSTONE_SALES, after), {
      buyerOrgId: demo.orgId("Acme Manufacturing"),
      documentType: "iso 9001 certificate",
      expiresOn: new Date(now + 400 * DAY).toISOString().slice(0, 10),
      file: { name: "iso-2027.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") },
    });
    const decided = await decideSupplierDocument(demo.as(BUYER, after), {
      supplierOrgId: keystone,
      documentId: uploaded.id,
      decision: "approve",
    });
    expect(decided).toEqual({ status: "approved", reinstated: true });
    expect((await version(KEYSTONE)).qualification_status).toBe("approved");
  });

  it("does not suspend when the organisation turned the setting off, and tells the buyers", async () => {
    await t.db
      .updateTable("organisations")
      .set({ suspend_on_document_expiry: false })
      .where("id", "=", demo.orgId("Acme Manufacturing"))
      .execute();
    await addRequirement(demo.as(BUYER), { category: "Electrical", documentType: "CE declaration" });
    const vortex = demo.orgId("Vortex Supplies");
    await t.db
      .updateTable("supplier_relationships")
      .set({ qualification_status: "approved", categories: ["Electrical"] })
      .where("supplier_org_id", "=", vortex)
      .execute();
    const doc = await uploadSupplierDocument(demo.as("sales@vortex.test"), {
      buyerOrgId: demo.orgId("Acme Manufacturing"),
      documentType: "CE declaration",
      expiresOn: new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10),
      file: { name: "ce.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") },
    });
    await decideSupplierDocument(demo.as(BUYER), { supplierOrgId: vortex, documentId: doc.id, decision: "approve" });
    expect(await handleExpiredDocuments(t.db, new Date(Date.now() + 5 * DAY))).toEqual([]);
    expect(
      (
        await t.db
          .selectFrom("supplier_relationships")
          .where("supplier_org_id", "=", vortex)
          .select("qualification_status")
          .executeTakeFirstOrThrow()
      ).qualification_status,
    ).toBe("approved");
    expect(await mailsTo(BUYER, "Vortex Supplies's CE declaration expired on%")).toBe(1);
  });
});
