/**
 * Requisitions on the models, real Postgres and a real SMTP server: the
 * seeded requester's requisitions in their states, the approval rule with
 * its separation of duties and two-person tier, approved catalogue lines
 * becoming call-off POs (consolidated per supplier, site and window, at the
 * price break the consolidated quantity earns, held with the reason at a
 * cap, issued and mailed at once when no PO tier applies), what a requester
 * may not read, a double submit, and two approvers racing.
 */
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomUUID } from "node:crypto";

import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAgreement } from "../../../app/models/agreements/agreement-draft.server";
import { acknowledgeAgreement, sendAgreement } from "../../../app/models/agreements/agreement-lifecycle.server";
import { approveRequisition, rejectRequisition } from "../../../app/models/requisitions/requisition-approval.server";
import { createRequisition } from "../../../app/models/requisitions/requisition-draft.server";
import { orderDueRequisitionLines } from "../../../app/models/requisitions/requisition-ordering.server";
import { getRequisitionPage, listRequisitions } from "../../../app/models/requisitions/requisition-queries.server";
import type { RequisitionFormInput } from "../../../app/models/requisitions/requisition.schema";
import { getPoPage } from "../../../app/models/ordering/queries.server";
import { loadRfqFor } from "../../../app/models/sourcing/rfq.server";
import { once, issueFormToken } from "../../../app/models/shared/form-token.server";
import { deliverPendingMail } from "../../../emails/outbox.server";
import { createMailTransport } from "../../../emails/transport.server";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  ACME,
  BUYER,
  CONTROLLER,
  FINANCE,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  REQUESTER,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { TestSmtpServer } from "../../factories/smtp-server";
import { english } from "../../support/english";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";

const DAY = 86_400_000;
const onPostgres = await postgresReachable();
let t: TestDb;
let demo: Demo;
let now: Date;
let sites: { id: string; label: string }[];
let items: Map<string, string>;
const day = (offset: number) => new Date(now.getTime() + offset * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDb("requisitions", { max: 12 });
  now = new Date();
  demo = await seededDemo(t.db, now);
  sites = await t.db
    .selectFrom("ship_to_addresses")
    .where("org_id", "=", demo.orgId(ACME))
    .select(["id", "label"])
    .orderBy("is_default", "desc")
    .execute();
  const rows = await t.db
    .selectFrom("agreement_items")
    .innerJoin("agreements", "agreements.id", "agreement_items.agreement_id")
    .where("agreements.status", "=", "active")
    .select(["agreement_items.id", "agreement_items.item_name"])
    .execute();
  items = new Map(rows.map((r) => [r.item_name, r.id]));
});
afterAll(async () => {
  await t?.destroy();
});

function catalogueLine(item: string, quantity: string, wantedBy: string, site = 0) {
  const id = items.get(item);
  if (!id) throw new Error(`no catalogue item ${item}`);
  return { agreementItemId: id, category: "", quantity, wantedBy, shipToId: sites[site].id };
}
function request(lines: RequisitionFormInput["lines"]): RequisitionFormInput {
  return { costCentre: "CC-1", reason: "Needed for the test.", lines };
}
const requisition = (id: string) =>
  t.db.selectFrom("requisitions").where("id", "=", id).selectAll().executeTakeFirstOrThrow();
const linesOf = (id: string) =>
  t.db.selectFrom("requisition_lines").where("requisition_id", "=", id).selectAll().orderBy("position").execute();

describe("the demo's requisitions", () => {
  it("shows the requester's three states: ordered by itself, in sourcing, waiting for finance", async () => {
    const { rows } = await listRequisitions(demo.as(REQUESTER));
    expect(rows.map((r) => r.status).sort()).toEqual(["ordered", "sourcing", "submitted"]);
    const ordered = rows.find((r) => r.status === "ordered");
    const [line] = await linesOf(ordered?.id ?? "");
    const po = await t.db
      .selectFrom("purchase_orders")
      .where("id", "=", line.po_id)
      .selectAll()
      .executeTakeFirstOrThrow();
    // No buyer touched it: issued at once, delivering to the requested site, at the agreement's price.
    expect(po.status).toBe("issued");
    expect(po.ship_to_address_id).toBe(line.ship_to_address_id);
    expect(po.total).toBe("120.00");
    // Its history names the ordering run and the agreement, never the requester it answered for.
    const history = await t.db
      .selectFrom("audit_events")
      .where("entity_type", "=", "purchase_order")
      .where("entity_id", "=", po.id)
      .select(["event", "actor_id", "data"])
      .orderBy("id")
      .execute();
    // Created, submitted and, with no PO tier to pass, issued: all three the run's.
    expect(history.map((e) => e.event)).toEqual(["CREATE", "SUBMIT", "ISSUE"]);
    for (const event of history) {
      expect(event.actor_id, event.event).toBeNull();
      expect(event.data, event.event).toMatchObject({
        automatic: "requisition ordering from agreements",
        agreementId: po.agreement_id,
        onBehalfOf: po.created_by,
      });
    }
    // The buyer reads in the PO's history that the run issued it, not the product nor a person.
    const poPage = await getPoPage(demo.as(BUYER), { id: po.id });
    expect(poPage.history.map((h) => english(h.text))).toContain(
      "Requisition ordering from agreements issued the order to the supplier",
    );
    expect(poPage.history.map((h) => english(h.text)).join("\n")).not.toMatch(/Quotient issued/);
    const page = await getRequisitionPage(demo.as(REQUESTER), { id: ordered?.id ?? "" });
    // The requester follows the line to its PO, but as a summary: no link into the PO it may not read.
    expect(page.lines[0].poNumber).toBe(po.number);
    expect(page.lines[0].poLink).toBeNull();
    expect((await getRequisitionPage(demo.as(BUYER), { id: ordered?.id ?? "" })).lines[0].poLink).toBe(`/pos/${po.id}`);
  });
});

describe("the approval rule", () => {
  it("approves under threshold one at once, with the rule as the audited actor", async () => {
    const created = await createRequisition(demo.as(REQUESTER), request([catalogueLine("Hex nut M8", "100", day(60))]));
    expect(created.status).toBe("approved");
    const audit = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", created.id)
      .select(["event", "actor_id", "data"])
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.event)).toEqual(["SUBMIT", "AUTO_APPROVE"]);
    expect(audit[1].actor_id).toBeNull();
    expect(audit[1].data).toMatchObject({ automatic: "requisition approval rule" });
  });

  it("keeps the requester, and people without the rule's role, from deciding; finance approves and the requester is told", async () => {
    const created = await createRequisition(
      demo.as(REQUESTER),
      request([
        {
          itemName: "Desk lamp",
          category: "Office",
          unit: "pcs",
          unitPrice: "60",
          quantity: "10",
          wantedBy: day(20),
          shipToId: sites[0].id,
        },
      ]),
    );
    expect(created.status).toBe("submitted");
    const row = await requisition(created.id);
    expect(
      (await responseOf(approveRequisition(demo.as(REQUESTER), { id: created.id, version: row.version }))).status,
    ).toBe(403);
    expect(
      (await responseOf(approveRequisition(demo.as(BUYER), { id: created.id, version: row.version }))).status,
    ).toBe(403);
    await approveRequisition(demo.as(FINANCE), { id: created.id, version: row.version });
    const after = await requisition(created.id);
    // Free text: approved, then straight to the buyers' sourcing queue.
    expect(after.status).toBe("sourcing");
    expect((await linesOf(created.id))[0].status).toBe("sourcing");
    const told = await t.db
      .selectFrom("notifications")
      .where("user_id", "=", demo.actor(REQUESTER).userId)
      .where("path", "=", `/requisitions/${created.id}`)
      .select(["kind", "text"])
      .execute();
    expect(told.map((n) => ({ kind: n.kind, text: english(n.text) }))).toContainEqual({
      kind: "requisition_decided",
      text: `Farid Nasser approved your requisition ${after.number}.`,
    });
  });

  it("asks two different people from threshold two, and a person who holds both roles still never approves their own", async () => {
    const created = await createRequisition(
      demo.as(REQUESTER),
      request([
        {
          itemName: "Laser cutter service",
          category: "Services",
          unit: "h",
          unitPrice: "150",
          quantity: "40",
          wantedBy: day(20),
          shipToId: sites[0].id,
        },
      ]),
    );
    const first = await approveRequisition(demo.as(FINANCE), {
      id: created.id,
      version: (await requisition(created.id)).version,
    });
    expect(first.to).toBe("submitted");
    await expect(approveRequisition(demo.as(FINANCE), { id: created.id, version: first.version })).rejects.toThrow(
      "You have already approved this requisition; a second approval must come from someone else.",
    );
    const second = await approveRequisition(demo.as(CONTROLLER), { id: created.id, version: first.version });
    expect(second.to).toBe("approved");

    // Finance who is also a requester asks for something: the machine refuses their own approval.
    const both = { ...demo.actor(FINANCE), roles: ["finance", "requester"] as const };
    const ctx = { ...demo.as(FINANCE), actor: { ...both, roles: [...both.roles] } };
    const { defineAbilityFor } = await import("../../../app/auth/ability");
    const own = await createRequisition(
      { ...ctx, ability: defineAbilityFor(ctx.actor) },
      request([
        {
          itemName: "Monitor arm",
          category: "Office",
          unit: "pcs",
          unitPrice: "120",
          quantity: "5",
          wantedBy: day(20),
          shipToId: sites[0].id,
        },
      ]),
    );
    await expect(
      approveRequisition(
        { ...ctx, ability: defineAbilityFor(ctx.actor) },
        { id: own.id, version: (await requisition(own.id)).version },
      ),
    ).rejects.toThrow("You asked for this requisition, so you cannot approve it: someone else decides.");
    await rejectRequisition(demo.as(CONTROLLER), {
      id: own.id,
      version: (await requisition(own.id)).version,
      reason: "Use the spare arms.",
    });
    expect((await requisition(own.id)).status).toBe("rejected");
  });
});

describe("catalogue lines become POs by themselves", () => {
  it("consolidates two requisitions for one supplier and site in one window into one PO at the price break their sum earns; another site gets its own", async () => {
    // Wanted in 40 and 43 days with 14 days' lead time: not due yet, so both wait.
    const a = await createRequisition(demo.as(REQUESTER), request([catalogueLine("Hex bolt M8x30", "3000", day(40))]));
    const b = await createRequisition(demo.as(REQUESTER), request([catalogueLine("Hex bolt M8x30", "2500", day(43))]));
    const c = await createRequisition(
      demo.as(REQUESTER),
      request([catalogueLine("Hex bolt M8x30", "1000", day(41), 1)]),
    );
    for (const r of [a, b, c]) expect(r.status).toBe("approved");
    expect((await linesOf(a.id))[0].po_id).toBeNull();

    const mailed = await t.db.selectFrom("email_outbox").select("id").execute();
    // Twenty days on, the periodic run finds the window due.
    const later = new Date(now.getTime() + 20 * DAY);
    expect(await orderDueRequisitionLines(t.db, later)).toBe(2);
    const [lineA] = await linesOf(a.id);
    const [lineB] = await linesOf(b.id);
    const [lineC] = await linesOf(c.id);
    expect(lineA.po_id).not.toBeNull();
    expect(lineB.po_id).toBe(lineA.po_id);
    expect(lineC.po_id).not.toBe(lineA.po_id);
    const po = await t.db
      .selectFrom("purchase_orders")
      .where("id", "=", lineA.po_id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const poLines = await t.db.selectFrom("purchase_order_lines").where("po_id", "=", po.id).selectAll().execute();
    // 5500 bolts earn the 5000 break (0.10), where each requisition alone would pay 0.12.
    expect(poLines).toHaveLength(1);
    expect(poLines[0].quantity).toBe("5500.000");
    expect(poLines[0].unit_price).toBe("0.1000");
    expect(lineA.po_line_id).toBe(poLines[0].id);
    expect(po.ship_to_address_id).toBe(sites[0].id);
    // 550 EUR is under Acme's PO threshold one: issued at once, without a buyer.
    expect(po.status).toBe("issued");
    expect((await requisition(a.id)).status).toBe("ordered");
    expect((await requisition(b.id)).status).toBe("ordered");

    // The supplier's mail leaves through a real SMTP server, with the PO's PDF.
    const smtp = new TestSmtpServer();
    await smtp.start(0);
    const dir = mkdtempSync(path.join(tmpdir(), "req-mail-"));
    try {
      const transport = createMailTransport({ smtpUrl: smtp.url, mailDir: path.join(dir, "unused") });
      const pending = await t.db
        .selectFrom("email_outbox")
        .where("id", "not in", mailed.length > 0 ? mailed.map((m) => m.id) : [randomUUID()])
        .select(["to_address", "subject"])
        .execute();
      expect(pending).toContainEqual(expect.objectContaining({ to_address: NORTHWIND_SALES }));
      await deliverPendingMail({
        db: t.db,
        transport,
        from: "Quotient <no-reply@quotient.test>",
        renderAttachment: async () => ({
          filename: "po.pdf",
          content: Buffer.from("%PDF-1.4"),
          contentType: "application/pdf",
        }),
        now: () => later,
        batchSize: 1000,
      });
      const toSupplier = smtp.received.filter((m) => m.rcptTo.includes(NORTHWIND_SALES));
      const subjects = await Promise.all(toSupplier.map(async (m) => (await simpleParser(m.raw)).subject ?? ""));
      expect(subjects.some((subject) => subject.includes(po.number))).toBe(true);
      transport.close();
    } finally {
      await smtp.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves a line a cap refuses open with the reason, and writes no PO", async () => {
    const buyer = demo.as(BUYER, new Date(now.getTime() - DAY));
    const agreement = await createAgreement(buyer, {
      key: randomUUID(),
      supplierOrgId: demo.orgId(NORTHWIND),
      title: "Capped gaskets",
      currency: "EUR",
      validFrom: day(-1),
      validTo: day(200),
      leadTimeDays: "3",
      items: [
        {
          itemName: "Gasket DN50",
          specification: "",
          category: "Seals",
          unit: "pcs",
          unitPrice: "2.00",
          quantityCap: "10",
          priceBreaks: "",
        },
      ],
    });
    await sendAgreement(buyer, { id: agreement.id, version: 1 });
    await acknowledgeAgreement(demo.as(NORTHWIND_SALES, new Date(now.getTime() - DAY)), {
      id: agreement.id,
      version: 2,
    });
    items.set(
      "Gasket DN50",
      (
        await t.db
          .selectFrom("agreement_items")
          .where("agreement_id", "=", agreement.id)
          .select("id")
          .executeTakeFirstOrThrow()
      ).id,
    );
    const pos = await t.db
      .selectFrom("purchase_orders")
      .where("agreement_id", "=", agreement.id)
      .select("id")
      .execute();
    const created = await createRequisition(demo.as(REQUESTER), request([catalogueLine("Gasket DN50", "25", day(5))]));
    expect(created.status).toBe("approved");
    const [line] = await linesOf(created.id);
    expect(line.status).toBe("open");
    expect(line.po_id).toBeNull();
    expect(line.hold_reason).toMatch(/^Only 10 pcs remain under the cap of 10 pcs/);
    expect(
      await t.db.selectFrom("purchase_orders").where("agreement_id", "=", agreement.id).select("id").execute(),
    ).toEqual(pos);
  });
});

describe("what a requester may not read", () => {
  it("another organisation's requisition is 404, its RFQs are not its to read, and the list holds only its own", async () => {
    const initech = await t.db
      .insertInto("requisitions")
      .values({
        number: "REQ-X",
        org_id: demo.orgId("Initech"),
        requested_by: demo.actor(INITECH_BUYER).userId,
        currency: "USD",
        status: "submitted",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await responseOf(getRequisitionPage(demo.as(REQUESTER), { id: initech.id }))).status).toBe(404);
    const rfq = await t.db
      .selectFrom("rfqs")
      .where("org_id", "=", demo.orgId(ACME))
      .select("id")
      .executeTakeFirstOrThrow();
    expect([403, 404]).toContain((await responseOf(loadRfqFor(demo.as(REQUESTER), rfq.id, "read"))).status);
    const { rows } = await listRequisitions(demo.as(REQUESTER));
    const mine = await t.db
      .selectFrom("requisitions")
      .where("requested_by", "=", demo.actor(REQUESTER).userId)
      .select("id")
      .execute();
    expect(rows.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
  });
});

describe("a double submit and a race", () => {
  it("books a requisition posted twice with one token once", async () => {
    const token = issueFormToken();
    const ctx = demo.as(REQUESTER);
    const input = request([catalogueLine("Cable tie 200 mm", "100", day(60))]);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        once(ctx, { token, purpose: "requisition.create" }, async (tx) => ({
          id: (await createRequisition(tx, input)).id,
        })),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
  });

  it.runIf(onPostgres)("two approvers at once book one approval and one PO", async () => {
    // 5000 bolts at the 0.10 break: 500 EUR, exactly threshold one, so one approval.
    const created = await createRequisition(
      demo.as(REQUESTER),
      request([catalogueLine("Hex bolt M8x30", "5000", day(5))]),
    );
    expect(created.status).toBe("submitted");
    const version = (await requisition(created.id)).version;
    const outcomes = await Promise.allSettled([
      approveRequisition(demo.as(FINANCE), { id: created.id, version }),
      approveRequisition(demo.as(CONTROLLER), { id: created.id, version }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected");
    expect(
      refused?.status === "rejected" &&
        (refused.reason instanceof StaleVersionError || refused.reason instanceof TransitionRefusedError),
    ).toBe(true);
    const [line] = await linesOf(created.id);
    expect(line.status).toBe("ordered");
    expect(
      await t.db.selectFrom("requisition_approvals").where("requisition_id", "=", created.id).select("id").execute(),
    ).toHaveLength(1);
    const pos = await t.db
      .selectFrom("requisition_lines")
      .where("requisition_id", "=", created.id)
      .select("po_id")
      .distinct()
      .execute();
    expect(pos).toHaveLength(1);
  });
});
