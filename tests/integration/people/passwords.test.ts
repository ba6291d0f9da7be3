/**
 * Passwords: a reset by mailed single-use link (stored hashed, one hour;
 * asking never reveals whether the address exists), and a change from the
 * profile with the current password, which ends the person's other
 * sessions. Also the profile's name and time zone.
 */
import { createHash, randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attemptSignIn } from "../../../app/auth/login.server";
import { requestPasswordReset, readResetLink, resetPassword } from "../../../app/models/people/password-reset.server";
import { profileSchema } from "../../../app/models/people/profile.schema";
import { changePassword, getProfile, updateProfile } from "../../../app/models/people/profile.server";
import { FormError } from "../../../app/utils/errors";
import { DEMO_PASSWORD } from "../../../db/seed.server";
import { auditOf, BUYER, CONTROLLER, FINANCE, seededDemo, type Demo } from "../../factories/demo";
import { Mailbox } from "../../factories/mailbox";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;
const mailbox = new Mailbox();

beforeAll(async () => {
  t = await createTestDb("people_passwords");
  demo = await seededDemo(t.db);
  await mailbox.open();
});

afterAll(async () => {
  await mailbox.close();
  await t?.destroy();
});

async function sessionsOf(email: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomBytes(16).toString("hex"));
  for (const id of ids)
    await t.db
      .insertInto("sessions")
      .values({ id, user_id: demo.actor(email).userId, expires_at: new Date(Date.now() + 3600_000) })
      .execute();
  return ids;
}

async function liveSessions(email: string): Promise<string[]> {
  const rows = await t.db.selectFrom("sessions").where("user_id", "=", demo.actor(email).userId).select("id").execute();
  return rows.map((r) => r.id).sort();
}

const signIn = (email: string, password: string) =>
  attemptSignIn(t.db, { email, password, address: `10.1.0.${email.length}` });

describe("password reset", () => {
  it("mails a single-use link, stored hashed, that sets the password and ends every session", async () => {
    const at = new Date();
    await sessionsOf(FINANCE, 2);
    await requestPasswordReset(t.db, { email: FINANCE.toUpperCase() }, at);
    await mailbox.deliver(t.db);
    const token = mailbox.link(FINANCE, "/reset-password/");
    const stored = await t.db
      .selectFrom("account_tokens")
      .where("user_id", "=", demo.actor(FINANCE).userId)
      .selectAll()
      .execute();
    expect(stored.map((s) => s.token_hash)).toEqual([createHash("sha256").update(token).digest("hex")]);
    expect(new Date(stored[0].expires_at).getTime() - at.getTime()).toBe(60 * MINUTE);

    await expect(resetPassword(t.db, token, { password: "short" }, at)).rejects.toBeInstanceOf(FormError);
    expect(await readResetLink(t.db, token, at)).toMatchObject({ state: "ready" });

    expect(await resetPassword(t.db, token, { password: "a brand new passphrase" }, at)).toEqual({ done: true });
    expect(await liveSessions(FINANCE)).toEqual([]);
    expect(await signIn(FINANCE, DEMO_PASSWORD)).toEqual({ outcome: "mismatch" });
    expect(await signIn(FINANCE, "a brand new passphrase")).toMatchObject({ outcome: "signed-in" });

    // Reused: refused, and the password stays the one just set.
    expect(await resetPassword(t.db, token, { password: "someone else's choice" }, at)).toEqual({
      done: false,
      state: "used",
    });
    expect(await signIn(FINANCE, "a brand new passphrase")).toMatchObject({ outcome: "signed-in" });
    expect((await auditOf(t.db, demo.actor(FINANCE).userId)).map((e) => e.event)).toEqual([
      "PASSWORD_RESET_REQUESTED",
      "PASSWORD_RESET",
    ]);
  });

  it("refuses an expired link, and a newer link replaces the older", async () => {
    const at = new Date();
    await requestPasswordReset(t.db, { email: CONTROLLER }, at);
    await mailbox.deliver(t.db);
    const first = mailbox.link(CONTROLLER, "/reset-password/");
    expect(
      await resetPassword(t.db, first, { password: "a passphrase too late" }, new Date(at.getTime() + 61 * MINUTE)),
    ).toEqual({
      done: false,
      state: "expired",
    });
    await requestPasswordReset(t.db, { email: CONTROLLER }, at);
    await mailbox.deliver(t.db);
    const second = mailbox.link(CONTROLLER, "/reset-password/");
    expect(await readResetLink(t.db, first, at)).toMatchObject({ state: "used" });
    const twice = await Promise.all([
      resetPassword(t.db, second, { password: "first of two clicks" }, at),
      resetPassword(t.db, second, { password: "second of two clicks" }, at),
    ]);
    expect(twice.filter((r) => r.done)).toHaveLength(1);
    expect(await signIn(CONTROLLER, DEMO_PASSWORD)).toEqual({ outcome: "mismatch" });
  });

  it("sends nothing for an unknown address, and writes nothing", async () => {
    const before = await t.db.selectFrom("account_tokens").select("id").execute();
    await requestPasswordReset(t.db, { email: "nobody@acme.test" }, new Date());
    expect(await mailbox.deliver(t.db)).toEqual([]);
    expect(await t.db.selectFrom("account_tokens").select("id").execute()).toEqual(before);
    expect(await resetPassword(t.db, "A".repeat(43), { password: "whatever it may be" }, new Date())).toEqual({
      done: false,
      state: "unknown",
    });
  });
});

describe("changing the password from the profile", () => {
  it("needs the current password, and ends the person's other sessions but not this one", async () => {
    const [mine, ...others] = await sessionsOf(BUYER, 3);
    const ctx = demo.as(BUYER);
    await expect(
      changePassword(ctx, { currentPassword: "not it", newPassword: "a brand new passphrase", keepSessionId: mine }),
    ).rejects.toMatchObject({ fieldErrors: { currentPassword: "That is not your current password." } });
    await expect(
      changePassword(ctx, { currentPassword: DEMO_PASSWORD, newPassword: "buyer-and-more", keepSessionId: mine }),
    ).rejects.toMatchObject({ fieldErrors: { newPassword: expect.stringMatching(/email/) } });
    expect(await liveSessions(BUYER)).toEqual([mine, ...others].sort());

    await changePassword(ctx, {
      currentPassword: DEMO_PASSWORD,
      newPassword: "a brand new passphrase",
      keepSessionId: mine,
    });
    expect(await liveSessions(BUYER)).toEqual([mine]);
    expect(await signIn(BUYER, "a brand new passphrase")).toMatchObject({ outcome: "signed-in" });
    const [event] = (await auditOf(t.db, demo.actor(BUYER).userId)).filter((e) => e.event === "PASSWORD_CHANGED");
    expect(event).toMatchObject({ org_id: demo.orgId("Acme Manufacturing"), data: { otherSessionsEnded: 2 } });
  });
});

describe("the profile", () => {
  it("keeps a name and an IANA time zone, audited", async () => {
    const ctx = demo.as(FINANCE);
    await updateProfile(ctx, { name: "Farid N. Nasser", timeZone: "Asia/Tokyo" });
    expect(await getProfile(ctx)).toEqual({
      name: "Farid N. Nasser",
      email: FINANCE,
      timeZone: "Asia/Tokyo",
      twoFactor: false,
    });
    const [event] = (await auditOf(t.db, demo.actor(FINANCE).userId)).filter((e) => e.event === "PROFILE_UPDATED");
    expect(event.data).toMatchObject({ to: { name: "Farid N. Nasser", timeZone: "Asia/Tokyo" } });
  });

  it("accepts only zones from the list", () => {
    const ok = (timeZone: unknown) => profileSchema.safeParse({ intent: "profile", name: "X", timeZone }).success;
    expect(ok("Europe/Berlin")).toBe(true);
    expect(ok("UTC")).toBe(true);
    expect(ok("Mars/Olympus_Mons")).toBe(false);
    expect(ok("Europe/Berlin\u0000")).toBe(false);
    expect(ok(["Europe/Berlin", "UTC"])).toBe(false);
    expect(ok("")).toBe(false);
  });
});
