/**
 * The zone each person reads instants in: their own when they chose one on
 * their profile, else their organisation's default, read when the signed-in
 * person is built, on the profile and on the audit page; a company that signs up starts in the
 * zone of the browser it signed up from, or its country's when the country
 * keeps one clock, and its admin follows it.
 */
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { findUserBySession } from "../../../app/auth/session.server";
import { countryTimeZone } from "../../../app/models/people/places";
import { getProfile, updateProfile } from "../../../app/models/people/profile.server";
import { signupSchema } from "../../../app/models/people/signup.schema";
import { signUp } from "../../../app/models/people/signup.server";
import { viewerTimeZone } from "../../../app/models/shared/audit-log.server";
import { ACME, BUYER, FINANCE, NORTHWIND, NORTHWIND_SALES, seededDemo, type Demo } from "../../factories/demo";
import { Mailbox } from "../../factories/mailbox";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;
const mailbox = new Mailbox();

beforeAll(async () => {
  t = await createTestDb("people_time_zones");
  demo = await seededDemo(t.db);
  await mailbox.open();
});

afterAll(async () => {
  await mailbox.close();
  await t?.destroy();
});

async function sessionOf(userId: string): Promise<string> {
  const id = randomBytes(16).toString("hex");
  await t.db
    .insertInto("sessions")
    .values({ id, user_id: userId, expires_at: new Date(Date.now() + 3600_000) })
    .execute();
  return id;
}

async function zoneOf(userId: string): Promise<string | undefined> {
  return (await findUserBySession(t.db, await sessionOf(userId)))?.timeZone;
}

describe("the signed-in person's zone", () => {
  it("is the organisation's default for someone who chose none, and their own once they choose", async () => {
    await t.db
      .updateTable("organisations")
      .set({ default_time_zone: "Europe/Lisbon" })
      .where("id", "=", demo.orgId(ACME))
      .execute();
    const buyer = demo.actor(BUYER);
    const finance = demo.actor(FINANCE);
    expect(await zoneOf(buyer.userId)).toBe("Europe/Lisbon");
    expect(await getProfile(demo.as(BUYER))).toMatchObject({ timeZone: "Europe/Lisbon" });

    await updateProfile(demo.as(FINANCE), { name: "Farid Nasser", timeZone: "Asia/Tokyo" });
    expect(await zoneOf(finance.userId)).toBe("Asia/Tokyo");
    expect(await getProfile(demo.as(FINANCE))).toMatchObject({ timeZone: "Asia/Tokyo" });
    // The audit page reads the same zone.
    expect(await viewerTimeZone(demo.as(FINANCE))).toBe("Asia/Tokyo");
    expect(await viewerTimeZone(demo.as(BUYER))).toBe("Europe/Lisbon");

    // Another organisation's default is not theirs.
    expect(await zoneOf(demo.actor(NORTHWIND_SALES).userId)).toBe("UTC");
    await t.db
      .updateTable("organisations")
      .set({ default_time_zone: "America/Chicago" })
      .where("id", "=", demo.orgId(NORTHWIND))
      .execute();
    expect(await zoneOf(demo.actor(NORTHWIND_SALES).userId)).toBe("America/Chicago");
    expect(await zoneOf(buyer.userId)).toBe("Europe/Lisbon");
  });
});

describe("a company that signs up", () => {
  const input = (email: string, country: string, timeZone?: string) => ({
    organisationName: `Zone Works ${email}`,
    legalName: "Zone Works GmbH",
    country,
    name: "Zoe Zoner",
    email,
    password: "a long enough passphrase",
    ...(timeZone ? { timeZone } : {}),
  });

  async function admin(email: string) {
    const row = await t.db
      .selectFrom("users")
      .innerJoin("memberships", "memberships.user_id", "users.id")
      .innerJoin("organisations", "organisations.id", "memberships.org_id")
      .where("users.email", "=", email)
      .select(["users.id", "users.time_zone", "organisations.default_time_zone"])
      .executeTakeFirstOrThrow();
    // Confirmed, so a session of theirs is one a page would see.
    await t.db.updateTable("users").set({ email_confirmed_at: new Date() }).where("id", "=", row.id).execute();
    return { ...row, shown: await zoneOf(row.id) };
  }

  it("starts in the browser's zone, which its admin follows", async () => {
    await signUp(t.db, input("owner1@zones.test", "BR", "America/Sao_Paulo"), new Date());
    expect(await admin("owner1@zones.test")).toMatchObject({
      time_zone: null,
      default_time_zone: "America/Sao_Paulo",
      shown: "America/Sao_Paulo",
    });
  });

  it("without the browser's zone, starts in its country's when the country keeps one clock, else in UTC", async () => {
    await signUp(t.db, input("owner2@zones.test", "DE"), new Date());
    expect(await admin("owner2@zones.test")).toMatchObject({ default_time_zone: "Europe/Berlin" });
    await signUp(t.db, input("owner3@zones.test", "US"), new Date());
    expect(await admin("owner3@zones.test")).toMatchObject({ default_time_zone: "UTC", shown: "UTC" });
  });

  it("drops a zone that is not one, without refusing the sign-up", () => {
    const parse = (timeZone: unknown) => signupSchema.safeParse({ ...input("x@zones.test", "DE"), timeZone });
    expect(parse("Mars/Olympus_Mons")).toMatchObject({ success: true, data: { timeZone: undefined } });
    expect(parse("")).toMatchObject({ success: true, data: { timeZone: undefined } });
    expect(parse("Europe/Madrid")).toMatchObject({ success: true, data: { timeZone: "Europe/Madrid" } });
    // A browser may name its zone by an alias; the listed name is kept.
    const kolkata = parse("Asia/Kolkata");
    expect(kolkata.success && kolkata.data.timeZone).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    expect(signupSchema.safeParse(input("x@zones.test", "DE")).success).toBe(true);
  });

  it("knows a country's zone only where the country keeps one clock", () => {
    expect(countryTimeZone("DE")).toBe("Europe/Berlin");
    expect(countryTimeZone("JP")).toBe("Asia/Tokyo");
    expect(countryTimeZone("BR")).toBeUndefined();
    expect(countryTimeZone("US")).toBeUndefined();
    expect(countryTimeZone("XX")).toBeUndefined();
  });
});
