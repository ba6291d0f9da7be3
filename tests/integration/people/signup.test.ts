/**
 * A buying company signs itself up: the organisation and its first admin in
 * one transaction, the address confirmed by a mailed single-use link (kept
 * only as its SHA-256, short-lived) before sign-in is possible, and a
 * sign-up with an address that has an account answered the same way, its
 * owner told by mail. Mail goes over real SMTP on loopback.
 */
import { createHash } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attemptSignIn } from "../../../app/auth/login.server";
import { signupSchema } from "../../../app/models/people/signup.schema";
import {
  confirmAddress,
  readConfirmationLink,
  resendConfirmation,
  signUp,
} from "../../../app/models/people/signup.server";
import { FormError } from "../../../app/utils/errors";
import { readSubmission } from "../../../app/utils/submission.server";
import { BUYER, seededDemo } from "../../factories/demo";
import { Mailbox } from "../../factories/mailbox";
import { createTestDb, type TestDb } from "../../support/test-db";

const HOUR = 3600_000;

let t: TestDb;
const mailbox = new Mailbox();
let address = 0;

beforeAll(async () => {
  t = await createTestDb("people_signup");
  await seededDemo(t.db);
  await mailbox.open();
});

afterAll(async () => {
  await mailbox.close();
  await t?.destroy();
});

/** A fresh address per test, so tests do not share accounts. */
const nextEmail = () => `owner${++address}@tallow.test`;

const input = (email: string) => ({
  organisationName: "Tallow Works",
  legalName: "Tallow Works GmbH",
  country: "DE",
  name: "Tess Keller",
  email,
  password: "a long enough passphrase",
});

async function counts() {
  const n = async (table: "organisations" | "users" | "memberships" | "account_tokens") =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    organisations: await n("organisations"),
    users: await n("users"),
    memberships: await n("memberships"),
    tokens: await n("account_tokens"),
  };
}

const signIn = (email: string, at = new Date()) =>
  attemptSignIn(t.db, { email, password: "a long enough passphrase", address: `10.0.0.${address}` }, at);

describe("sign-up", () => {
  it("creates the buying organisation and its admin, unconfirmed, and mails a link that confirms the address", async () => {
    const email = nextEmail();
    const now = new Date();
    await signUp(t.db, input(email), now);

    const org = await t.db
      .selectFrom("organisations")
      .where("legal_name", "=", "Tallow Works GmbH")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: "Tallow Works", kind: "buyer", country: "DE" });
    const user = await t.db.selectFrom("users").where("email", "=", email).selectAll().executeTakeFirstOrThrow();
    expect(user.email_confirmed_at).toBeNull();
    const roles = await t.db
      .selectFrom("memberships")
      .where("user_id", "=", user.id)
      .select(["role", "org_id"])
      .execute();
    expect(roles).toEqual([{ role: "admin", org_id: org.id }]);

    // Nothing is possible before the address is confirmed: the right password is refused, with the reason.
    expect(await signIn(email)).toEqual({ outcome: "unconfirmed" });

    await mailbox.deliver(t.db);
    const [mail] = mailbox.to(email);
    expect(mail.subject).toBe("Confirm your address to start using Quotient");
    const token = mailbox.link(email, "/signup/confirm/");
    // Only the SHA-256 is stored.
    const stored = await t.db.selectFrom("account_tokens").where("user_id", "=", user.id).selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(new Date(stored[0].expires_at).getTime() - now.getTime()).toBe(24 * HOUR);

    expect(await readConfirmationLink(t.db, token, now)).toMatchObject({ state: "ready", email });
    expect(await confirmAddress(t.db, token, now)).toEqual({ confirmed: true, email });
    expect(await signIn(email)).toMatchObject({ outcome: "signed-in", userId: user.id });
    const events = await t.db
      .selectFrom("audit_events")
      .where("org_id", "=", org.id)
      .select("event")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual(["ORGANISATION_SIGNED_UP", "CONFIRMATION_LINK_SENT", "EMAIL_CONFIRMED"]);
  });

  it("refuses a link used once already, and one that has expired", async () => {
    const email = nextEmail();
    const now = new Date();
    await signUp(t.db, input(email), now);
    await mailbox.deliver(t.db);
    const token = mailbox.link(email, "/signup/confirm/");

    expect(await confirmAddress(t.db, token, new Date(now.getTime() + 25 * HOUR))).toEqual({
      confirmed: false,
      state: "expired",
    });
    expect(await signIn(email)).toEqual({ outcome: "unconfirmed" });

    await resendConfirmation(t.db, { email }, now);
    await mailbox.deliver(t.db);
    const fresh = mailbox.link(email, "/signup/confirm/");
    expect(fresh).not.toBe(token);
    const both = await Promise.all([confirmAddress(t.db, fresh, now), confirmAddress(t.db, fresh, now)]);
    // A double click confirms once; the other click finds the link spent.
    expect(both.filter((r) => r.confirmed)).toHaveLength(1);
    expect(both.find((r) => !r.confirmed)).toEqual({ confirmed: false, state: "used" });
    expect(await confirmAddress(t.db, fresh, now)).toEqual({ confirmed: false, state: "used" });
    expect(await confirmAddress(t.db, "not-a-token", now)).toEqual({ confirmed: false, state: "unknown" });
  });

  it("answers a sign-up with a known address the same way, creates nothing and tells the owner by mail", async () => {
    const email = nextEmail();
    await signUp(t.db, input(email), new Date());
    await mailbox.deliver(t.db);
    const before = await counts();

    await signUp(t.db, { ...input(email.toUpperCase()), organisationName: "Someone Else" }, new Date());
    await signUp(t.db, { ...input(BUYER), organisationName: "Someone Else" }, new Date());
    expect(await counts()).toEqual(before);
    const delivered = await mailbox.deliver(t.db);
    expect(delivered.map((m) => [m.to[0], m.subject])).toEqual([
      [email, "Someone tried to sign up with your address"],
      [BUYER, "Someone tried to sign up with your address"],
    ]);
    expect(delivered[1].text).not.toContain("Someone Else");
  });

  it("signs up once when the same address is sent twice at the same moment", async () => {
    const email = nextEmail();
    const before = await counts();
    await Promise.all([signUp(t.db, input(email), new Date()), signUp(t.db, input(email), new Date())]);
    const after = await counts();
    expect(after.organisations - before.organisations).toBe(1);
    expect(after.users - before.users).toBe(1);
    // The one that lost is answered like any sign-up with a known address.
    expect((await mailbox.deliver(t.db)).map((m) => m.subject).sort()).toEqual([
      "Confirm your address to start using Quotient",
      "Someone tried to sign up with your address",
    ]);
  });

  it("leaves nothing half-created when a step fails", async () => {
    const before = await counts();
    // A NUL byte (which the form refuses) reaches the database here only to make the user's insert fail after the organisation's.
    await expect(signUp(t.db, { ...input("nul\u0000@tallow.test") }, new Date())).rejects.toThrow();
    expect(await counts()).toEqual(before);
    await expect(signUp(t.db, { ...input(nextEmail()), password: "short" }, new Date())).rejects.toBeInstanceOf(
      FormError,
    );
    expect(await counts()).toEqual(before);
  });

  it("sends no confirmation link to an address that is confirmed, unknown, or asked too often", async () => {
    await resendConfirmation(t.db, { email: BUYER }, new Date());
    await resendConfirmation(t.db, { email: "nobody@nowhere.test" }, new Date());
    expect(await mailbox.deliver(t.db)).toEqual([]);

    const email = nextEmail();
    await signUp(t.db, input(email), new Date());
    for (let i = 0; i < 8; i += 1) await resendConfirmation(t.db, { email }, new Date());
    expect((await mailbox.deliver(t.db)).length).toBe(5);
  });
});

describe("the sign-up form", () => {
  const form = (fields: [string, string][]) => {
    const data = new FormData();
    for (const [k, v] of fields) data.append(k, v);
    return data;
  };
  const good: [string, string][] = Object.entries(input("a@b.test"));

  it("answers hostile input with errors next to the fields, never a crash", async () => {
    const cases: [string, [string, string][]][] = [
      ["country", [...good.filter(([k]) => k !== "country"), ["country", "XX"]]],
      ["organisationName", [...good.filter(([k]) => k !== "organisationName"), ["organisationName", "A\u0000B"]]],
      ["email", [...good, ["email", "second@b.test"]]],
      ["legalName", [...good.filter(([k]) => k !== "legalName"), ["legalName", "x".repeat(100_000)]]],
      ["email", [...good.filter(([k]) => k !== "email"), ["email", "not an address"]]],
    ];
    for (const [field, fields] of cases) {
      const read = readSubmission(form(fields), signupSchema, { hideFields: ["password"] });
      expect(read.ok, field).toBe(false);
      if (read.ok) continue;
      expect(read.response.status).toBe(400);
      const body = (await read.response.json()) as { error: Record<string, string[]> };
      expect(Object.keys(body.error), field).toContain(field);
    }
  });
});
