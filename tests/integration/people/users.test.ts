/**
 * An admin keeps its organisation's people: invitations by address with one
 * or more roles (mailed single-use link, accepted with a name and a
 * password), role changes, deactivation (sessions end at once, history
 * keeps the name), a fresh invitation; every refusal: another
 * organisation's people (404), a role that is not admin (403/404), an
 * expired or reused link, a deactivated person, the last admin, oneself.
 * A person with several roles gets their union, and still never approves a
 * PO they created.
 */
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { defineAbilityFor, subject } from "../../../app/auth/ability";
import { attemptSignIn } from "../../../app/auth/login.server";
import { findUserBySession } from "../../../app/auth/session.server";
import { acceptInvitation, readInvitation } from "../../../app/models/people/invitation.server";
import { requestPasswordReset } from "../../../app/models/people/password-reset.server";
import { inviteSchema } from "../../../app/models/people/users.schema";
import {
  changeRoles,
  deactivateUser,
  getUserPage,
  inviteUser,
  listUsers,
  reactivateUser,
  reinviteUser,
} from "../../../app/models/people/users.server";
import { approvePo, submitPo } from "../../../app/models/ordering/approval.server";
import { createDirectPo } from "../../../app/models/ordering/draft.server";
import { FormError } from "../../../app/utils/errors";
import { appendAuditEvent } from "../../../workflows/audit.server";
import {
  ACME,
  actingAs,
  auditOf,
  BUYER,
  FINANCE,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { Mailbox } from "../../factories/mailbox";
import { poVersion } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

const ADMIN = "admin@acme.test";
const DAY = 86_400_000;

let t: TestDb;
let demo: Demo;
const mailbox = new Mailbox();

beforeAll(async () => {
  t = await createTestDb("people_users");
  demo = await seededDemo(t.db);
  await mailbox.open();
  // The demo's own mail (RFQ invitations) first, so each test reads only what it caused.
  await mailbox.deliver(t.db);
});

afterAll(async () => {
  await mailbox.close();
  await t?.destroy();
});

/** Invites `email`, reads the mailed link, accepts it; returns the new person's session and id. */
async function joined(email: string, roles: ("buyer" | "finance" | "admin")[], name = "New Colleague") {
  const { id } = await inviteUser(demo.as(ADMIN), { email, roles });
  await mailbox.deliver(t.db);
  const token = mailbox.link(email, "/invitation/");
  const done = await acceptInvitation(t.db, token, { name, password: "a colleague's passphrase" }, new Date());
  if (!done.accepted) throw new Error(`invitation not accepted: ${done.state}`);
  return { id, sessionId: done.sessionId, token };
}

const sessionCount = async (userId: string) =>
  Number(
    (
      await t.db
        .selectFrom("sessions")
        .where("user_id", "=", userId)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("inviting a colleague", () => {
  it("mails a link that lets them set name and password, with every role given, and signs them in", async () => {
    const email = "nina.buyer@acme.test";
    const { id } = await inviteUser(demo.as(ADMIN), { email, roles: ["buyer", "finance"] });
    const listed = (await listUsers(demo.as(ADMIN))).find((u) => u.id === id);
    expect(listed).toMatchObject({ email, statusLabel: "Invited", rolesLabel: "Buyer, Finance", lastSignIn: null });
    // Not a working account yet.
    expect(await attemptSignIn(t.db, { email, password: "", address: "10.2.0.1" })).toEqual({ outcome: "mismatch" });

    const [mail] = await mailbox.deliver(t.db);
    expect(mail).toMatchObject({ to: [email], subject: "Adam Okafor invites you to Acme Manufacturing on Quotient" });
    expect(mail.text).toContain("as buyer, finance");
    const token = mailbox.link(email, "/invitation/");
    expect(await readInvitation(t.db, token, new Date())).toMatchObject({
      state: "ready",
      email,
      organisationName: ACME,
    });
    await expect(
      acceptInvitation(t.db, token, { name: "Nina", password: "nina.buyer rocks" }, new Date()),
    ).rejects.toBeInstanceOf(FormError);
    const done = await acceptInvitation(t.db, token, { name: "Nina Berg", password: "a long passphrase" }, new Date());
    if (!done.accepted) throw new Error(done.state);
    const me = await findUserBySession(t.db, done.sessionId);
    expect(me).toMatchObject({ userId: id, name: "Nina Berg", orgId: demo.orgId(ACME) });
    expect([...(me?.roles ?? [])].sort()).toEqual(["buyer", "finance"]);
    expect((await listUsers(demo.as(ADMIN))).find((u) => u.id === id)).toMatchObject({
      name: "Nina Berg",
      statusLabel: "Active",
    });
    // Reused: refused, and nothing about the person changes.
    expect(
      await acceptInvitation(t.db, token, { name: "Mallory", password: "taking over the account" }, new Date()),
    ).toEqual({
      accepted: false,
      state: "used",
    });
    expect((await auditOf(t.db, id)).map((e) => e.event)).toEqual(["USER_INVITED", "INVITATION_ACCEPTED"]);
  });

  it("refuses an address already in the organisation or elsewhere, next to the field", async () => {
    await expect(inviteUser(demo.as(ADMIN), { email: BUYER.toUpperCase(), roles: ["buyer"] })).rejects.toMatchObject({
      fieldErrors: { email: "This person is already in your organisation." },
    });
    await expect(inviteUser(demo.as(ADMIN), { email: INITECH_BUYER, roles: ["buyer"] })).rejects.toMatchObject({
      fieldErrors: { email: expect.stringMatching(/already has a Quotient account elsewhere/) },
    });
  });

  it("refuses an expired link, and a new invitation replaces the old link", async () => {
    const email = "late.comer@acme.test";
    const { id } = await inviteUser(demo.as(ADMIN), { email, roles: ["finance"] });
    await mailbox.deliver(t.db);
    const old = mailbox.link(email, "/invitation/");
    const later = new Date(Date.now() + 8 * DAY);
    expect(await acceptInvitation(t.db, old, { name: "Late", password: "a long passphrase" }, later)).toEqual({
      accepted: false,
      state: "expired",
    });
    await reinviteUser(demo.as(ADMIN), { id });
    await mailbox.deliver(t.db);
    const fresh = mailbox.link(email, "/invitation/");
    expect(fresh).not.toBe(old);
    expect(await readInvitation(t.db, old, new Date())).toMatchObject({ state: "used" });
    const both = await Promise.all([
      acceptInvitation(t.db, fresh, { name: "Late Comer", password: "a long passphrase" }, new Date()),
      acceptInvitation(t.db, fresh, { name: "Late Comer", password: "a long passphrase" }, new Date()),
    ]);
    expect(both.filter((b) => b.accepted)).toHaveLength(1);
    // Accepted: nothing left to invite again.
    await expect(reinviteUser(demo.as(ADMIN), { id })).rejects.toBeInstanceOf(FormError);
  });

  it("reads one role or several from the form, and refuses none or an unknown one", () => {
    const parse = (roles: unknown) => inviteSchema.safeParse({ intent: "invite", email: "a@acme.test", roles });
    expect(parse(["buyer", "finance", "buyer"]).data?.roles).toEqual(["buyer", "finance"]);
    expect(parse([]).success).toBe(false);
    expect(parse(undefined).success).toBe(false);
    // A supplier organisation's admin gives the supplier role: the organisation's kind decides, on the server.
    expect(parse(["supplier"]).success).toBe(true);
    expect(parse(["owner"]).success).toBe(false);
  });
});

describe("a person with several roles", () => {
  it("may buy and approve, but never approves a PO they created", async () => {
    const { sessionId } = await joined("dual.role@acme.test", ["buyer", "finance"], "Dana Dual");
    const me = await findUserBySession(t.db, sessionId);
    if (!me) throw new Error("no session");
    const ctx = actingAs(t.db, me, new Date(), defineAbilityFor(me));
    const { poId } = await createDirectPo(ctx, {
      supplierOrgId: demo.orgId(NORTHWIND),
      currency: "EUR",
      deliveryAddress: "Acme Manufacturing, Gate 3, Stuttgart",
      deliveryDate: "2027-01-15",
      paymentTerms: "Net 30",
      incoterm: "DAP",
      notes: "",
      lines: [
        // Large enough to need approvals under the demo policy.
        {
          itemName: "Hex nut M8",
          specification: "",
          quantity: "100000",
          unit: "pcs",
          unitPrice: "1.00",
          taxRate: "19",
        },
      ],
    });
    await submitPo(ctx, { id: poId, version: await poVersion(t.db, poId) });
    await expect(approvePo(ctx, { id: poId, version: await poVersion(t.db, poId) })).rejects.toThrow(
      /separation of duties/,
    );
    const po = await t.db.selectFrom("purchase_orders").where("id", "=", poId).selectAll().executeTakeFirstOrThrow();
    expect(ctx.ability.can("approve", subject("PurchaseOrder", po))).toBe(false);
    expect(ctx.ability.can("approve", "Invoice")).toBe(true);
    await approvePo(demo.as(FINANCE), { id: poId, version: await poVersion(t.db, poId) });
  });
});

describe("changing roles and deactivating", () => {
  it("changes roles, audited, and keeps the organisation an admin", async () => {
    const { id } = await joined("role.change@acme.test", ["buyer"]);
    await changeRoles(demo.as(ADMIN), { id, roles: ["finance", "admin"] });
    expect((await getUserPage(demo.as(ADMIN), { id })).user.rolesLabel).toBe("Finance, Admin");
    const [event] = (await auditOf(t.db, id)).filter((e) => e.event === "ROLES_CHANGED");
    expect(event.data).toEqual({ from: ["buyer"], to: ["finance", "admin"] });
    await changeRoles(demo.as(ADMIN), { id, roles: ["buyer"] });

    // Adam is Acme's only admin: he cannot give the role up.
    const adam = demo.actor(ADMIN).userId;
    await expect(changeRoles(demo.as(ADMIN), { id: adam, roles: ["buyer"] })).rejects.toMatchObject({
      fieldErrors: { roles: expect.stringMatching(/needs an admin/) },
    });
    expect((await getUserPage(demo.as(ADMIN), { id: adam })).can).toMatchObject({ deactivate: false });
    expect((await getUserPage(demo.as(ADMIN), { id: adam })).deactivateNote).toMatch(/cannot deactivate yourself/);
  });

  it("deactivates: sessions end at once, sign-in and reset are refused, and the name stays in history", async () => {
    const { id, sessionId } = await joined("leaving.soon@acme.test", ["buyer"], "Lea Ving");
    await t.db
      .insertInto("sessions")
      .values({ id: randomBytes(16).toString("hex"), user_id: id, expires_at: new Date(Date.now() + DAY) })
      .execute();
    expect(await sessionCount(id)).toBe(2);
    await appendAuditEvent(t.db, { orgId: null, actorId: id, entityType: "session", entityId: null, event: "SIGN_IN" });
    expect((await listUsers(demo.as(ADMIN))).find((u) => u.id === id)?.lastSignIn).not.toBeNull();

    await deactivateUser(demo.as(ADMIN), { id });
    expect(await sessionCount(id)).toBe(0);
    expect(await findUserBySession(t.db, sessionId)).toBeNull();
    expect(
      await attemptSignIn(t.db, {
        email: "leaving.soon@acme.test",
        password: "a colleague's passphrase",
        address: "10.2.0.9",
      }),
    ).toEqual({ outcome: "mismatch" });
    await requestPasswordReset(t.db, { email: "leaving.soon@acme.test" }, new Date());
    expect(await mailbox.deliver(t.db)).toEqual([]);
    const row = await t.db
      .selectFrom("users")
      .where("id", "=", id)
      .select(["name", "disabled_at"])
      .executeTakeFirstOrThrow();
    expect(row.name).toBe("Lea Ving");
    expect(row.disabled_at).not.toBeNull();
    expect((await listUsers(demo.as(ADMIN))).find((u) => u.id === id)).toMatchObject({
      name: "Lea Ving",
      statusLabel: "Deactivated",
    });
    const [event] = (await auditOf(t.db, id)).filter((e) => e.event === "USER_DEACTIVATED");
    expect(event).toMatchObject({ actor_id: demo.actor(ADMIN).userId, data: { name: "Lea Ving", sessionsEnded: 2 } });

    // A deactivated person: not again, no roles, no fresh invitation.
    await expect(deactivateUser(demo.as(ADMIN), { id })).rejects.toBeInstanceOf(FormError);
    await expect(changeRoles(demo.as(ADMIN), { id, roles: ["admin"] })).rejects.toBeInstanceOf(FormError);
    await expect(reinviteUser(demo.as(ADMIN), { id })).rejects.toBeInstanceOf(FormError);
  });

  it("an invitation link dies with the deactivation", async () => {
    const email = "never.joined@acme.test";
    const { id } = await inviteUser(demo.as(ADMIN), { email, roles: ["buyer"] });
    await mailbox.deliver(t.db);
    const token = mailbox.link(email, "/invitation/");
    await deactivateUser(demo.as(ADMIN), { id });
    expect(await acceptInvitation(t.db, token, { name: "Never", password: "a long passphrase" }, new Date())).toEqual({
      accepted: false,
      state: "used",
    });
  });

  it("reactivates: the person signs in again with their own password and roles, audited", async () => {
    const email = "back.again@acme.test";
    const { id } = await joined(email, ["buyer", "finance"], "Bea Kagain");
    await deactivateUser(demo.as(ADMIN), { id });
    expect((await getUserPage(demo.as(ADMIN), { id })).can).toMatchObject({ reactivate: true, deactivate: false });
    await reactivateUser(demo.as(ADMIN), { id });
    const page = await getUserPage(demo.as(ADMIN), { id });
    expect(page.user).toMatchObject({ statusLabel: "Active", roles: ["buyer", "finance"] });
    expect(page.can).toMatchObject({ reactivate: false, deactivate: true });
    expect(
      await attemptSignIn(t.db, { email, password: "a colleague's passphrase", address: "10.2.0.10" }),
    ).toMatchObject({ outcome: "signed-in", userId: id });
    const [event] = (await auditOf(t.db, id)).filter((e) => e.event === "USER_REACTIVATED");
    expect(event).toMatchObject({
      actor_id: demo.actor(ADMIN).userId,
      org_id: demo.orgId(ACME),
      data: { name: "Bea Kagain", email, roles: ["buyer", "finance"], status: "active" },
    });
    // Active already: refused, and nothing more is written.
    await expect(reactivateUser(demo.as(ADMIN), { id })).rejects.toMatchObject({
      fieldErrors: { form: "This person is already active." },
    });
    expect((await auditOf(t.db, id)).filter((e) => e.event === "USER_REACTIVATED")).toHaveLength(1);
  });

  it("reactivating someone who never accepted leaves them invited, ready for a new link", async () => {
    const email = "late.joiner@acme.test";
    const { id } = await inviteUser(demo.as(ADMIN), { email, roles: ["buyer"] });
    await mailbox.deliver(t.db);
    await deactivateUser(demo.as(ADMIN), { id });
    await reactivateUser(demo.as(ADMIN), { id });
    expect((await getUserPage(demo.as(ADMIN), { id })).can).toMatchObject({ reinvite: true, reactivate: false });
    await reinviteUser(demo.as(ADMIN), { id });
    await mailbox.deliver(t.db);
    const token = mailbox.link(email, "/invitation/");
    expect(await readInvitation(t.db, token, new Date())).toMatchObject({ state: "ready" });
  });

  it("refuses to deactivate oneself", async () => {
    await expect(deactivateUser(demo.as(ADMIN), { id: demo.actor(ADMIN).userId })).rejects.toMatchObject({
      fieldErrors: { form: expect.stringMatching(/cannot deactivate yourself/) },
    });
  });

  it("keeps a second admin from deactivating the first when they are the last two at once", async () => {
    const second = await joined("second.admin@acme.test", ["admin"]);
    const secondMe = await findUserBySession(t.db, second.sessionId);
    if (!secondMe) throw new Error("no session");
    const asSecond = actingAs(t.db, secondMe);
    const adam = demo.actor(ADMIN).userId;
    // Each deactivates the other at the same moment: the organisation lock lets one through, the other finds itself deactivated.
    const results = await Promise.allSettled([
      deactivateUser(demo.as(ADMIN), { id: second.id }),
      deactivateUser(asSecond, { id: adam }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const admins = await t.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .where("memberships.org_id", "=", demo.orgId(ACME))
      .where("memberships.role", "=", "admin")
      .where("users.disabled_at", "is", null)
      .select("users.id")
      .execute();
    expect(admins).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("another organisation's people do not exist for an admin (404), whatever it tries", async () => {
    const initechBuyer = demo.actor(INITECH_BUYER).userId;
    const northwind = demo.actor(NORTHWIND_SALES).userId;
    for (const id of [initechBuyer, northwind]) {
      expect((await responseOf(getUserPage(demo.as(ADMIN), { id }))).status).toBe(404);
      expect((await responseOf(changeRoles(demo.as(ADMIN), { id, roles: ["admin"] }))).status).toBe(404);
      expect((await responseOf(deactivateUser(demo.as(ADMIN), { id }))).status).toBe(404);
      expect((await responseOf(reinviteUser(demo.as(ADMIN), { id }))).status).toBe(404);
      expect((await responseOf(reactivateUser(demo.as(ADMIN), { id }))).status).toBe(404);
    }
    const row = await t.db
      .selectFrom("users")
      .where("id", "=", initechBuyer)
      .select("disabled_at")
      .executeTakeFirstOrThrow();
    expect(row.disabled_at).toBeNull();
  });

  it("someone who is not an admin may not list, invite, or change anyone", async () => {
    const buyerId = demo.actor(BUYER).userId;
    // Northwind's first person is its admin; its accounts colleague is not.
    for (const who of [BUYER, FINANCE, "accounts@northwind.test", INITECH_BUYER]) {
      expect((await responseOf(listUsers(demo.as(who)))).status, who).toBe(403);
      expect((await responseOf(inviteUser(demo.as(who), { email: "x@acme.test", roles: ["admin"] }))).status).toBe(403);
      expect([403, 404]).toContain((await responseOf(deactivateUser(demo.as(who), { id: buyerId }))).status);
      expect([403, 404]).toContain((await responseOf(reactivateUser(demo.as(who), { id: buyerId }))).status);
      expect([403, 404]).toContain(
        (await responseOf(changeRoles(demo.as(who), { id: buyerId, roles: ["admin"] }))).status,
      );
    }
    expect(
      await t.db.selectFrom("users").where("email", "=", "x@acme.test").select("id").executeTakeFirst(),
    ).toBeUndefined();
  });
});
