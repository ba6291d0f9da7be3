/**
 * Two-factor sign-in: set up from the profile (QR and key, on only once a
 * code confirms it, ten recovery codes stored hashed, the secret stored
 * encrypted and never shown again), the second step of a sign-in (no
 * session until it passes; a wrong code, a replayed code, a used recovery
 * code and an expired step are refused; answers are throttled like
 * passwords), turning it off and new codes, and the organisation's
 * requirement for finance and admin (set up at sign-in, before anything
 * else), which stops at the organisation's edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attemptSignIn } from "../../../app/auth/login.server";
import { currentCode, decryptSecret } from "../../../app/auth/totp.server";
import {
  answerSignInStep,
  MAX_STEP_FAILURES,
  openSignInStep,
  readSignInStep,
} from "../../../app/models/people/two-factor-sign-in.server";
import {
  confirmTwoFactor,
  disableTwoFactor,
  getTwoFactorPage,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
} from "../../../app/models/people/two-factor.server";
import {
  getOrganisationSettings,
  saveOrganisationSettings,
} from "../../../app/models/shared/organisation-settings.server";
import { FormError } from "../../../app/utils/errors";
import { DEMO_PASSWORD } from "../../../db/seed.server";
import {
  ACME,
  auditOf,
  BUYER,
  CONTROLLER,
  FINANCE,
  INITECH,
  INITECH_BUYER,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const ADMIN = "admin@acme.test";
const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("people_two_factor");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

async function secretOf(email: string): Promise<string> {
  const row = await t.db
    .selectFrom("users")
    .where("id", "=", demo.actor(email).userId)
    .select("totp_secret")
    .executeTakeFirstOrThrow();
  const secret = row.totp_secret ? decryptSecret(row.totp_secret) : null;
  if (!secret) throw new Error(`${email} has no secret`);
  return secret;
}

/** A six-digit code that is not the one of `at` nor of the steps beside it. */
function wrongCode(secret: string, at: Date): string {
  const near = [-30_000, 0, 30_000].map((d) => currentCode(secret, new Date(at.getTime() + d)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.includes(code)) return code;
  }
}

async function sessionCount(email: string): Promise<number> {
  const rows = await t.db.selectFrom("sessions").where("user_id", "=", demo.actor(email).userId).select("id").execute();
  return rows.length;
}

async function events(email: string): Promise<string[]> {
  return (await auditOf(t.db, demo.actor(email).userId)).map((e) => e.event);
}

/** Turns two-factor on from the profile at `at`; returns the secret and the recovery codes. */
async function enable(email: string, at: Date) {
  await startTwoFactorSetup(demo.as(email, at));
  const secret = await secretOf(email);
  const { recoveryCodes } = await confirmTwoFactor(demo.as(email, at), { code: currentCode(secret, at) });
  return { secret, recoveryCodes };
}

const ADDRESS = "10.2.0.1";

describe("setting up from the profile", () => {
  it("shows a QR code and the key, turns on only with a right code, and keeps the secret encrypted", async () => {
    const at = new Date();
    await startTwoFactorSetup(demo.as(FINANCE, at));
    const page = await getTwoFactorPage(demo.as(FINANCE, at));
    expect(page.enabled).toBe(false);
    expect(page.setup?.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = await secretOf(FINANCE);
    expect(page.setup?.secretGroups.replace(/ /g, "")).toBe(secret);
    const stored = await t.db
      .selectFrom("users")
      .where("id", "=", demo.actor(FINANCE).userId)
      .select("totp_secret")
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(secret);

    await expect(confirmTwoFactor(demo.as(FINANCE, at), { code: wrongCode(secret, at) })).rejects.toBeInstanceOf(
      FormError,
    );
    expect((await getTwoFactorPage(demo.as(FINANCE, at))).enabled).toBe(false);

    const { recoveryCodes } = await confirmTwoFactor(demo.as(FINANCE, at), { code: currentCode(secret, at) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const hashes = await t.db
      .selectFrom("recovery_codes")
      .where("user_id", "=", demo.actor(FINANCE).userId)
      .select("code_hash")
      .execute();
    expect(hashes).toHaveLength(10);
    for (const code of recoveryCodes) expect(hashes.map((h) => h.code_hash)).not.toContain(code);

    const after = await getTwoFactorPage(demo.as(FINANCE, at));
    expect(after).toMatchObject({ enabled: true, setup: null, unusedRecoveryCodes: 10 });
    expect(await events(FINANCE)).toEqual(["TWO_FACTOR_SETUP_STARTED", "TWO_FACTOR_ENABLED"]);
  });
});

describe("the second step of a sign-in", () => {
  it("creates no session until a right code; refuses a wrong and a replayed code", async () => {
    const at = new Date(Date.now() + 20 * MINUTE);
    const secret = await secretOf(FINANCE);
    const before = await sessionCount(FINANCE);
    const signIn = await attemptSignIn(t.db, { email: FINANCE, password: DEMO_PASSWORD, address: ADDRESS }, at);
    expect(signIn).toMatchObject({ outcome: "second-step", purpose: "verify" });
    const token = await openSignInStep(
      t.db,
      { userId: demo.actor(FINANCE).userId, purpose: "verify", redirectTo: "/approvals", address: ADDRESS },
      at,
    );
    expect(await sessionCount(FINANCE)).toBe(before);
    expect(await readSignInStep(t.db, token, at)).toMatchObject({ purpose: "verify", setup: null });

    const wrong = await answerSignInStep(t.db, { token, code: wrongCode(secret, at), address: ADDRESS }, at);
    expect(wrong).toMatchObject({ outcome: "refused", message: expect.stringContaining("not right") });
    const code = currentCode(secret, at);
    const right = await answerSignInStep(t.db, { token, code, address: ADDRESS }, at);
    expect(right).toEqual({
      outcome: "signed-in",
      userId: demo.actor(FINANCE).userId,
      redirectTo: "/approvals",
      recoveryCodes: null,
    });
    // The step is spent: answering it again goes back to the password.
    expect(await answerSignInStep(t.db, { token, code, address: ADDRESS }, at)).toEqual({ outcome: "expired" });

    // The same code on a new step within its window: refused as used.
    const again = await openSignInStep(
      t.db,
      { userId: demo.actor(FINANCE).userId, purpose: "verify", redirectTo: "/dashboard", address: ADDRESS },
      at,
    );
    expect(await answerSignInStep(t.db, { token: again, code, address: ADDRESS }, at)).toMatchObject({
      outcome: "refused",
      message: expect.stringContaining("used already"),
    });
    const next = new Date(at.getTime() + 30_000);
    expect(
      await answerSignInStep(t.db, { token: again, code: currentCode(secret, next), address: ADDRESS }, next),
    ).toMatchObject({ outcome: "signed-in" });
    expect((await events(FINANCE)).filter((e) => e === "TWO_FACTOR_FAILED")).toHaveLength(2);
  });

  it("takes a recovery code once", async () => {
    const at = new Date(Date.now() + 40 * MINUTE);
    const { recoveryCodes } = await enable(CONTROLLER, at);
    const open = () =>
      openSignInStep(
        t.db,
        { userId: demo.actor(CONTROLLER).userId, purpose: "verify", redirectTo: "/dashboard", address: ADDRESS },
        at,
      );
    const code = recoveryCodes[3].toUpperCase();
    expect(await answerSignInStep(t.db, { token: await open(), code, address: ADDRESS }, at)).toMatchObject({
      outcome: "signed-in",
    });
    expect(await answerSignInStep(t.db, { token: await open(), code, address: ADDRESS }, at)).toMatchObject({
      outcome: "refused",
      message: expect.stringContaining("recovery code"),
    });
    expect((await getTwoFactorPage(demo.as(CONTROLLER, at))).unusedRecoveryCodes).toBe(9);
    expect(await events(CONTROLLER)).toContain("RECOVERY_CODE_USED");
  });

  it("refuses an expired step, and a step refused five times", async () => {
    const at = new Date(Date.now() + 60 * MINUTE);
    const secret = await secretOf(CONTROLLER);
    const userId = demo.actor(CONTROLLER).userId;
    const token = await openSignInStep(t.db, { userId, purpose: "verify", redirectTo: "/", address: ADDRESS }, at);
    const late = new Date(at.getTime() + 11 * MINUTE);
    expect(await readSignInStep(t.db, token, late)).toBeNull();
    expect(await answerSignInStep(t.db, { token, code: currentCode(secret, late), address: ADDRESS }, late)).toEqual({
      outcome: "expired",
    });
    // A made-up token, and none at all.
    expect(await answerSignInStep(t.db, { token: "A".repeat(43), code: "123456", address: ADDRESS }, at)).toEqual({
      outcome: "expired",
    });
    expect(await answerSignInStep(t.db, { token: null, code: "123456", address: ADDRESS }, at)).toEqual({
      outcome: "expired",
    });

    // Five wrong answers (each from another address, so only the step's own count stops them).
    const step = await openSignInStep(t.db, { userId, purpose: "verify", redirectTo: "/", address: ADDRESS }, at);
    for (let i = 0; i < MAX_STEP_FAILURES; i++)
      expect(
        (await answerSignInStep(t.db, { token: step, code: wrongCode(secret, at), address: `10.3.0.${i}` }, at))
          .outcome,
      ).toMatch(/refused|throttled/);
    expect(
      await answerSignInStep(t.db, { token: step, code: currentCode(secret, at), address: ADDRESS }, at),
    ).toMatchObject({ outcome: expect.stringMatching(/expired|throttled/) });
  });

  it("throttles code guesses like passwords: a right password does not reset the count", async () => {
    const at = new Date(Date.now() + 120 * MINUTE);
    const secret = await secretOf(CONTROLLER);
    const userId = demo.actor(CONTROLLER).userId;
    let throttled = false;
    // Password, then a wrong code, over and over: the password alone never clears the failures.
    for (let round = 0; round < 6 && !throttled; round++) {
      const signIn = await attemptSignIn(t.db, { email: CONTROLLER, password: DEMO_PASSWORD, address: ADDRESS }, at);
      if (signIn.outcome === "throttled") {
        throttled = true;
        break;
      }
      expect(signIn.outcome).toBe("second-step");
      const token = await openSignInStep(t.db, { userId, purpose: "verify", redirectTo: "/", address: ADDRESS }, at);
      const answer = await answerSignInStep(t.db, { token, code: wrongCode(secret, at), address: ADDRESS }, at);
      if (answer.outcome === "throttled") throttled = true;
    }
    expect(throttled).toBe(true);
  });
});

describe("turning off and new recovery codes", () => {
  it("needs the password and a code; new codes replace the old", async () => {
    const at = new Date(Date.now() + 200 * MINUTE);
    const { secret, recoveryCodes } = await enable(BUYER, at);
    const next = new Date(at.getTime() + 30_000);
    const fresh = await regenerateRecoveryCodes(demo.as(BUYER, next), { code: currentCode(secret, next) });
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(fresh.recoveryCodes).not.toContain(recoveryCodes[0]);

    const later = new Date(at.getTime() + 60_000);
    await expect(
      disableTwoFactor(demo.as(BUYER, later), { password: "not my password", code: currentCode(secret, later) }),
    ).rejects.toMatchObject({ fieldErrors: { password: expect.any(String) } });
    // An old recovery code no longer works.
    await expect(
      disableTwoFactor(demo.as(BUYER, later), { password: DEMO_PASSWORD, code: recoveryCodes[0] }),
    ).rejects.toMatchObject({ fieldErrors: { code: expect.any(String) } });
    expect((await getTwoFactorPage(demo.as(BUYER, later))).enabled).toBe(true);
    await disableTwoFactor(demo.as(BUYER, later), { password: DEMO_PASSWORD, code: fresh.recoveryCodes[0] });
    expect(await getTwoFactorPage(demo.as(BUYER, later))).toMatchObject({ enabled: false, setup: null });
    expect(
      await t.db.selectFrom("recovery_codes").where("user_id", "=", demo.actor(BUYER).userId).select("id").execute(),
    ).toEqual([]);
    expect(
      await attemptSignIn(t.db, { email: BUYER, password: DEMO_PASSWORD, address: "10.4.0.1" }, later),
    ).toMatchObject({ outcome: "signed-in" });
    expect(await events(BUYER)).toEqual([
      "TWO_FACTOR_SETUP_STARTED",
      "TWO_FACTOR_ENABLED",
      "RECOVERY_CODES_REGENERATED",
      "TWO_FACTOR_DISABLED",
    ]);
  });
});

describe("the organisation's requirement", () => {
  it("sends finance and admin without two-factor to set it up first; others sign in as before", async () => {
    const at = new Date(Date.now() + 300 * MINUTE);
    const settings = await getOrganisationSettings(demo.as(ADMIN, at));
    await saveOrganisationSettings(demo.as(ADMIN, at), {
      intent: "settings",
      ...settings.settings,
      taxId: settings.settings.taxId || undefined,
      baseCurrency: settings.settings.baseCurrency as "EUR",
      requireTwoFactor: true,
    });
    const change = (await auditOf(t.db, demo.orgId(ACME))).filter((e) => e.event === "UPDATE_SETTINGS").at(-1);
    expect(change?.data).toMatchObject({ changed: ["requireTwoFactor"], after: { requireTwoFactor: true } });

    // The buyer is not covered.
    expect(await attemptSignIn(t.db, { email: BUYER, password: DEMO_PASSWORD, address: "10.5.0.1" }, at)).toMatchObject(
      { outcome: "signed-in" },
    );
    // The admin has none yet: set up first, with no session until it is confirmed.
    const admin = demo.actor(ADMIN).userId;
    expect(await attemptSignIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: "10.5.0.2" }, at)).toMatchObject(
      { outcome: "second-step", purpose: "enrol" },
    );
    const before = await sessionCount(ADMIN);
    const token = await openSignInStep(
      t.db,
      { userId: admin, purpose: "enrol", redirectTo: "/admin/users", address: "10.5.0.2" },
      at,
    );
    const step = await readSignInStep(t.db, token, at);
    expect(step?.purpose).toBe("enrol");
    expect(step?.setup?.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = await secretOf(ADMIN);
    expect(await answerSignInStep(t.db, { token, code: wrongCode(secret, at), address: "10.5.0.2" }, at)).toMatchObject(
      { outcome: "refused" },
    );
    expect((await getTwoFactorPage(demo.as(ADMIN, at))).enabled).toBe(false);
    const done = await answerSignInStep(t.db, { token, code: currentCode(secret, at), address: "10.5.0.2" }, at);
    expect(done).toMatchObject({ outcome: "signed-in", redirectTo: "/admin/users" });
    expect(done.outcome === "signed-in" ? done.recoveryCodes : null).toHaveLength(10);
    expect(await sessionCount(ADMIN)).toBe(before);
    expect(await getTwoFactorPage(demo.as(ADMIN, at))).toMatchObject({ enabled: true, required: true });

    // Required: it cannot be turned off.
    const next = new Date(at.getTime() + 30_000);
    await expect(
      disableTwoFactor(demo.as(ADMIN, next), { password: DEMO_PASSWORD, code: currentCode(secret, next) }),
    ).rejects.toMatchObject({ fieldErrors: { form: expect.stringContaining("requires") } });

    // Next time: a code, not setup.
    expect(
      await attemptSignIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: "10.5.0.3" }, next),
    ).toMatchObject({ outcome: "second-step", purpose: "verify" });
  });

  it("stops at the organisation's edge", async () => {
    const at = new Date(Date.now() + 400 * MINUTE);
    // Initech's buyer is made finance too: Acme's requirement does not reach them.
    const initech = demo.actor(INITECH_BUYER);
    await t.db
      .insertInto("memberships")
      .values({ user_id: initech.userId, org_id: initech.orgId, role: "finance" })
      .execute();
    expect(
      await attemptSignIn(t.db, { email: INITECH_BUYER, password: DEMO_PASSWORD, address: "10.6.0.1" }, at),
    ).toMatchObject({ outcome: "signed-in" });
    // Acme people's two-factor events are in Acme's log, none in Initech's.
    const initechEvents = await t.db
      .selectFrom("audit_events")
      .where("org_id", "=", demo.orgId(INITECH))
      .where("event", "like", "%TWO_FACTOR%")
      .select("id")
      .execute();
    expect(initechEvents).toEqual([]);
    const acmeEvents = await t.db
      .selectFrom("audit_events")
      .where("org_id", "=", demo.orgId(ACME))
      .where("event", "=", "TWO_FACTOR_ENABLED")
      .select("actor_id")
      .execute();
    expect(acmeEvents.length).toBeGreaterThanOrEqual(3);
    // A step opened for one person is answered only with that person's codes.
    const secret = await secretOf(FINANCE);
    const token = await openSignInStep(
      t.db,
      { userId: demo.actor(CONTROLLER).userId, purpose: "verify", redirectTo: "/", address: "10.6.0.2" },
      at,
    );
    expect(
      await answerSignInStep(t.db, { token, code: currentCode(secret, at), address: "10.6.0.2" }, at),
    ).toMatchObject({ outcome: expect.stringMatching(/refused|throttled/) });
  });
});
