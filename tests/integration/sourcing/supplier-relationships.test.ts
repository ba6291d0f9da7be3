/**
 * A supplier account decides whether to work with a new buying organisation.
 * A buyer that invites the address of a supplier it does not work with only
 * asks: it sees the address and never the name, the supplier sees none of
 * its RFQs, and no direct PO can be raised to it, until the supplier accepts
 * on its page. A declined buyer cannot ask again. Real Postgres, real
 * transactions, races run in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDirectPo, poFormOptions } from "../../../app/models/ordering/draft.server";
import type { PoFormInput } from "../../../app/models/ordering/purchase-order.schema";
import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { inviteByEmailToOpenRfq } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { supplierChoices } from "../../../app/models/sourcing/rfq.server";
import {
  acceptSupplierRelationship,
  declineSupplierRelationship,
  listSupplierRelationships,
} from "../../../app/models/sourcing/supplier-relationship.server";
import { FormError } from "../../../app/utils/errors";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  ACME,
  actingAs,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  INITECH_BUYER,
  NORTHWIND_SALES,
  responseOf,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";
import { msgWith } from "~/i18n/config";

const DAY = 86_400_000;
const VEGA = "Vega Fasteners";
const VEGA_SALES = "orders@vega.test";

let t: TestDb;
let demo: Demo;
let vegaOrgId: string;
let vegaUserId: string;

beforeAll(async () => {
  t = await createTestDb("supplier_relationships");
  demo = await seededDemo(t.db);
  // A supplier already on the platform that neither Acme nor Initech works with.
  const org = await t.db
    .insertInto("organisations")
    .values({ name: VEGA, kind: "supplier" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await t.db
    .insertInto("users")
    .values({ email: VEGA_SALES, name: "Vera Holm", password_hash: "not-used-here" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("memberships").values({ user_id: user.id, org_id: org.id, role: "supplier" }).execute();
  vegaOrgId = org.id;
  vegaUserId = user.id;
});

afterAll(async () => {
  await t?.destroy();
});

const vega = (at = new Date()) => actingAs(t.db, { userId: vegaUserId, orgId: vegaOrgId, roles: ["supplier"] }, at);

const relationship = (buyer: string, supplierOrgId = vegaOrgId) =>
  t.db
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", demo.orgId(buyer))
    .where("supplier_org_id", "=", supplierOrgId)
    .selectAll()
    .executeTakeFirst();

const mailsTo = (address: string) =>
  t.db
    .selectFrom("email_outbox")
    .where("to_address", "=", address)
    .select(["subject", "text_body"])
    .orderBy("created_at")
    .orderBy("id")
    .execute();

async function rfqInviting(buyer: string, title: string, emails: string[]) {
  const now = new Date();
  const { id } = await createRfq(
    demo.as(buyer, now),
    rfqInput({ title, deadlineAt: new Date(now.getTime() + 5 * DAY), inviteEmails: emails }),
  );
  return id;
}

const poInput = (supplierOrgId: string): PoFormInput => ({
  supplierOrgId,
  currency: "EUR",
  deliveryAddress: "Initech, 4120 Freidrich Lane, Austin",
  deliveryDate: "2027-01-15",
  paymentTerms: "Net 30",
  incoterm: "DAP",
  notes: "",
  lines: [{ itemName: "Washer M8", specification: "", quantity: "100", unit: "pcs", unitPrice: "0.05", taxRate: "0" }],
});

const poCount = async () => (await t.db.selectFrom("purchase_orders").select("id").execute()).length;

describe("a buyer invites the address of a supplier it does not work with", () => {
  let initechRfq: string;

  beforeAll(async () => {
    initechRfq = await rfqInviting(INITECH_BUYER, "Initech washers", [VEGA_SALES]);
  });

  it("only asks: the relationship waits, the invitation stays an address, and the supplier is mailed the request", async () => {
    const rel = await relationship(INITECH);
    expect(rel).toMatchObject({
      status: "invited",
      contact_email: VEGA_SALES,
      requested_by: demo.actor(INITECH_BUYER).userId,
    });
    const invitations = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", initechRfq)
      .select(["supplier_org_id", "invited_email"])
      .execute();
    expect(invitations).toEqual([{ supplier_org_id: null, invited_email: VEGA_SALES }]);
    const [mail] = await mailsTo(VEGA_SALES);
    expect(mail.subject).toBe("Initech asks to work with you on Quotient");
    expect(mail.text_body).toContain("/relationships");
    expect(mail.text_body).not.toContain("/register/");
    expect(mail.text_body).not.toContain(`/rfqs/${initechRfq}`);
    const events = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", rel!.id)
      .select(["org_id", "event", "to_state", "data"])
      .execute();
    expect(events.map((e) => [e.org_id, e.event, e.to_state])).toEqual([
      [demo.orgId(INITECH), "REQUEST", "invited"],
      [vegaOrgId, "REQUEST", "invited"],
    ]);
    // The buyer's own trail names only the address.
    expect(JSON.stringify(events[0].data)).not.toContain(vegaOrgId);
  });

  it("shows the buyer only the address on the RFQ page, and the supplier cannot open the RFQ", async () => {
    const page = await getRfqPage(demo.as(INITECH_BUYER), { id: initechRfq });
    const text = JSON.stringify(page);
    expect(text).toContain(VEGA_SALES);
    expect(text).not.toContain(VEGA);
    expect(text).not.toContain(vegaOrgId);
    expect((await responseOf(getRfqPage(vega(), { id: initechRfq }))).status).toBe(404);
  });

  it("offers no direct PO to it, and refuses one next to the supplier field, writing nothing", async () => {
    const ctx = demo.as(INITECH_BUYER);
    expect((await poFormOptions(ctx)).suppliers.map((s) => s.id)).not.toContain(vegaOrgId);
    expect((await supplierChoices(ctx)).available.map((s) => s.id)).not.toContain(vegaOrgId);
    const before = await poCount();
    const refused = await createDirectPo(ctx, poInput(vegaOrgId)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormError);
    expect((refused as FormError).fieldErrors).toEqual({
      supplierOrgId: "This supplier has not accepted to work with your organisation yet.",
    });
    expect(await poCount()).toBe(before);
  });

  it("lets it be invited again while it has not answered, still by address only", async () => {
    const second = await rfqInviting(INITECH_BUYER, "Initech bolts", [VEGA_SALES.toUpperCase()]);
    const invitations = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", second)
      .select(["supplier_org_id", "invited_email"])
      .execute();
    expect(invitations).toEqual([{ supplier_org_id: null, invited_email: VEGA_SALES }]);
    // One request, one mail: the second invitation waits with the first.
    expect(await mailsTo(VEGA_SALES)).toHaveLength(1);
  });

  it("shows each supplier only the requests addressed to it", async () => {
    const mine = await listSupplierRelationships(vega());
    expect(mine.map((r) => [r.buyerName, r.status])).toEqual([["Initech", "invited"]]);
    expect(mine[0].rfqs.map((r) => r.title).sort()).toEqual(["Initech bolts", "Initech washers"]);
    expect(mine[0].can).toEqual({ accept: true, decline: true });
    const globex = await listSupplierRelationships(demo.as(GLOBEX_SALES));
    expect(globex.map((r) => [r.buyerName, r.status]).sort()).toEqual([
      ["Acme Manufacturing", "active"],
      ["Initech", "invited"],
    ]);
    expect(JSON.stringify(globex)).not.toContain("washers");
    // A buyer's own list is not this page.
    expect(await listSupplierRelationships(demo.as(INITECH_BUYER))).toEqual([]);
  });

  it("refuses anyone but the supplier: another supplier gets 404, the buyer that asked 403", async () => {
    const rel = (await relationship(INITECH))!;
    const before = await relationship(INITECH);
    expect(
      (await responseOf(acceptSupplierRelationship(demo.as(NORTHWIND_SALES), { id: rel.id, version: 1 }))).status,
    ).toBe(404);
    expect(
      (await responseOf(declineSupplierRelationship(demo.as(GLOBEX_SALES), { id: rel.id, version: 1 }))).status,
    ).toBe(404);
    expect(
      (await responseOf(acceptSupplierRelationship(demo.as(INITECH_BUYER), { id: rel.id, version: 1 }))).status,
    ).toBe(403);
    expect((await responseOf(acceptSupplierRelationship(demo.as(BUYER), { id: rel.id, version: 1 }))).status).toBe(404);
    expect(await relationship(INITECH)).toEqual(before);
  });

  it("keeps another buyer's request apart: Acme asks too, and Initech's acceptance does not leak to it", async () => {
    const acmeRfq = await rfqInviting(BUYER, "Acme washers", [VEGA_SALES]);
    const initechRel = (await relationship(INITECH))!;
    const accepted = await acceptSupplierRelationship(vega(), { id: initechRel.id, version: initechRel.version });
    expect(accepted).toMatchObject({ from: "invited", to: "active", invitations: 2 });

    expect((await relationship(ACME))?.status).toBe("invited");
    const acmePage = JSON.stringify(await getRfqPage(demo.as(BUYER), { id: acmeRfq }));
    expect(acmePage).toContain(VEGA_SALES);
    expect(acmePage).not.toContain(VEGA);
    expect((await poFormOptions(demo.as(BUYER))).suppliers.map((s) => s.id)).not.toContain(vegaOrgId);
    expect((await responseOf(getRfqPage(vega(), { id: acmeRfq }))).status).toBe(404);
  });

  it("after acceptance the buyer sees the name, the supplier the RFQ, and a direct PO is possible", async () => {
    const page = await getRfqPage(demo.as(INITECH_BUYER), { id: initechRfq });
    expect(JSON.stringify(page)).toContain(VEGA);
    const supplierPage = await getRfqPage(vega(), { id: initechRfq });
    expect(supplierPage.rfq.title).toBe("Initech washers");
    expect((await poFormOptions(demo.as(INITECH_BUYER))).suppliers).toContainEqual({ id: vegaOrgId, name: VEGA });
    const { poId } = await createDirectPo(demo.as(INITECH_BUYER), poInput(vegaOrgId));
    expect(poId).toMatch(/^[0-9a-f-]{36}$/);

    const rel = (await relationship(INITECH))!;
    expect(rel).toMatchObject({ status: "active", decided_by: vegaUserId, decline_reason: null });
    expect(rel.decided_at).not.toBeNull();
    const mail = (await mailsTo(INITECH_BUYER)).at(-1)!;
    expect(mail.subject).toBe(`${VEGA} accepted to work with you`);
    expect(mail.text_body).toContain(VEGA_SALES);
    const events = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", rel.id)
      .where("event", "=", "ACCEPT")
      .select(["org_id", "from_state", "to_state"])
      .execute();
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.org_id).sort()).toEqual([demo.orgId(INITECH), vegaOrgId].sort());
    // Now on Initech's list: the address is pointed back to it.
    const again = await rfqInviting(INITECH_BUYER, "Initech nuts", [VEGA_SALES]).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(FormError);
    expect((again as FormError).fieldErrors.inviteEmails).toEqual(
      msgWith("{{email}} already works for {{supplier}}, which is on your supplier list: tick it there instead.", {
        email: VEGA_SALES,
        supplier: VEGA,
      }),
    );
  });

  it("a decline keeps the name hidden, tells the buyer, and the buyer cannot ask again", async () => {
    const rel = (await relationship(ACME))!;
    const acmeRfq = (await demo.rfq("Acme washers")).id;
    await declineSupplierRelationship(vega(), {
      id: rel.id,
      version: rel.version,
      reason: "  We only serve the automotive sector.  ",
    });
    expect(await relationship(ACME)).toMatchObject({
      status: "declined",
      decline_reason: "We only serve the automotive sector.",
      decided_by: vegaUserId,
    });
    const page = JSON.stringify(await getRfqPage(demo.as(BUYER), { id: acmeRfq }));
    expect(page).toContain(VEGA_SALES);
    expect(page).not.toContain(VEGA);
    expect((await responseOf(getRfqPage(vega(), { id: acmeRfq }))).status).toBe(404);

    const mail = (await mailsTo(BUYER)).at(-1)!;
    expect(mail.subject).toBe(`Your invitation to ${VEGA_SALES} was declined`);
    expect(mail.text_body).toContain("We only serve the automotive sector.");
    expect(mail.text_body).not.toContain(VEGA);

    const before = await t.db.selectFrom("rfqs").select("id").execute();
    const refused = await rfqInviting(BUYER, "Acme washers, again", [VEGA_SALES]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FormError);
    expect((refused as FormError).fieldErrors).toEqual({
      inviteEmails: msgWith(
        "The supplier at {{email}} declined to work with your organisation, so it cannot be invited.",
        { email: VEGA_SALES },
      ),
    });
    expect(await t.db.selectFrom("rfqs").select("id").execute()).toHaveLength(before.length);
    // Nor by adding the address to an RFQ that is already open.
    const open = await rfqInviting(BUYER, "Acme open RFQ", ["newcomer@elsewhere.test"]);
    const added = await inviteByEmailToOpenRfq(demo.as(BUYER), { id: open, emails: [VEGA_SALES] }).catch(
      (e: unknown) => e,
    );
    expect(added).toBeInstanceOf(FormError);
    expect(
      await t.db.selectFrom("rfq_invitations").where("rfq_id", "=", open).select("invited_email").execute(),
    ).toEqual([{ invited_email: "newcomer@elsewhere.test" }]);

    const po = await createDirectPo(demo.as(BUYER), poInput(vegaOrgId)).catch((e: unknown) => e);
    expect((po as FormError).fieldErrors).toEqual({ supplierOrgId: "Choose one of your active suppliers." });

    // Declining again is refused by the machine and changes nothing.
    const declined = (await relationship(ACME))!;
    const again = await declineSupplierRelationship(vega(), { id: declined.id, version: declined.version }).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(TransitionRefusedError);
    expect(await relationship(ACME)).toEqual(declined);
  });

  it("the supplier's page lists the declined buyer with Accept still offered", async () => {
    const mine = await listSupplierRelationships(vega());
    const acme = mine.find((r) => r.buyerName === ACME)!;
    expect(acme).toMatchObject({ status: "declined", can: { accept: true, decline: false } });
    expect(mine.find((r) => r.buyerName === INITECH)).toMatchObject({ can: { accept: false, decline: false } });
  });
});

describe("races on one request", () => {
  it("an accept and a decline at once: exactly one wins, the other is stale, and nothing is half-written", async () => {
    const rel = (await relationship(INITECH, demo.orgId(GLOBEX)))!;
    expect(rel.status).toBe("invited");
    const results = await Promise.allSettled([
      acceptSupplierRelationship(demo.as(GLOBEX_SALES), { id: rel.id, version: rel.version }),
      declineSupplierRelationship(demo.as(GLOBEX_SALES), { id: rel.id, version: rel.version, reason: "No" }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(StaleVersionError);
    const after = (await relationship(INITECH, demo.orgId(GLOBEX)))!;
    expect(after.version).toBe(rel.version + 1);
    const decided = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", rel.id)
      .where("event", "in", ["ACCEPT", "DECLINE"])
      .select("event")
      .execute();
    // The winner's events only (two for an acceptance: one per side; two for a decline too).
    expect(new Set(decided.map((e) => e.event)).size).toBe(1);
    const buyerMails = (await mailsTo(INITECH_BUYER)).filter(
      (m) => m.subject.includes("Globex") || m.subject.includes(GLOBEX_SALES),
    );
    expect(buyerMails).toHaveLength(1);
  });

  it("two buyers' invitations of the same address at once each make one request", async () => {
    const email = "twice@vega.test";
    const user = await t.db
      .insertInto("users")
      .values({ email, name: "Tom Twice", password_hash: "not-used-here" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const org = await t.db
      .insertInto("organisations")
      .values({ name: "Twice Tools", kind: "supplier" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ user_id: user.id, org_id: org.id, role: "supplier" }).execute();
    await Promise.all([
      rfqInviting(INITECH_BUYER, "Initech race 1", [email]),
      rfqInviting(INITECH_BUYER, "Initech race 2", [email]),
      rfqInviting(BUYER, "Acme race", [email]),
    ]);
    const rows = await t.db
      .selectFrom("supplier_relationships")
      .where("supplier_org_id", "=", org.id)
      .select(["buyer_org_id", "status"])
      .execute();
    expect(rows.map((r) => r.status)).toEqual(["invited", "invited"]);
    expect(new Set(rows.map((r) => r.buyer_org_id))).toEqual(new Set([demo.orgId(INITECH), demo.orgId(ACME)]));
    expect(await mailsTo(email)).toHaveLength(2);
  });
});
