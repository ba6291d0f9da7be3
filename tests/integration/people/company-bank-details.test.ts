/**
 * A supplier's bank details change in two steps, and buying organisations
 * hold payments until their finance people acknowledge: one person cannot
 * both propose and confirm; an organisation of one confirms by a mailed
 * single-use link that expires; nothing changes until confirmed; another
 * organisation's change or hold is a 404; finance of each buying
 * organisation is told (IBAN masked in mail) and releases only its own
 * organisation's hold; an approved invoice cannot be paid while held, can
 * be once acknowledged, and a double post books one payment; the supplier
 * is told it was paid, and never learns of another buyer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { recordPayment } from "../../../app/models/fulfilment/invoice-payment.server";
import { approveInvoice } from "../../../app/models/fulfilment/invoice.server";
import { getInvoicePage } from "../../../app/models/fulfilment/invoice-queries.server";
import { fulfilmentQueues } from "../../../app/models/fulfilment/work-queue.server";
import { bankDetailsSchema } from "../../../app/models/people/company.schema";
import {
  confirmBankChange,
  confirmBankChangeByLink,
  getCompanyPage,
  proposeBankChange,
  readBankLink,
  updateCompanyProfile,
  withdrawBankChange,
} from "../../../app/models/people/company.server";
import { translated } from "../../../app/i18n/config";
import { serverT } from "../../../app/i18n/i18n.server";
import { ibanProblem, maskIban } from "../../../app/models/shared/bank-account";
import { once } from "../../../app/models/shared/form-token.server";
import {
  acknowledgeBankChange,
  listBankChanges,
  paymentHoldFor,
} from "../../../app/models/shared/payment-holds.server";
import { FormError } from "../../../app/utils/errors";
import {
  ACME,
  BUYER,
  CONTROLLER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  NORTHWIND,
  NORTHWIND_SALES,
  auditOf,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { Mailbox } from "../../factories/mailbox";
import { createTestDb, type TestDb } from "../../support/test-db";

const ACCOUNTS = "accounts@northwind.test";
const NEW_IBAN = "DE89370400440532013000";
const NEW = { accountHolder: "Northwind Components AB", iban: NEW_IBAN, bic: "COBADEFFXXX" };
const HOUR = 3_600_000;

let t: TestDb;
let demo: Demo;
const mailbox = new Mailbox();

beforeAll(async () => {
  t = await createTestDb("company_bank_details");
  demo = await seededDemo(t.db);
  await mailbox.open();
  await mailbox.deliver(t.db);
});

afterAll(async () => {
  await mailbox.close();
  await t?.destroy();
});

const formErrorOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FormError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a FormError");
};

const profileIban = async (org: string) =>
  (
    await t.db
      .selectFrom("company_profiles")
      .where("org_id", "=", demo.orgId(org))
      .select("iban")
      .executeTakeFirstOrThrow()
  ).iban;

describe("bank account numbers", () => {
  it("checks the IBAN's mod-97 digits and length, and masks its middle", () => {
    expect(ibanProblem("DE89 3704 0044 0532 0130 00")).toBeNull();
    expect(ibanProblem("DE88370400440532013000")).toMatch(/check digits/);
    expect(translated(serverT(), ibanProblem("DE8937040044053201300") ?? "")).toMatch(/22 characters/);
    expect(ibanProblem("not an iban")).toMatch(/country code/);
    expect(maskIban(NEW_IBAN)).toBe("DE89 **** **** **** **30 00");
    const parsed = bankDetailsSchema.safeParse({ intent: "propose", ...NEW, iban: "de89 3704 0044 0532 0130 01" });
    expect(parsed.success).toBe(false);
  });
});

describe("a change proposed by one person and confirmed by another", () => {
  let changeId = "";

  it("changes nothing until confirmed, and asks the colleague", async () => {
    const before = await profileIban(NORTHWIND);
    const proposed = await proposeBankChange(demo.as(NORTHWIND_SALES), NEW);
    changeId = proposed.id;
    expect(proposed.byLink).toBe(false);
    expect(await profileIban(NORTHWIND)).toBe(before);
    const mails = await mailbox.deliver(t.db);
    expect(mails.map((m) => m.to[0])).toEqual([ACCOUNTS]);
    expect(mails[0].text).toContain(maskIban(NEW_IBAN));
    expect(mails[0].text).not.toContain(NEW_IBAN);
    // A second proposal waits for the first.
    expect(await formErrorOf(proposeBankChange(demo.as(ACCOUNTS), NEW))).toHaveProperty("form");
  });

  it("never lets the proposer confirm their own change", async () => {
    expect(await formErrorOf(confirmBankChange(demo.as(NORTHWIND_SALES), { changeId }))).toEqual({
      form: "You proposed this change; another person of your organisation must confirm it.",
    });
    const page = await getCompanyPage(demo.as(NORTHWIND_SALES));
    expect(page.proposal?.canConfirm).toBe(false);
    expect((await getCompanyPage(demo.as(ACCOUNTS))).proposal?.canConfirm).toBe(true);
  });

  it("is a 404 to another supplier and to a buying organisation", async () => {
    expect((await responseOf(confirmBankChange(demo.as(GLOBEX_SALES), { changeId }))).status).toBe(404);
    expect((await responseOf(withdrawBankChange(demo.as(GLOBEX_SALES), { changeId }))).status).toBe(404);
    expect((await responseOf(confirmBankChange(demo.as(FINANCE), { changeId }))).status).toBe(404);
    expect((await responseOf(getCompanyPage(demo.as(FINANCE)))).status).toBe(403);
  });

  it("is in force once a colleague confirms, and holds payments at every buying organisation", async () => {
    const done = await confirmBankChange(demo.as(ACCOUNTS), { changeId });
    // Acme and Initech both work with Northwind.
    expect(done.buyersHolding).toBe(2);
    expect(await profileIban(NORTHWIND)).toBe(NEW_IBAN);
    expect((await auditOf(t.db, changeId)).map((e) => e.event)).toEqual([
      "BANK_CHANGE_PROPOSED",
      "BANK_CHANGE_CONFIRMED",
    ]);
    const supplier = demo.orgId(NORTHWIND);
    expect(await paymentHoldFor(t.db, { buyerOrgId: demo.orgId(ACME), supplierOrgId: supplier })).not.toBeNull();
    expect(await paymentHoldFor(t.db, { buyerOrgId: demo.orgId(INITECH), supplierOrgId: supplier })).not.toBeNull();
    // Globex works with no such change: nothing held.
    expect(await paymentHoldFor(t.db, { buyerOrgId: demo.orgId(ACME), supplierOrgId: demo.orgId(GLOBEX) })).toBeNull();
    // Acme's finance people are told, old and new values, the IBANs masked.
    const mails = await mailbox.deliver(t.db);
    const toFinance = mails.filter((m) => m.to[0] === FINANCE);
    expect(toFinance).toHaveLength(1);
    expect(toFinance[0].subject).toBe("Northwind Components changed its bank details: payments held");
    expect(toFinance[0].text).toContain(maskIban("SE4550000000058398257466"));
    expect(toFinance[0].text).toContain(maskIban(NEW_IBAN));
    expect(toFinance[0].text).not.toContain(NEW_IBAN);
    expect(mails.some((m) => m.to[0] === CONTROLLER)).toBe(true);
    // Nobody at the supplier hears of another buyer.
    expect(mails.filter((m) => m.to[0].endsWith("@northwind.test"))).toEqual([]);
    // Finance's page shows the whole values.
    const list = await listBankChanges(demo.as(FINANCE));
    expect(list.open).toHaveLength(1);
    expect(list.open[0].next.iban).toBe("DE89 3704 0044 0532 0130 00");
    expect(list.open[0].previous?.iban).toBe("SE45 5000 0000 0583 9825 7466");
    const queues = await fulfilmentQueues(demo.as(FINANCE));
    expect(queues.find((q) => q.key === "bank-changes")?.count).toBe(1);
    expect(queues.some((q) => q.key === "invoices-due")).toBe(true);
    expect((await fulfilmentQueues(demo.as(BUYER))).some((q) => q.key === "bank-changes")).toBe(false);
  });

  it("cannot be confirmed twice", async () => {
    expect(await formErrorOf(confirmBankChange(demo.as(ACCOUNTS), { changeId }))).toHaveProperty("form");
  });
});

describe("paying an invoice of a supplier whose bank details changed", () => {
  let invoiceId = "";

  beforeAll(async () => {
    const invoice = await t.db
      .selectFrom("invoices")
      .where("invoice_number", "=", "NW-2026-0417")
      .selectAll()
      .executeTakeFirstOrThrow();
    invoiceId = invoice.id;
    await approveInvoice(demo.as(FINANCE), {
      id: invoice.id,
      version: invoice.version,
      overrideReason: invoice.status === "disputed" ? "Agreed with the supplier" : "",
    });
  });

  const version = async () =>
    (await t.db.selectFrom("invoices").where("id", "=", invoiceId).select("version").executeTakeFirstOrThrow()).version;
  const today = () => new Date().toISOString().slice(0, 10);

  it("is refused while this buying organisation has not acknowledged, with the reason", async () => {
    const page = await getInvoicePage(demo.as(FINANCE), { id: invoiceId });
    expect(page.payment?.held).toMatch(
      /^Payments held: Northwind Components changed its bank details on \d{4}-\d{2}-\d{2}; acknowledge the change first\.$/,
    );
    const refused = recordPayment(demo.as(FINANCE), {
      id: invoiceId,
      version: await version(),
      paidOn: today(),
      reference: "TRX-1",
    });
    await expect(refused).rejects.toThrow(/Payments held: Northwind Components/);
    const row = await t.db.selectFrom("invoices").where("id", "=", invoiceId).selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe("approved");
    expect(row.paid_on).toBeNull();
  });

  it("is refused to the buyer and to the supplier, and a foreign invoice is a 404", async () => {
    const args = { id: invoiceId, version: await version(), paidOn: today(), reference: "TRX-1" };
    expect((await responseOf(recordPayment(demo.as(BUYER), args))).status).toBe(403);
    expect((await responseOf(recordPayment(demo.as(NORTHWIND_SALES), args))).status).toBe(403);
    expect((await responseOf(recordPayment(demo.as(GLOBEX_SALES), args))).status).toBe(404);
  });

  it("releases only the acknowledging organisation's hold", async () => {
    const [hold] = (await listBankChanges(demo.as(FINANCE))).open;
    // Another organisation's hold is a 404 to Acme's finance.
    const initechHold = await t.db
      .selectFrom("bank_change_acknowledgements")
      .where("buyer_org_id", "=", demo.orgId(INITECH))
      .select("id")
      .executeTakeFirstOrThrow();
    expect((await responseOf(acknowledgeBankChange(demo.as(FINANCE), { id: initechHold.id }))).status).toBe(404);
    // A buyer of the same organisation does not see holds at all.
    expect((await responseOf(acknowledgeBankChange(demo.as(BUYER), { id: hold.id }))).status).toBe(404);
    await acknowledgeBankChange(demo.as(CONTROLLER), { id: hold.id });
    expect(await formErrorOf(acknowledgeBankChange(demo.as(FINANCE), { id: hold.id }))).toHaveProperty("form");
    const supplier = demo.orgId(NORTHWIND);
    expect(await paymentHoldFor(t.db, { buyerOrgId: demo.orgId(ACME), supplierOrgId: supplier })).toBeNull();
    expect(await paymentHoldFor(t.db, { buyerOrgId: demo.orgId(INITECH), supplierOrgId: supplier })).not.toBeNull();
    expect((await getInvoicePage(demo.as(FINANCE), { id: invoiceId })).payment?.held).toBeNull();
  });

  it("books one payment however often the form is posted, and tells the supplier", async () => {
    await mailbox.deliver(t.db);
    const v = await version();
    const pay = () =>
      once(demo.as(FINANCE), { token: "ft_PayOncePayOncePayOncePayOnce1234", purpose: "invoice.pay" }, (tx) =>
        recordPayment(tx, { id: invoiceId, version: v, paidOn: today(), reference: "TRX-2026-118" }),
      );
    const [first, second] = await Promise.all([pay(), pay()]);
    expect(first).toEqual(second);
    const row = await t.db.selectFrom("invoices").where("id", "=", invoiceId).selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe("paid");
    expect(row.payment_reference).toBe("TRX-2026-118");
    expect(row.version).toBe(v + 1);
    expect((await auditOf(t.db, invoiceId)).filter((e) => e.event === "PAY")).toHaveLength(1);
    // A fresh post of a paid invoice is refused by the machine.
    await expect(
      recordPayment(demo.as(FINANCE), { id: invoiceId, version: v + 1, paidOn: today(), reference: "again" }),
    ).rejects.toThrow("This invoice has already been paid.");
    const mails = await mailbox.deliver(t.db);
    const told = mails.filter((m) => m.subject === "Invoice paid: NW-2026-0417");
    expect(told.map((m) => m.to[0]).sort()).toEqual([ACCOUNTS, NORTHWIND_SALES].sort());
    expect(told[0].text).toContain("TRX-2026-118");
    expect(told[0].text).not.toMatch(/Initech/);
  });
});

describe("an organisation of one confirms by a mailed link", () => {
  const propose = async (at: Date) => {
    const done = await proposeBankChange(demo.as(GLOBEX_SALES, at), {
      accountHolder: "Globex Industrial S.p.A.",
      iban: "GB82WEST12345698765432",
      bic: "WESTGB2L",
    });
    expect(done.byLink).toBe(true);
    const mails = await mailbox.deliver(t.db);
    const mail = mails.find((m) => m.to[0] === GLOBEX_SALES);
    const token = mail?.text.match(/\/company\/bank-confirm\/([A-Za-z0-9_-]{43})/)?.[1];
    if (!token) throw new Error("no confirmation link mailed");
    // Only the link's hash is stored.
    const stored = await t.db
      .selectFrom("bank_detail_changes")
      .where("id", "=", done.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(stored.link_hash).not.toContain(token);
    return { id: done.id, token };
  };

  it("expires after a day", async () => {
    const at = new Date();
    const { id, token } = await propose(at);
    const later = new Date(at.getTime() + 25 * HOUR);
    expect((await readBankLink(t.db, { token, at: later })).state).toBe("expired");
    expect(await confirmBankChangeByLink(t.db, { token, at: later })).toEqual({ confirmed: false, state: "expired" });
    expect(await profileIban(GLOBEX)).toBe("IT60X0542811101000000123456");
    await withdrawBankChange(demo.as(GLOBEX_SALES), { changeId: id });
  });

  it("works once, and the proposer still cannot confirm in the app", async () => {
    const { id, token } = await propose(new Date());
    expect(await formErrorOf(confirmBankChange(demo.as(GLOBEX_SALES), { changeId: id }))).toHaveProperty("form");
    expect((await readBankLink(t.db, { token, at: new Date() })).change?.iban).toBe("GB82 WEST 1234 5698 7654 32");
    const [a, b] = await Promise.all([
      confirmBankChangeByLink(t.db, { token, at: new Date() }),
      confirmBankChangeByLink(t.db, { token, at: new Date() }),
    ]);
    expect([a.confirmed, b.confirmed].sort()).toEqual([false, true]);
    expect(await confirmBankChangeByLink(t.db, { token, at: new Date() })).toEqual({ confirmed: false, state: "used" });
    expect(await profileIban(GLOBEX)).toBe("GB82WEST12345698765432");
    // Acme works with Globex; Initech only asked (invited): both hold, none was declined.
    expect(
      await paymentHoldFor(t.db, { buyerOrgId: demo.orgId(ACME), supplierOrgId: demo.orgId(GLOBEX) }),
    ).not.toBeNull();
  });
});

describe("the company profile", () => {
  it("is kept by the supplier's admin only, and audited", async () => {
    const input = {
      name: "Northwind Components",
      legalName: "Northwind Components AB",
      taxId: "SE556677889901",
      address: "Hamngatan 3\n411 06 Göteborg\nSweden",
      remittanceAddress: undefined,
      contactName: "Olle Berg",
      contactEmail: "accounts@northwind.test",
      contactPhone: "+46 31 700 12 00",
    };
    expect((await responseOf(updateCompanyProfile(demo.as(ACCOUNTS), input))).status).toBe(403);
    await updateCompanyProfile(demo.as(NORTHWIND_SALES), input);
    const page = await getCompanyPage(demo.as(ACCOUNTS));
    expect(page.profile.legalName).toBe("Northwind Components AB");
    expect(page.can.editProfile).toBe(false);
    const events = await auditOf(t.db, demo.orgId(NORTHWIND));
    expect(events.map((e) => e.event)).toContain("COMPANY_PROFILE_UPDATED");
  });
});
