/**
 * Demo data: two buying organisations, two suppliers, every role, and RFQs
 * and purchase orders in several states. Built through the same domain
 * functions the pages call, so every row is one the product could make.
 * Idempotent: does nothing when the demo buyer already exists.
 */
import { createHash } from "node:crypto";

import { defineAbilityFor, type Actor } from "../app/auth/ability";
import { checkNewPassword, hashPassword } from "../app/auth/password.server";
import { award } from "../app/models/sourcing/award.server";
import { approvePo, submitPo } from "../app/models/ordering/approval.server";
import { acknowledgePo } from "../app/models/ordering/supplier-answers.server";
import { submitInvoice } from "../app/models/fulfilment/invoice-submission.server";
import { recordReceipt } from "../app/models/fulfilment/receipt.server";
import type { RfqFormInput } from "../app/models/sourcing/rfq.schema";
import { closeDueRfqs } from "../app/models/sourcing/rfq-schedule.server";
import { createRfq } from "../app/models/sourcing/rfq-draft.server";
import { submitQuote } from "../app/models/sourcing/quote-submission.server";
import { readSealedQuotes } from "../app/models/sourcing/sealed.server";
import { instantToZonedLocal, zonedLocalToInstant } from "../app/utils/time";
import { createAgreement } from "../app/models/agreements/agreement-draft.server";
import { acknowledgeAgreement, sendAgreement } from "../app/models/agreements/agreement-lifecycle.server";
import { callOff } from "../app/models/agreements/call-off.server";

import { saveOrganisationSettings } from "../app/models/shared/organisation-settings.server";
import { uploadLogo } from "../app/models/shared/organisation-logo.server";
import { changeShipTo } from "../app/models/shared/ship-to.server";
import { createRule, setRulePaused } from "../app/models/requisitions/reorder-rules.server";
import { runReorder, scheduledDayDue } from "../app/models/requisitions/reorder-job.server";
import { itemKey } from "../app/models/requisitions/reorder-arithmetic";
import { createRequisition } from "../app/models/requisitions/requisition-draft.server";

import type { Db } from "./client.server";
import { demoLogoPng } from "./demo-logo";
import type { OrgKind, Role } from "./schema";
import type { Ctx } from "../app/models/shared/context.server";

export const DEMO_PASSWORD = "quotient-demo";

export const DEMO_USERS = [
  { email: "buyer@acme.test", name: "Alice Byrne", role: "buyer", org: "Acme Manufacturing" },
  { email: "finance@acme.test", name: "Farid Nasser", role: "finance", org: "Acme Manufacturing" },
  { email: "controller@acme.test", name: "Carla Jensen", role: "finance", org: "Acme Manufacturing" },
  { email: "admin@acme.test", name: "Adam Okafor", role: "admin", org: "Acme Manufacturing" },
  { email: "requester@acme.test", name: "Rosa Delgado", role: "requester", org: "Acme Manufacturing" },
  { email: "sales@northwind.test", name: "Nora Lindqvist", role: "supplier", org: "Northwind Components" },
  { email: "accounts@northwind.test", name: "Olle Berg", role: "supplier", org: "Northwind Components" },
  { email: "sales@globex.test", name: "Gustavo Reyes", role: "supplier", org: "Globex Industrial" },
  { email: "buyer@initech.test", name: "Ian Porter", role: "buyer", org: "Initech" },
] as const satisfies readonly { email: string; name: string; role: Role; org: string }[];

const ORGS: { name: string; kind: OrgKind; address: string; currency: string }[] = [
  {
    name: "Acme Manufacturing",
    kind: "buyer",
    address: "Industriestraße 12\n70565 Stuttgart\nGermany",
    currency: "EUR",
  },
  { name: "Initech", kind: "buyer", address: "4120 Freidrich Lane\nAustin, TX 78744\nUnited States", currency: "USD" },
  { name: "Northwind Components", kind: "supplier", address: "Hamngatan 3\n411 06 Göteborg\nSweden", currency: "EUR" },
  { name: "Globex Industrial", kind: "supplier", address: "Via Torino 44\n20123 Milano\nItaly", currency: "EUR" },
];

const DAY = 86_400_000;

export async function seedDemo(db: Db, options: { now?: Date; log?: (line: string) => void } = {}): Promise<boolean> {
  const log = options.log ?? (() => undefined);
  const existing = await db.selectFrom("users").where("email", "=", "buyer@acme.test").select("id").executeTakeFirst();
  if (existing) {
    log("Demo data already present.");
    return false;
  }
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const orgIds = new Map<string, string>();
  const actors = new Map<string, Actor>();
  await db.transaction().execute(async (trx) => {
    for (const org of ORGS) {
      const row = await trx
        .insertInto("organisations")
        .values({ name: org.name, kind: org.kind, address: org.address, base_currency: org.currency })
        .returning("id")
        .executeTakeFirstOrThrow();
      orgIds.set(org.name, row.id);
    }
    for (const user of DEMO_USERS) {
      const weak = checkNewPassword(DEMO_PASSWORD, user.email);
      if (weak) throw new Error(`demo password for ${user.email}: ${weak}`);
      const row = await trx
        .insertInto("users")
        .values({ email: user.email, name: user.name, password_hash: passwordHash })
        .returning("id")
        .executeTakeFirstOrThrow();
      const orgId = orgIds.get(user.org) as string;
      await trx.insertInto("memberships").values({ user_id: row.id, org_id: orgId, role: user.role }).execute();
      actors.set(user.email, { userId: row.id, orgId, roles: [user.role] });
    }
    const acme = orgIds.get("Acme Manufacturing") as string;
    const initech = orgIds.get("Initech") as string;
    const northwind = orgIds.get("Northwind Components") as string;
    const globex = orgIds.get("Globex Industrial") as string;
    // The first person of each supplier is its admin (keeps the company profile and colleagues).
    for (const email of ["sales@northwind.test", "sales@globex.test"]) {
      const admin = actors.get(email) as Actor;
      await trx
        .insertInto("memberships")
        .values({ user_id: admin.userId, org_id: admin.orgId, role: "admin" })
        .execute();
      actors.set(email, { ...admin, roles: [...admin.roles, "admin"] });
    }
    await trx
      .insertInto("company_profiles")
      .values([
        {
          org_id: northwind,
          remittance_address: "Box 118\n411 06 Göteborg\nSweden",
          contact_name: "Olle Berg",
          contact_email: "accounts@northwind.test",
          contact_phone: "+46 31 700 12 00",
          account_holder: "Northwind Components AB",
          iban: "SE4550000000058398257466",
          bic: "ESSESESS",
        },
        {
          org_id: globex,
          contact_name: "Gustavo Reyes",
          contact_email: "sales@globex.test",
          account_holder: "Globex Industrial S.p.A.",
          iban: "IT60X0542811101000000123456",
          bic: "BPMOIT22",
        },
      ])
      .execute();
    await trx
      .insertInto("supplier_relationships")
      .values(
        [
          {
            buyer_org_id: acme,
            supplier_org_id: northwind,
            categories: ["Fasteners", "Electrical"],
            contact_email: "sales@northwind.test",
          },
          {
            buyer_org_id: acme,
            supplier_org_id: globex,
            categories: ["Fasteners", "Safety"],
            contact_email: "sales@globex.test",
          },
          {
            buyer_org_id: initech,
            supplier_org_id: northwind,
            categories: ["Office"],
            contact_email: "sales@northwind.test",
          },
        ].map((r) => ({ ...r, status: "active" as const, qualification_status: "approved" as const })),
      )
      .execute();
    // Initech asked Globex to work with it and Globex has not answered yet, so Globex's
    // relationships page has a request to decide and Initech sees only the address.
    await trx
      .insertInto("supplier_relationships")
      .values({
        buyer_org_id: initech,
        supplier_org_id: globex,
        status: "invited",
        // Asked through an RFQ invitation: approved once Globex consents, as a request made today would be.
        qualification_status: "approved",
        contact_email: "sales@globex.test",
        requested_by: actors.get("buyer@initech.test")?.userId ?? null,
      })
      .execute();
    await trx
      .insertInto("approval_policies")
      .values([
        {
          org_id: acme,
          currency: "EUR",
          threshold_one: "1000.00",
          threshold_two: "25000.00",
        },
        { org_id: initech, currency: "USD", threshold_one: "500.00", threshold_two: "10000.00" },
      ])
      .execute();
    // Requisitions under 500 EUR need no approval at Acme; from there finance decides.
    await trx
      .insertInto("requisition_approval_rules")
      .values({
        org_id: acme,
        currency: "EUR",
        threshold_one: "500.00",
        threshold_two: "5000.00",
        approver_role: "finance",
      })
      .execute();
    const today = now.toISOString().slice(0, 10);
    await trx
      .insertInto("fx_rates")
      .values([
        { org_id: acme, base_currency: "EUR", quote_currency: "USD", rate: "0.9200000000", valid_on: today },
        { org_id: acme, base_currency: "EUR", quote_currency: "GBP", rate: "1.1700000000", valid_on: today },
      ])
      .execute();
    // A weekly series over the past half year, so every demo RFQ's close date has a rate in force.
    const usd = ["0.9180", "0.9210", "0.9195", "0.9240", "0.9225"];
    const gbp = ["1.1650", "1.1690", "1.1720", "1.1680", "1.1710"];
    await trx
      .insertInto("fx_rates")
      .values(
        Array.from({ length: 26 }, (_, i) => {
          const validOn = new Date(now.getTime() - (i + 1) * 7 * DAY).toISOString().slice(0, 10);
          return [
            { org_id: acme, base_currency: "EUR", quote_currency: "USD", rate: usd[i % 5], valid_on: validOn },
            { org_id: acme, base_currency: "EUR", quote_currency: "GBP", rate: gbp[i % 5], valid_on: validOn },
          ];
        }).flat(),
      )
      .execute();
  });

  const actor = (email: string) => actors.get(email) as Actor;
  const buyer = actor("buyer@acme.test");
  const finance = actor("finance@acme.test");
  const controller = actor("controller@acme.test");
  const northwind = actor("sales@northwind.test");
  const globex = actor("sales@globex.test");
  /** One person acting at one instant, as a page would. */
  const as = (a: Actor, at: Date): Ctx => ({ db, actor: a, ability: defineAbilityFor(a), now: at });
  const suppliers = [northwind.orgId, globex.orgId];

  // Acme's particulars, two ship-to addresses and a logo, set by its admin as the settings pages do,
  // before any order so the tolerances (5% on receipts, 2% on the match) apply to the demo's POs.
  const admin = as(actor("admin@acme.test"), new Date(now.getTime() - 60 * DAY));
  await saveOrganisationSettings(admin, {
    intent: "settings",
    legalName: "Acme Manufacturing GmbH",
    taxId: "DE811234567",
    billToAddress: ORGS[0].address,
    baseCurrency: "EUR",
    defaultTimeZone: "Europe/Berlin",
    poNumberPrefix: "PO",
    receiptTolerancePercent: "5.00",
    invoiceTolerancePercent: "2.00",
  });
  await changeShipTo(admin, {
    intent: "add",
    label: "Stuttgart plant, goods in",
    address: "Acme Manufacturing GmbH\nGoods in, Gate 3\nIndustriestraße 12\n70565 Stuttgart\nGermany",
    makeDefault: true,
  });
  await changeShipTo(admin, {
    intent: "add",
    label: "Esslingen warehouse",
    address: "Acme Manufacturing GmbH\nLager Esslingen\nNeckarstraße 80\n73728 Esslingen am Neckar\nGermany",
    makeDefault: false,
  });
  await uploadLogo(admin, { bytes: demoLogoPng() });

  const rfq = (
    title: string,
    deadline: Date,
    lines: RfqFormInput["lines"],
    intent: "save" | "publish",
    supplierIds = suppliers,
  ): RfqFormInput => ({
    title,
    description: `${title}. Delivery to the Stuttgart plant, goods receipt Mon–Fri 7:00–15:00.`,
    currency: "EUR",
    deadline: instantToZonedLocal(deadline, "Europe/Berlin"),
    deadlineTimeZone: "Europe/Berlin",
    deliveryAddress: "Acme Manufacturing, Gate 3, Industriestraße 12, 70565 Stuttgart",
    lines,
    supplierIds,
    intent,
  });
  const quoteFor = async (
    supplier: Actor,
    rfqId: string,
    prices: string[],
    leadTimeDays: string,
    at: Date,
    freight?: string,
  ) => {
    const lines = await db
      .selectFrom("rfq_lines")
      .where("rfq_id", "=", rfqId)
      .select("id")
      .orderBy("position")
      .execute();
    await submitQuote(as(supplier, at), {
      rfqId,
      lines: lines.map((l, i) => ({ rfqLineId: l.id, unitPrice: prices[i] })),
      leadTimeDays,
      ...(freight ? { freight } : {}),
      notes: "",
    });
  };
  const past = (days: number) => new Date(now.getTime() - days * DAY);
  const future = (days: number) => new Date(now.getTime() + days * DAY);

  // A draft still being written.
  await createRfq(
    as(buyer, now),
    rfq(
      "Ergonomic office chairs",
      future(21),
      [
        {
          itemName: "Office chair, mesh back",
          specification: "EN 1335, adjustable lumbar support",
          quantity: "40",
          unit: "pcs",
        },
        { itemName: "Chair mat", specification: "Polycarbonate, 120 x 90 cm", quantity: "40", unit: "pcs" },
      ],
      "save",
      [],
    ),
  );

  // Open, one supplier has quoted: the buyer sees who answered, no price.
  const open = await createRfq(
    as(buyer, past(2)),
    rfq(
      "Aluminium brackets, batch 7",
      future(7),
      [
        { itemName: "L-bracket 40x40x4 mm", specification: "EN AW-6060 T66, anodised", quantity: "2500", unit: "pcs" },
        { itemName: "Hex bolt M8x30", specification: "ISO 4017, 8.8, zinc plated", quantity: "5000", unit: "pcs" },
      ],
      "publish",
    ),
  );
  await quoteFor(northwind, open.id, ["1.85", "0.12"], "14", past(1));
  // Two refused attempts to read those sealed quotes, for the admin's list of refused reads.
  const tryToCompare = async (who: Actor, address: string, userAgent: string) => {
    try {
      await readSealedQuotes({ ...as(who, past(1)), origin: { address, userAgent } }, { rfqId: open.id });
    } catch (refusal) {
      if (!(refusal instanceof Response)) throw refusal;
    }
  };
  await tryToCompare(
    globex,
    "203.0.113.24",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  );
  await tryToCompare(actor("buyer@initech.test"), "198.51.100.7", "curl/8.5.0");

  // Closed at its deadline with two quotes: ready to compare and award.
  const closed = await createRfq(
    as(buyer, past(10)),
    rfq(
      "Safety gloves, Q1 supply",
      past(1),
      [
        { itemName: "Cut-resistant gloves", specification: "EN 388 level D, size 9", quantity: "600", unit: "pcs" },
        { itemName: "Nitrile disposable gloves", specification: "Box of 100, size L", quantity: "120", unit: "box" },
      ],
      "publish",
    ),
  );
  await quoteFor(northwind, closed.id, ["4.20", "7.90"], "10", past(6));
  await quoteFor(globex, closed.id, ["3.95", "8.40"], "7", past(5));

  // Three awarded RFQs whose POs stand at different steps.
  const awarded = async (
    title: string,
    lines: RfqFormInput["lines"],
    nwPrices: string[],
    gxPrices: string[],
    winner: Actor,
    freight: { northwind?: string; globex?: string } = {},
  ) => {
    const created = await createRfq(as(buyer, past(12)), rfq(title, past(3), lines, "publish"));
    await quoteFor(northwind, created.id, nwPrices, "12", past(8), freight.northwind);
    await quoteFor(globex, created.id, gxPrices, "9", past(7), freight.globex);
    await closeDueRfqs(db, past(2));
    const row = await db.selectFrom("rfqs").where("id", "=", created.id).select("version").executeTakeFirstOrThrow();
    const { purchaseOrders } = await award(as(buyer, past(2)), {
      rfqId: created.id,
      version: row.version,
      choice: { mode: "whole", supplierOrgId: winner.orgId },
    });
    return { poId: purchaseOrders[0].id };
  };
  const version = async (poId: string) =>
    (await db.selectFrom("purchase_orders").where("id", "=", poId).select("version").executeTakeFirstOrThrow()).version;

  const acknowledged = await awarded(
    "Hydraulic fittings",
    [
      { itemName: 'Hydraulic hose fitting 1/2"', specification: "DIN 2353, steel", quantity: "300", unit: "pcs" },
      { itemName: "O-ring kit", specification: "NBR 70, 386 pieces", quantity: "10", unit: "set" },
    ],
    ["6.10", "42.00"],
    ["6.45", "39.00"],
    northwind,
    // Freight on both quotes, so the comparison shows landed totals and the PO a freight charge line.
    { northwind: "50.00", globex: "25.00" },
  );
  await submitPo(as(buyer, past(2)), { id: acknowledged.poId, version: await version(acknowledged.poId) });
  await approvePo(as(finance, past(2)), { id: acknowledged.poId, version: await version(acknowledged.poId) });
  await acknowledgePo(as(northwind, past(1)), {
    id: acknowledged.poId,
    version: await version(acknowledged.poId),
    promisedDate: future(10).toISOString().slice(0, 10),
  });

  const issued = await awarded(
    "Cable harnesses, line 2",
    [{ itemName: "Cable harness CH-220", specification: "Per drawing 220-004 rev C", quantity: "150", unit: "pcs" }],
    ["58.00"],
    ["61.50"],
    northwind,
  );
  await submitPo(as(buyer, past(1)), { id: issued.poId, version: await version(issued.poId) });
  await approvePo(as(controller, past(1)), { id: issued.poId, version: await version(issued.poId) });

  const pending = await awarded(
    "Packaging material",
    [
      { itemName: "Corrugated box 600x400x400", specification: "Double wall, brown", quantity: "2000", unit: "pcs" },
      { itemName: "Stretch film", specification: "500 mm x 300 m, 23 µm", quantity: "60", unit: "pcs" },
    ],
    ["1.95", "14.50"],
    ["1.80", "13.90"],
    globex,
  );
  await submitPo(as(buyer, now), { id: pending.poId, version: await version(pending.poId) });

  // Initech, a separate tenant: Acme people must never see this.
  await createRfq(as(actor("buyer@initech.test"), now), {
    ...rfq(
      "Printer paper, annual supply",
      future(14),
      [{ itemName: "A4 paper 80 g/m²", specification: "FSC, 500 sheets per ream", quantity: "800", unit: "box" }],
      "publish",
      [northwind.orgId],
    ),
    currency: "USD",
  });

  // Purchasing: a PO delivered in two parts and invoiced above the PO price, so disputed.
  const delivered = await awarded(
    "Welding consumables",
    [
      {
        itemName: "Welding wire G3Si1, 1.0 mm",
        specification: "EN ISO 14341-A, 15 kg spool",
        quantity: "40",
        unit: "pcs",
      },
      { itemName: "Contact tip M6, 1.0 mm", specification: "CuCrZr", quantity: "500", unit: "pcs" },
    ],
    ["38.50", "0.90"],
    ["41.00", "0.85"],
    northwind,
  );
  await submitPo(as(buyer, past(2)), { id: delivered.poId, version: await version(delivered.poId) });
  await approvePo(as(controller, past(2)), { id: delivered.poId, version: await version(delivered.poId) });
  await acknowledgePo(as(northwind, past(2)), {
    id: delivered.poId,
    version: await version(delivered.poId),
    promisedDate: null,
  });
  const deliveredLines = await db
    .selectFrom("purchase_order_lines")
    .where("po_id", "=", delivered.poId)
    .select(["id", "quantity"])
    .orderBy("position")
    .execute();
  const receiveDelivered = async (quantities: string[], on: Date, deliveryNote: string) =>
    recordReceipt(as(buyer, on), {
      poId: delivered.poId,
      version: await version(delivered.poId),
      receivedOn: on.toISOString().slice(0, 10),
      deliveryNote,
      note: "",
      lines: deliveredLines.map((l, i) => ({ poLineId: l.id, quantity: quantities[i] })),
    });
  await receiveDelivered(["25", "500"], past(1), "NW-DN-24117");
  await receiveDelivered(["15", ""], now, "NW-DN-24158");
  await submitInvoice(as(northwind, now), {
    poId: delivered.poId,
    invoiceNumber: "NW-2026-0417",
    issuedOn: now.toISOString().slice(0, 10),
    dueOn: future(30).toISOString().slice(0, 10),
    lines: [
      { poLineId: deliveredLines[0].id, quantity: "40", unitPrice: "39.90", taxRate: "0" },
      { poLineId: deliveredLines[1].id, quantity: "500", unitPrice: "0.90", taxRate: "0" },
    ],
  });

  // Agreements: one with Northwind in force for a month with two call-offs (one issued, one a draft),
  // so its page shows consumption and its chart, and the catalogue has items; one with Globex still a draft.
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const framework = await createAgreement(as(buyer, past(30)), {
    key: "5b0c6c1e-8d7a-4c52-9f0e-2a6f3d1b7c01",
    supplierOrgId: northwind.orgId,
    title: "Fasteners and cable ties, framework",
    currency: "EUR",
    validFrom: day(past(30)),
    validTo: day(future(335)),
    valueCap: "20000.00",
    paymentTerms: "Net 30",
    incoterm: "DAP",
    leadTimeDays: "14",
    items: [
      {
        itemName: "Hex bolt M8x30",
        specification: "ISO 4017, 8.8, zinc plated",
        category: "Fasteners",
        unit: "pcs",
        unitPrice: "0.12",
        quantityCap: "100000",
        priceBreaks: "5000: 0.10; 20000: 0.09",
      },
      {
        itemName: "Hex nut M8",
        specification: "ISO 4032, 8, zinc plated",
        category: "Fasteners",
        unit: "pcs",
        unitPrice: "0.05",
        quantityCap: "100000",
        priceBreaks: "",
      },
      {
        itemName: "Cable tie 200 mm",
        specification: "PA66, black, UV resistant",
        category: "Electrical",
        unit: "pcs",
        unitPrice: "0.08",
        priceBreaks: "",
      },
    ],
  });
  await sendAgreement(as(buyer, past(30)), { id: framework.id, version: 1 });
  await acknowledgeAgreement(as(northwind, past(29)), { id: framework.id, version: 2 });
  const frameworkItems = await db
    .selectFrom("agreement_items")
    .where("agreement_id", "=", framework.id)
    .select("id")
    .orderBy("position")
    .execute();
  // Called off three days ago with fourteen days' lead time: due in eleven, so it is not yet judged
  // (the comparison's on-time figure sees it as open, not overdue).
  const firstCallOff = await callOff(as(buyer, past(3)), {
    agreementId: framework.id,
    key: "5b0c6c1e-8d7a-4c52-9f0e-2a6f3d1b7c02",
    lines: frameworkItems.map((item, i) => ({ itemId: item.id, quantity: i === 0 ? "6000" : undefined })),
  });
  await submitPo(as(buyer, past(3)), { id: firstCallOff.poId, version: await version(firstCallOff.poId) });
  await callOff(as(buyer, past(2)), {
    agreementId: framework.id,
    key: "5b0c6c1e-8d7a-4c52-9f0e-2a6f3d1b7c03",
    lines: frameworkItems.map((item, i) => ({ itemId: item.id, quantity: i === 1 ? "8000" : undefined })),
  });
  await createAgreement(as(buyer, now), {
    key: "5b0c6c1e-8d7a-4c52-9f0e-2a6f3d1b7c04",
    supplierOrgId: globex.orgId,
    title: "Safety consumables",
    currency: "EUR",
    validFrom: day(future(7)),
    validTo: day(future(372)),
    paymentTerms: "Net 45",
    leadTimeDays: "7",
    items: [
      {
        itemName: "Cut-resistant gloves",
        specification: "EN 388 level D, size 9",
        category: "Safety",
        unit: "pcs",
        unitPrice: "3.95",
        quantityCap: "2400",
        priceBreaks: "600: 3.80",
      },
      {
        itemName: "Safety glasses",
        specification: "EN 166, clear, anti-fog",
        category: "Safety",
        unit: "pcs",
        unitPrice: "4.60",
        priceBreaks: "",
      },
    ],
  });

  // Reorder rules at Acme's two sites, with counted stock and this morning's run: hex nuts in Stuttgart are
  // above their point; safety glasses in Esslingen are below it but no agreement in force offers them yet (the
  // log says so); cable ties in Esslingen are paused. The day's run is taken, so starting the server orders nothing.
  const sites = await db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", buyer.orgId)
    .select(["id", "label"])
    .execute();
  const siteId = (prefix: string) => sites.find((s) => s.label.startsWith(prefix))?.id as string;
  const itemId = async (name: string) =>
    (await db.selectFrom("agreement_items").where("item_name", "=", name).select("id").executeTakeFirstOrThrow()).id;
  await createRule(as(buyer, past(10)), {
    itemId: await itemId("Hex nut M8"),
    preferItem: true,
    siteId: siteId("Stuttgart"),
    reorderPoint: "5000",
    policy: "up_to",
    orderUpTo: "20000",
    lotSize: "1000",
  });
  // A new rule takes only items of the catalogue; this one stands for a rule whose agreement has since lapsed
  // (the glasses' new agreement is still a draft), so it is written as it would stand today.
  await db
    .insertInto("reorder_rules")
    .values({
      org_id: buyer.orgId,
      item_name: "Safety glasses",
      item_key: itemKey("Safety glasses"),
      unit: "pcs",
      ship_to_address_id: siteId("Esslingen"),
      reorder_point: "20",
      fixed_quantity: "50",
      created_by: buyer.userId,
      created_at: past(10),
      updated_at: past(10),
    })
    .execute();
  const paused = await createRule(as(buyer, past(10)), {
    itemId: await itemId("Cable tie 200 mm"),
    preferItem: false,
    siteId: siteId("Esslingen"),
    reorderPoint: "500",
    policy: "up_to",
    orderUpTo: "2000",
    minOrderQuantity: "1000",
  });
  await setRulePaused(as(buyer, past(9)), { id: paused.id, version: 1, intent: "pause" });
  await db
    .insertInto("stock_levels")
    .values(
      [
        ["Stuttgart", "Hex nut M8", "12000"],
        ["Esslingen", "Safety glasses", "4"],
        ["Esslingen", "Cable tie 200 mm", "100"],
      ].map(([site, item, quantity]) => ({
        org_id: buyer.orgId,
        ship_to_address_id: siteId(site),
        item_name: item,
        item_key: itemKey(item),
        unit: "pcs",
        quantity,
        counted_at: past(1),
        counted_by: buyer.userId,
      })),
    )
    .execute();
  const runDay = scheduledDayDue(now, "Europe/Berlin");
  const runAt = zonedLocalToInstant(`${runDay}T06:00`, "Europe/Berlin") ?? now;
  await db
    .transaction()
    .execute((trx) =>
      runReorder(trx, { orgId: buyer.orgId, now: runAt, trigger: "schedule", scheduledFor: runDay, startedBy: null }),
    );

  await seedQualification(db, {
    now,
    passwordHash,
    acme: orgIds.get("Acme Manufacturing") as string,
    buyerId: actors.get("buyer@acme.test")?.userId as string,
  });
  // Requisitions of Acme's requester in three states: cable ties ordered by themselves from the framework
  // (under the rule's first threshold, so approved at once and called off), a free-text line in the buyers'
  // sourcing queue, and chairs above the threshold waiting for finance.
  const requester = as(actor("requester@acme.test"), now);
  const [site] = await db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", buyer.orgId)
    .where("is_default", "=", true)
    .select("id")
    .execute();
  const cableTies = frameworkItems[2].id;
  await createRequisition(requester, {
    costCentre: "CC-410 Maintenance",
    reason: "Cable ties for the line 3 rewiring.",
    lines: [
      { agreementItemId: cableTies, category: "", quantity: "1500", wantedBy: day(future(10)), shipToId: site.id },
    ],
  });
  await createRequisition(requester, {
    costCentre: "CC-410 Maintenance",
    reason: "Spare pump seals: no agreement covers them.",
    lines: [
      {
        itemName: "Mechanical seal 35 mm",
        category: "Spare parts",
        unit: "pcs",
        unitPrice: "42.00",
        quantity: "4",
        wantedBy: day(future(21)),
        shipToId: site.id,
      },
    ],
  });
  await createRequisition(requester, {
    costCentre: "CC-120 Office",
    reason: "Ergonomic chairs for the planning office.",
    lines: [
      {
        itemName: "Ergonomic office chair",
        category: "Furniture",
        unit: "pcs",
        unitPrice: "380.00",
        quantity: "4",
        wantedBy: day(future(30)),
        shipToId: site.id,
      },
    ],
  });

  log(`Demo data created. Every demo password is "${DEMO_PASSWORD}".`);

  return true;
}

/** Suppliers of Acme in every qualification state, each with its own sign-in (the demo password). */
export const QUALIFICATION_DEMO = [
  { email: "sales@vortex.test", name: "Vera Vos", org: "Vortex Supplies", country: "NL", state: "pending" },
  { email: "sales@keystone.test", name: "Kofi Mensah", org: "Keystone Fixings", country: "GB", state: "approved" },
  { email: "sales@helix.test", name: "Hanna Berg", org: "Helix Metals", country: "DE", state: "suspended" },
  { email: "sales@omega.test", name: "Olek Nowak", org: "Omega Parts", country: "PL", state: "blocked" },
] as const;

/**
 * Acme requires an ISO 9001 certificate of its fastener suppliers and
 * insurance of its safety suppliers; Keystone's certificate expires within
 * the month (the 30-day mail already went), Helix's insurance expired and
 * the job suspended it, Omega is blocked by a buyer, Vortex waits for its
 * approval. Northwind and Globex, which the other demos use, stay approved.
 */
async function seedQualification(
  db: Db,
  { now, passwordHash, acme, buyerId }: { now: Date; passwordHash: string; acme: string; buyerId: string },
) {
  const day = (days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);
  const pdf = new TextEncoder().encode("%PDF-1.4\n% demo qualification document\n%%EOF\n");
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("supplier_document_requirements")
      .values([
        { org_id: acme, category: "Fasteners", document_type: "ISO 9001 certificate", created_by: buyerId },
        { org_id: acme, category: "Safety", document_type: "Insurance certificate", created_by: buyerId },
      ])
      .execute();
    for (const demo of QUALIFICATION_DEMO) {
      const org = await trx
        .insertInto("organisations")
        .values({ name: demo.org, kind: "supplier", country: demo.country, base_currency: "EUR" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto("users")
        .values({ email: demo.email, name: demo.name, password_hash: passwordHash })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("memberships").values({ user_id: user.id, org_id: org.id, role: "supplier" }).execute();
      const reason =
        demo.state === "suspended"
          ? `Insurance certificate expired on ${day(-3)}`
          : demo.state === "blocked"
            ? "Counterfeit parts found in two deliveries"
            : null;
      await trx
        .insertInto("supplier_relationships")
        .values({
          buyer_org_id: acme,
          supplier_org_id: org.id,
          status: "active",
          categories: demo.state === "suspended" ? ["Safety"] : ["Fasteners"],
          contact_email: demo.email,
          qualification_status: demo.state,
          qualification_reason: reason,
          qualification_changed_at: demo.state === "pending" ? null : now,
          suspended_automatically: demo.state === "suspended",
        })
        .execute();
      const document =
        demo.state === "approved"
          ? { type: "ISO 9001 certificate", expiresOn: day(20), reminded: true, handled: false }
          : demo.state === "suspended"
            ? { type: "Insurance certificate", expiresOn: day(-3), reminded: true, handled: true }
            : null;
      if (!document) continue;
      const doc = await trx
        .insertInto("supplier_documents")
        .values({
          buyer_org_id: acme,
          supplier_org_id: org.id,
          document_type: document.type,
          expires_on: document.expiresOn,
          status: "approved",
          uploaded_by: user.id,
          decided_by: buyerId,
          decided_at: now,
          reminded_30_at: document.reminded ? now : null,
          reminded_7_at: document.handled ? now : null,
          expiry_handled_at: document.handled ? now : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("attachments")
        .values({
          org_id: org.id,
          owner_type: "supplier_document",
          owner_id: doc.id,
          filename: `${document.type.toLowerCase().replace(/ /g, "-")}.pdf`,
          content_type: "application/pdf",
          size_bytes: pdf.byteLength,
          sha256: createHash("sha256").update(pdf).digest("hex"),
          content: pdf,
          uploaded_by: user.id,
        })
        .execute();
    }
  });
}
