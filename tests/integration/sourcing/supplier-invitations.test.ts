/**
 * "Add a supplier" from the supplier list: an address invited with
 * categories, without an RFQ. A new address registers through its link (one
 * registration path with RFQ invitations) and joins as consented and pending
 * the buyer's judgement; an address of a supplier on the platform is only
 * asked. Every refusal: wrong role, another organisation, an expired or used
 * link, a blocked or declining supplier, hostile input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { inTransaction, type Ctx } from "../../../app/models/shared/context.server";
import { once } from "../../../app/models/shared/form-token.server";
import {
  readRegistrationLink,
  registerSupplier,
  RegistrationLinkError,
  REGISTRATION_LINK_DAYS,
} from "../../../app/models/sourcing/registration.server";
import {
  inviteSupplierSchema,
  type InviteSupplierInput,
} from "../../../app/models/sourcing/supplier-invitation.schema";
import {
  inviteSupplier,
  listWaitingSupplierInvitations,
} from "../../../app/models/sourcing/supplier-invitation.server";
import { getSupplierPage, listSuppliers } from "../../../app/models/sourcing/supplier-list.server";
import { qualifySupplier } from "../../../app/models/sourcing/supplier-qualification.server";
import {
  acceptSupplierRelationship,
  declineSupplierRelationship,
  listSupplierRelationships,
} from "../../../app/models/sourcing/supplier-relationship.server";
import { FormError } from "../../../app/utils/errors";
import { readSubmission } from "../../../app/utils/submission.server";
import { defineAbilityFor } from "../../../app/auth/ability";
import {
  ACME,
  BUYER,
  FINANCE,
  GLOBEX_SALES,
  INITECH,
  INITECH_BUYER,
  NORTHWIND_SALES,
  REQUESTER,
  actingAs,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { english } from "../../support/english";
import { createTestDb, type TestDb } from "../../support/test-db";
import { msgWith } from "~/i18n/config";

const DAY = 86_400_000;
const ADMIN = "admin@acme.test";

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("supplier_invitations");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / 60_000) * 60_000);
});

afterAll(async () => {
  await t?.destroy();
});

const registration = (organisationName: string, name: string) => ({
  organisationName,
  address: "Kungsgatan 1\n111 43 Stockholm\nSweden",
  name,
  password: "long enough to be a passphrase",
});

function invite(ctx: Ctx, input: Partial<InviteSupplierInput> & { email: string }) {
  return inTransaction(ctx, (_trx, tx) =>
    inviteSupplier(tx, { categories: ["Fasteners"], contactName: undefined, ...input }),
  );
}

async function mailsTo(email: string) {
  return t.db
    .selectFrom("email_outbox")
    .where("to_address", "=", email)
    .select(["subject", "text_body"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

async function mailedToken(email: string): Promise<string> {
  const [last] = await mailsTo(email);
  const match = /\/register\/([A-Za-z0-9_-]+)/.exec(last?.text_body ?? "");
  expect(match, last?.text_body).not.toBeNull();
  return match![1];
}

async function relationship(buyerOrgId: string, supplierOrgId: string) {
  return t.db
    .selectFrom("supplier_relationships")
    .where("buyer_org_id", "=", buyerOrgId)
    .where("supplier_org_id", "=", supplierOrgId)
    .selectAll()
    .executeTakeFirst();
}

async function buyerAudit(orgId: string, event: string) {
  return t.db
    .selectFrom("audit_events")
    .where("org_id", "=", orgId)
    .where("entity_type", "=", "supplier_invitation")
    .where("event", "=", event)
    .selectAll()
    .execute();
}

describe("an address without an account", () => {
  const email = "sales@vega-fasteners.test";
  let token: string;
  let supplierOrgId: string;

  it("is mailed a registration link, audited, and waits on the buyer's list by its address", async () => {
    const done = await invite(demo.as(BUYER, now), {
      email: " Sales@Vega-Fasteners.test ",
      contactName: "Vera Holm",
      categories: ["Fasteners", "Washers"],
    });
    expect(done).toEqual({ outcome: "invited", email });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(`${ACME} invites you to join its suppliers on Quotient`);
    expect(mails[0].text_body).toContain("Hello Vera Holm,");
    expect(mails[0].text_body).toContain("Fasteners, Washers");
    token = await mailedToken(email);
    const stored = await t.db.selectFrom("registration_tokens").where("email", "=", email).selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].invitation_id).toBeNull();
    expect(await buyerAudit(demo.orgId(ACME), "SUPPLIER_INVITED")).toHaveLength(1);
    const waiting = await listWaitingSupplierInvitations(demo.as(BUYER, now));
    expect(waiting.map((w) => [w.email, w.contactName, w.categories, w.expired])).toEqual([
      [email, "Vera Holm", ["Fasteners", "Washers"], false],
    ]);
  });

  it("is not mailed twice when invited again while its link works; the categories grow", async () => {
    const again = await invite(demo.as(ADMIN, new Date(now.getTime() + 60_000)), {
      email,
      categories: ["Washers", "Bolts"],
    });
    expect(again).toEqual({ outcome: "already_invited", email });
    expect(await mailsTo(email)).toHaveLength(1);
    const rows = await t.db.selectFrom("supplier_invitations").where("email", "=", email).selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].categories).toEqual(["Fasteners", "Washers", "Bolts"]);
    expect(rows[0].contact_name).toBe("Vera Holm");
    expect(await buyerAudit(demo.orgId(ACME), "SUPPLIER_REINVITED")).toHaveLength(1);
  });

  it("sends the same form twice and books it once", async () => {
    const ctx = demo.as(BUYER, now);
    const send = () =>
      once(ctx, { token: "ft_double-submit-token-0000000000000000", purpose: "supplier.invite" }, (tx) =>
        inviteSupplier(tx, { email: "twice@vega-fasteners.test", categories: ["Fasteners"], contactName: undefined }),
      );
    const [first, second] = await Promise.all([send(), send()]);
    expect(second).toEqual(first);
    expect(await mailsTo("twice@vega-fasteners.test")).toHaveLength(1);
  });

  it("registers through the link: the organisation consented and waits for the buyer's approval", async () => {
    const link = await readRegistrationLink(t.db, token, now);
    expect(link).toMatchObject({ state: "ready", email, buyerName: ACME, rfqTitle: null, rfqId: null });
    const done = await registerSupplier(t.db, token, registration("Vega Fasteners", "Vera Holm"), now);
    expect(done.rfqId).toBeNull();
    supplierOrgId = done.orgId;
    const rel = await relationship(demo.orgId(ACME), supplierOrgId);
    expect(rel).toMatchObject({
      status: "active",
      qualification_status: "pending",
      categories: ["Fasteners", "Washers", "Bolts"],
      contact_email: email,
    });
    const listed = await listSuppliers(demo.as(BUYER, now), { q: "Vega" });
    expect(listed.items.map((s) => [s.name, s.qualification, s.consent])).toEqual([
      ["Vega Fasteners", "pending", "active"],
    ]);
    // Pending: on the list, but not to be chosen until the buyer approves it.
    expect(listed.items[0].unavailable).toBe("Pending qualification: not approved yet.");
    expect(await listWaitingSupplierInvitations(demo.as(BUYER, now))).toHaveLength(1);
    expect(await buyerAudit(demo.orgId(ACME), "INVITATION_ACCEPTED")).toHaveLength(1);
    const told = await t.db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .where("users.email", "=", BUYER)
      .where("notifications.path", "=", `/suppliers/${supplierOrgId}`)
      .select("notifications.text")
      .execute();
    expect(told.map((n) => english(n.text))).toEqual([
      `Vega Fasteners (${email}) registered and joined your suppliers, waiting for your approval.`,
    ]);
  });

  it("refuses the link once used, and writes nothing", async () => {
    const before = await t.db.selectFrom("organisations").select("id").execute();
    const reuse = registerSupplier(t.db, token, registration("Vega Again", "Someone Else"), now);
    await expect(reuse).rejects.toBeInstanceOf(RegistrationLinkError);
    await expect(reuse).rejects.toMatchObject({ link: { state: "used" } });
    expect(await t.db.selectFrom("organisations").select("id").execute()).toHaveLength(before.length);
  });

  it("refuses a blocked supplier invited again, naming the block, until an admin lifts it", async () => {
    const rel = await relationship(demo.orgId(ACME), supplierOrgId);
    await qualifySupplier(demo.as(BUYER, now), {
      supplierOrgId,
      intent: "block",
      version: rel!.version,
      reason: "Counterfeit certificates",
    });
    const mailsBefore = (await mailsTo(email)).length;
    await expect(invite(demo.as(BUYER, now), { email })).rejects.toThrow(
      new FormError({
        email: msgWith(
          "{{supplier}} is blocked by your organisation ({{why}}). An admin lifts the block on its page before it is invited again.",
          { supplier: "Vega Fasteners", why: "Blocked: Counterfeit certificates" },
        ),
      }),
    );
    expect((await relationship(demo.orgId(ACME), supplierOrgId))?.qualification_status).toBe("blocked");
    expect(await mailsTo(email)).toHaveLength(mailsBefore);
  });
});

describe("a link that expired", () => {
  const email = "orders@lyra-packaging.test";

  it("refuses to register, and inviting again mails a fresh link that works", async () => {
    await invite(demo.as(BUYER, now), { email, categories: ["Packaging"] });
    const old = await mailedToken(email);
    const later = new Date(now.getTime() + (REGISTRATION_LINK_DAYS + 1) * DAY);
    expect((await readRegistrationLink(t.db, old, later)).state).toBe("expired");
    await expect(registerSupplier(t.db, old, registration("Lyra Packaging", "Lena Berg"), later)).rejects.toMatchObject(
      { link: { state: "expired" } },
    );
    expect((await listWaitingSupplierInvitations(demo.as(BUYER, later)))[0]).toMatchObject({ email, expired: true });

    expect(await invite(demo.as(BUYER, later), { email, categories: ["Packaging"] })).toEqual({
      outcome: "invited",
      email,
    });
    const fresh = await mailedToken(email);
    expect(fresh).not.toBe(old);
    expect((await readRegistrationLink(t.db, old, later)).state).toBe("expired");
    const done = await registerSupplier(t.db, fresh, registration("Lyra Packaging", "Lena Berg"), later);
    expect((await relationship(demo.orgId(ACME), done.orgId))?.qualification_status).toBe("pending");
  });
});

describe("an address of a supplier already on the platform", () => {
  it("is only asked: the buyer sees no name until the supplier accepts on its relationships page", async () => {
    // Northwind works with Acme, not with this new organisation of ours: a fresh buyer for it.
    const initech = demo.orgId(INITECH);
    const northwind = demo.actor(NORTHWIND_SALES).orgId;
    await t.db
      .deleteFrom("supplier_relationships")
      .where("buyer_org_id", "=", initech)
      .where("supplier_org_id", "=", northwind)
      .execute();
    const done = await invite(demo.as(INITECH_BUYER, now), { email: NORTHWIND_SALES, categories: ["Bearings"] });
    expect(done).toEqual({ outcome: "invited", email: NORTHWIND_SALES });
    const rel = await relationship(initech, northwind);
    expect(rel).toMatchObject({ status: "invited", qualification_status: "pending", categories: ["Bearings"] });
    // No registration link: it has an account.
    expect(
      await t.db.selectFrom("registration_tokens").where("email", "=", NORTHWIND_SALES).selectAll().execute(),
    ).toEqual([]);
    const page = await listSuppliers(demo.as(INITECH_BUYER, now), { consent: "invited" });
    expect(page.items.find((s) => s.supplierOrgId === northwind)?.name).toBe(NORTHWIND_SALES);

    // Asked again: one request, no second mail.
    const asked = (await mailsTo(NORTHWIND_SALES)).length;
    expect(await invite(demo.as(INITECH_BUYER, now), { email: NORTHWIND_SALES })).toEqual({
      outcome: "already_invited",
      email: NORTHWIND_SALES,
    });
    expect(await mailsTo(NORTHWIND_SALES)).toHaveLength(asked);

    const request = (await listSupplierRelationships(demo.as(NORTHWIND_SALES, now))).find(
      (r) => r.buyerName === INITECH,
    );
    expect(request?.can.accept).toBe(true);
    await acceptSupplierRelationship(demo.as(NORTHWIND_SALES, now), { id: request!.id, version: request!.version });
    expect(await relationship(initech, northwind)).toMatchObject({ status: "active", qualification_status: "pending" });
    const supplier = await getSupplierPage(demo.as(INITECH_BUYER, now), { supplierOrgId: northwind });
    expect(supplier.supplier.name).not.toBe(NORTHWIND_SALES);
    expect(supplier.supplier.accepted).toBe(true);
  });

  it("is refused, without the supplier's name, when the supplier declined the organisation", async () => {
    // The demo's waiting request of Initech to Globex, declined by Globex.
    const rel = await relationship(demo.orgId(INITECH), demo.actor(GLOBEX_SALES).orgId);
    expect(rel?.status).toBe("invited");
    await declineSupplierRelationship(demo.as(GLOBEX_SALES, now), { id: rel!.id, version: rel!.version });
    await expect(invite(demo.as(INITECH_BUYER, now), { email: GLOBEX_SALES })).rejects.toThrow(
      new FormError({
        email: msgWith("The supplier at {{email}} declined to work with your organisation, so it cannot be invited.", {
          email: GLOBEX_SALES,
        }),
      }),
    );
  });
});

describe("refusals", () => {
  it.each([
    ["finance", FINANCE],
    ["a requester", REQUESTER],
    ["a supplier", NORTHWIND_SALES],
  ])("refuses %s with 403, writing nothing", async (_who, email) => {
    const before = await t.db.selectFrom("supplier_invitations").select("id").execute();
    const refused = await responseOf(invite(demo.as(email, now), { email: "nobody@refused.test" }));
    expect(refused.status).toBe(403);
    expect(await t.db.selectFrom("supplier_invitations").select("id").execute()).toHaveLength(before.length);
    expect(await mailsTo("nobody@refused.test")).toEqual([]);
  });

  it("keeps another organisation's invitations its own: its list, its link, its relationship", async () => {
    const email = "hello@orion-tools.test";
    await invite(demo.as(BUYER, now), { email, categories: ["Tools"] });
    await invite(demo.as(INITECH_BUYER, now), { email, categories: ["Tools"] });
    // Each organisation its own row and its own link.
    expect(await mailsTo(email)).toHaveLength(2);
    const initechWaiting = await listWaitingSupplierInvitations(demo.as(INITECH_BUYER, now));
    expect(initechWaiting.map((w) => w.email)).toEqual([email]);
    // Acme's admin of another organisation's people: an Initech buyer never sees Acme's invitations.
    expect(initechWaiting.some((w) => w.email === "sales@vega-fasteners.test")).toBe(false);
    // A buyer acting with another organisation's id still writes only into its own.
    const forged = actingAs(
      t.db,
      { ...demo.actor(INITECH_BUYER), orgId: demo.orgId(ACME) },
      now,
      defineAbilityFor(demo.actor(INITECH_BUYER)),
    );
    expect((await responseOf(invite(forged, { email: "forged@orion-tools.test" }))).status).toBe(403);
  });

  it("answers hostile input beside the field", () => {
    const read = (entries: [string, string][]) => {
      const form = new FormData();
      for (const [k, v] of entries) form.append(k, v);
      return readSubmission(form, inviteSupplierSchema);
    };
    const errorsOf = async (entries: [string, string][]) => {
      const parsed = read(entries);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return {};
      return ((await parsed.response.json()) as { error: Record<string, string[]> }).error;
    };
    return Promise.all([
      errorsOf([
        ["email", "not-an-address"],
        ["categories", "Fasteners"],
      ]).then((e) => expect(e.email).toEqual(["Enter a valid email address, like sales@supplier.com."])),
      errorsOf([
        ["email", "a@b.test"],
        ["contactName", "Vera\u0000Holm"],
        ["categories", "Fasteners"],
      ]).then((e) => expect(Object.keys(e)).toContain("contactName")),
      errorsOf([
        ["email", "a@b.test"],
        ["email", "c@d.test"],
        ["categories", "Fasteners"],
      ]).then((e) => expect(e.email).toEqual(["This field was sent more than once. Enter one value."])),
      errorsOf([
        ["email", "a@b.test"],
        ["categories", " , ,"],
      ]).then((e) => expect(e.categories).toEqual(["Enter at least one category."])),
    ]);
  });
});
