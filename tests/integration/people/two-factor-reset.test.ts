/**
 * An admin resets another person's two-factor sign-in from their user page:
 * proved with the admin's own password, or its own app's code when it uses
 * two-factor; the person's secret, recovery codes and sessions go, they are
 * mailed, and set it up again at their next sign-in when the organisation
 * requires it. Refused to anyone but an admin of the person's organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attemptSignIn } from "../../../app/auth/login.server";
import { currentCode, decryptSecret } from "../../../app/auth/totp.server";
import { resetTwoFactor, twoFactorResetOffer } from "../../../app/models/people/two-factor-reset.server";
import { confirmTwoFactor, startTwoFactorSetup } from "../../../app/models/people/two-factor.server";
import { FormError } from "../../../app/utils/errors";
import { DEMO_PASSWORD } from "../../../db/seed.server";
import {
  ACME,
  BUYER,
  CONTROLLER,
  FINANCE,
  INITECH,
  INITECH_BUYER,
  actingAs,
  auditOf,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const ADMIN = "admin@acme.test";
const MINUTE = 60_000;

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("people_two_factor_reset");
  demo = await seededDemo(t.db);
  await t.db
    .updateTable("organisations")
    .set({ require_two_factor: true })
    .where("id", "=", demo.orgId(ACME))
    .execute();
});

afterAll(async () => {
  await t?.destroy();
});

async function enable(email: string, at: Date): Promise<string> {
  await startTwoFactorSetup(demo.as(email, at));
  const row = await t.db
    .selectFrom("users")
    .where("id", "=", demo.actor(email).userId)
    .select("totp_secret")
    .executeTakeFirstOrThrow();
  const secret = decryptSecret(row.totp_secret!)!;
  await confirmTwoFactor(demo.as(email, at), { code: currentCode(secret, at) });
  return secret;
}

async function state(email: string) {
  const id = demo.actor(email).userId;
  const user = await t.db
    .selectFrom("users")
    .where("id", "=", id)
    .select(["totp_secret", "totp_enabled_at"])
    .executeTakeFirstOrThrow();
  const count = async (table: "recovery_codes" | "sessions") =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .where("user_id", "=", id)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    on: user.totp_enabled_at !== null,
    secret: user.totp_secret !== null,
    recoveryCodes: await count("recovery_codes"),
    sessions: await count("sessions"),
  };
}

async function mailsTo(email: string) {
  return t.db
    .selectFrom("email_outbox")
    .where("to_address", "=", email)
    .where("subject", "=", "Your two-factor sign-in was reset")
    .select(["subject", "text_body"])
    .execute();
}

async function signInSession(email: string, at: Date) {
  await t.db
    .insertInto("sessions")
    .values({
      id: `s-${email}-${at.getTime()}`,
      user_id: demo.actor(email).userId,
      expires_at: new Date(at.getTime() + 86_400_000),
    })
    .execute();
}

describe("an admin without two-factor", () => {
  const at = new Date(Date.now() + 10 * MINUTE);

  it("is offered the reset with its password, and a wrong password changes nothing", async () => {
    await enable(FINANCE, at);
    await signInSession(FINANCE, at);
    expect(await twoFactorResetOffer(demo.as(ADMIN, at), { id: demo.actor(FINANCE).userId })).toEqual({
      available: true,
      proof: "password",
    });
    const before = await state(FINANCE);
    expect(before).toMatchObject({ on: true, secret: true, recoveryCodes: 10 });
    await expect(
      resetTwoFactor(demo.as(ADMIN, at), { id: demo.actor(FINANCE).userId, password: "not the password" }),
    ).rejects.toThrow(new FormError({ password: "That is not your current password." }));
    await expect(resetTwoFactor(demo.as(ADMIN, at), { id: demo.actor(FINANCE).userId })).rejects.toThrow(
      new FormError({ password: "Enter your current password." }),
    );
    expect(await state(FINANCE)).toEqual(before);
    expect(await mailsTo(FINANCE)).toEqual([]);
  });

  it("resets it: secret, codes and sessions gone, audited, mailed; set up again at the next sign-in", async () => {
    await resetTwoFactor(demo.as(ADMIN, at), { id: demo.actor(FINANCE).userId, password: DEMO_PASSWORD });
    expect(await state(FINANCE)).toEqual({ on: false, secret: false, recoveryCodes: 0, sessions: 0 });
    const event = (await auditOf(t.db, demo.actor(FINANCE).userId)).at(-1);
    expect(event).toMatchObject({
      event: "TWO_FACTOR_RESET",
      actor_id: demo.actor(ADMIN).userId,
      org_id: demo.orgId(ACME),
      data: { email: FINANCE, wasEnabled: true, proof: "password" },
    });
    const mails = await mailsTo(FINANCE);
    expect(mails.map((m) => m.subject)).toEqual(["Your two-factor sign-in was reset"]);
    expect(mails[0].text_body).toContain("at your next sign-in you set it up again");
    // The organisation requires it of finance: the next sign-in enrols first.
    expect(
      await attemptSignIn(t.db, { email: FINANCE, password: DEMO_PASSWORD, address: "10.9.0.1" }, at),
    ).toMatchObject({ outcome: "second-step", purpose: "enrol" });
    // Nothing left to reset: not offered, and refused if posted.
    expect((await twoFactorResetOffer(demo.as(ADMIN, at), { id: demo.actor(FINANCE).userId })).available).toBe(false);
    await expect(
      resetTwoFactor(demo.as(ADMIN, at), { id: demo.actor(FINANCE).userId, password: DEMO_PASSWORD }),
    ).rejects.toThrow(new FormError({ form: "This person has no two-factor sign-in to reset." }));
  });

  it("never resets its own: that is turned off on the profile", async () => {
    await expect(
      resetTwoFactor(demo.as(ADMIN, at), { id: demo.actor(ADMIN).userId, password: DEMO_PASSWORD }),
    ).rejects.toThrow(new FormError({ form: "Turn your own two-factor sign-in off on your profile." }));
  });
});

describe("an admin with two-factor", () => {
  const at = new Date(Date.now() + 100 * MINUTE);

  it("confirms with its own app's code; its password alone or a wrong code is refused", async () => {
    const adminSecret = await enable(ADMIN, at);
    await enable(CONTROLLER, at);
    const id = demo.actor(CONTROLLER).userId;
    expect((await twoFactorResetOffer(demo.as(ADMIN, at), { id })).proof).toBe("code");
    await expect(resetTwoFactor(demo.as(ADMIN, at), { id, password: DEMO_PASSWORD })).rejects.toThrow(
      new FormError({ code: "Type the code your app shows now." }),
    );
    const later = new Date(at.getTime() + 2 * MINUTE);
    const right = currentCode(adminSecret, later);
    const wrong = right === "000000" ? "111111" : "000000";
    await expect(resetTwoFactor(demo.as(ADMIN, later), { id, code: wrong })).rejects.toThrow(
      new FormError({
        code: "That code is not right. Type the six digits your app shows, or an unused recovery code.",
      }),
    );
    expect((await state(CONTROLLER)).on).toBe(true);
    await resetTwoFactor(demo.as(ADMIN, later), { id, code: right });
    expect(await state(CONTROLLER)).toMatchObject({ on: false, secret: false, recoveryCodes: 0 });
    expect((await auditOf(t.db, id)).at(-1)).toMatchObject({ event: "TWO_FACTOR_RESET", data: { proof: "code" } });
  });
});

describe("refusals", () => {
  const at = new Date(Date.now() + 200 * MINUTE);

  it("refuses a buyer of the same organisation, writing nothing", async () => {
    await enable(FINANCE, at);
    const refused = await responseOf(
      resetTwoFactor(demo.as(BUYER, at), { id: demo.actor(FINANCE).userId, password: DEMO_PASSWORD }),
    );
    expect(refused.status).toBe(404);
    expect((await state(FINANCE)).on).toBe(true);
  });

  it("refuses an admin of another organisation as if the person did not exist", async () => {
    await t.db
      .insertInto("memberships")
      .values({ user_id: demo.actor(INITECH_BUYER).userId, org_id: demo.orgId(INITECH), role: "admin" })
      .execute();
    const initechAdmin = actingAs(t.db, { ...demo.actor(INITECH_BUYER), roles: ["buyer", "admin"] }, at);
    const refused = await responseOf(
      resetTwoFactor(initechAdmin, { id: demo.actor(FINANCE).userId, password: DEMO_PASSWORD }),
    );
    expect(refused.status).toBe(404);
    expect((await responseOf(twoFactorResetOffer(initechAdmin, { id: demo.actor(FINANCE).userId }))).status).toBe(404);
    expect((await state(FINANCE)).on).toBe(true);
    expect((await mailsTo(FINANCE)).length).toBe(1);
  });
});
