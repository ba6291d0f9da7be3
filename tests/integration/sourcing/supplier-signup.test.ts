/**
 * Inviting a supplier that is not on the platform yet, by email: the
 * registration link mailed on publishing (a single-use token with an expiry,
 * stored only as its SHA-256), and the registration that creates the
 * organisation, the user, the supplier relationship, binds the pending
 * invitations and signs the person in, in one transaction.
 */
import { createHash, randomBytes } from "node:crypto";

import fc from "fast-check";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import {
  readRegistrationLink,
  registerSupplier,
  RegistrationLinkError,
  REGISTRATION_LINK_DAYS,
} from "../../../app/models/sourcing/registration.server";
import { registrationSchema } from "../../../app/models/sourcing/registration.schema";
import { rfqFormSchema } from "../../../app/models/sourcing/rfq.schema";
import {
  cancelRfq,
  extendRfqDeadline,
  inviteByEmailToOpenRfq,
} from "../../../app/models/sourcing/rfq-lifecycle.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { instantToZonedLocal } from "../../../app/utils/time";
import { FormError } from "../../../app/utils/errors";
import {
  ACME,
  auditOf,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  INITECH_BUYER,
  NORTHWIND,
  publishedRfq,
  quoteInput,
  rfqInput,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";
import { msgWith } from "~/i18n/config";

const MINUTE = 60_000;
const DAY = 86_400_000;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("supplier_signup");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

afterAll(async () => {
  await t?.destroy();
});

const REGISTRATION = {
  organisationName: "Vega Fasteners",
  address: "Kungsgatan 1\n111 43 Stockholm\nSweden",
  taxId: "SE556677889901",
  name: "Vera Holm",
  password: "long enough to be a passphrase",
};

/** The registration link mailed to `email`, read back from the outbox as it will be sent. */
async function mailedToken(email: string): Promise<string> {
  const mails = await t.db
    .selectFrom("email_outbox")
    .where("to_address", "=", email)
    .select(["text_body", "html_body", "subject"])
    .orderBy("created_at", "desc")
    .execute();
  expect(mails.length).toBeGreaterThan(0);
  const match = /\/register\/([A-Za-z0-9_-]+)/.exec(mails[0].text_body);
  expect(match, mails[0].text_body).not.toBeNull();
  return match![1];
}

async function counts() {
  const n = async (table: "organisations" | "users" | "memberships" | "supplier_relationships" | "sessions") =>
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
    relationships: await n("supplier_relationships"),
    sessions: await n("sessions"),
  };
}

describe("the RFQ form", () => {
  it("reads addresses one per line or comma-separated, lower-cased and once each", () => {
    const parsed = rfqFormSchema.parse({
      ...rfqInput({ deadlineAt: new Date(now.getTime() + DAY) }),
      inviteEmails: "Vera@Vega.test, ops@vega.test\nvera@vega.test",
    });
    expect(parsed.inviteEmails).toEqual(["vera@vega.test", "ops@vega.test"]);
  });

  it("puts a bad address next to the field, by name", () => {
    const result = rfqFormSchema.safeParse({
      ...rfqInput({ deadlineAt: new Date(now.getTime() + DAY) }),
      inviteEmails: "vera@vega.test\nnot-an-address",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["inviteEmails"],
      message: msgWith("“{{address}}” is not an email address.", { address: "not-an-address" }),
    });
  });

  it("publishes with only addresses invited", () => {
    const result = rfqFormSchema.safeParse({
      ...rfqInput({ deadlineAt: new Date(now.getTime() + DAY) }),
      supplierIds: [],
      inviteEmails: "vera@vega.test",
    });
    expect(result.success).toBe(true);
  });

  it("points an address of a supplier already on the list back to the list, and writes nothing", async () => {
    const before = await t.db.selectFrom("rfqs").select("id").execute();
    await expect(
      publishedRfq(
        demo,
        { title: "Known address", deadlineAt: new Date(now.getTime() + DAY), inviteEmails: ["sales@northwind.test"] },
        now,
      ),
    ).rejects.toThrow(
      new FormError({
        inviteEmails: msgWith(
          "{{email}} already works for {{supplier}}, which is on your supplier list: tick it there instead.",
          { email: "sales@northwind.test", supplier: NORTHWIND },
        ),
      }),
    );
    expect(await t.db.selectFrom("rfqs").select("id").execute()).toHaveLength(before.length);
  });
});

describe("registering from the mailed link", () => {
  const EMAIL = "vera@vega.test";
  let rfqId: string;
  let secondRfqId: string;
  let initechDraftId: string;
  let token: string;

  beforeAll(async () => {
    rfqId = await publishedRfq(
      demo,
      {
        title: "Stainless washers M10",
        deadlineAt: new Date(now.getTime() + 5 * DAY),
        supplierIds: [demo.orgId(NORTHWIND)],
        inviteEmails: [EMAIL],
      },
      now,
    );
    token = await mailedToken(EMAIL);
    // A second RFQ inviting the same address: registering once binds both.
    secondRfqId = await publishedRfq(
      demo,
      { title: "Spring washers M10", deadlineAt: new Date(now.getTime() + 5 * DAY), inviteEmails: ["VERA@vega.test"] },
      now,
    );
    // Initech's unpublished draft names the address too: it was never sent, so registering does not bind it.
    const { createRfq } = await import("../../../app/models/sourcing/rfq-draft.server");
    initechDraftId = (
      await createRfq(
        demo.as(INITECH_BUYER, now),
        rfqInput({
          title: "Initech washers",
          deadlineAt: new Date(now.getTime() + 5 * DAY),
          inviteEmails: [EMAIL],
          intent: "save",
        }),
      )
    ).id;
  });

  it("mails a link whose token is stored only as its hash, with an expiry", async () => {
    const mail = await t.db
      .selectFrom("email_outbox")
      .where("to_address", "=", EMAIL)
      .select(["subject", "text_body"])
      .orderBy("created_at")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe(
      `Invitation to quote: Stainless washers M10 (${(await t.db.selectFrom("rfqs").select("reference").where("id", "=", rfqId).executeTakeFirstOrThrow()).reference})`,
    );
    expect(mail.text_body).toContain(`${ACME} invites you to quote on “Stainless washers M10”`);
    const rows = await t.db.selectFrom("registration_tokens").selectAll().where("email", "=", EMAIL).execute();
    expect(rows.length).toBeGreaterThan(0);
    const row = rows.find((r) => r.token_hash === createHash("sha256").update(token).digest("hex"));
    expect(row).toBeDefined();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(new Date(row!.expires_at).getTime()).toBe(now.getTime() + REGISTRATION_LINK_DAYS * DAY);
    expect(row!.used_at).toBeNull();
    // The invitation names the address, not an organisation, until the supplier registers.
    const invitation = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfqId)
      .where("invited_email", "=", EMAIL)
      .select(["supplier_org_id", "status"])
      .executeTakeFirstOrThrow();
    expect(invitation).toEqual({ supplier_org_id: null, status: "invited" });
  });

  it("shows the buyer and the RFQ on the link's page", async () => {
    expect(await readRegistrationLink(t.db, token, now)).toEqual({
      state: "ready",
      email: EMAIL,
      buyerName: ACME,
      rfqTitle: "Stainless washers M10",
      rfqId,
    });
    expect(await readRegistrationLink(t.db, "not-a-real-token-at-all-xxxxxxxx", now)).toEqual({ state: "unknown" });
  });

  it("refuses a weak password next to the field and writes nothing", async () => {
    const before = await counts();
    await expect(registerSupplier(t.db, token, { ...REGISTRATION, password: "short" }, now)).rejects.toThrow(
      new FormError({ password: msgWith("Use at least {{min}} characters for the password.", { min: 12 }) }),
    );
    await expect(
      registerSupplier(t.db, token, { ...REGISTRATION, password: "vera-is-my-password-forever" }, now),
    ).rejects.toThrow("The password must not contain your email address.");
    expect(await counts()).toEqual(before);
    expect((await readRegistrationLink(t.db, token, now)).state).toBe("ready");
  });

  it("creates the supplier, binds every pending invitation, signs in, and the supplier can quote", async () => {
    const before = await counts();
    const done = await registerSupplier(t.db, token, REGISTRATION, now);
    expect(done.rfqId).toBe(rfqId);
    expect(await counts()).toEqual({
      organisations: before.organisations + 1,
      users: before.users + 1,
      // The first person of a supplier organisation is its supplier and its admin.
      memberships: before.memberships + 2,
      // Both RFQs are Acme's: one relationship.
      relationships: before.relationships + 1,
      sessions: before.sessions + 1,
    });
    const org = await t.db
      .selectFrom("organisations")
      .selectAll()
      .where("id", "=", done.orgId)
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: "Vega Fasteners", kind: "supplier", tax_id: "SE556677889901" });
    const membership = await t.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .where("users.id", "=", done.userId)
      .select(["users.email", "users.name", "memberships.role", "memberships.org_id", "users.password_hash"])
      .where("memberships.role", "=", "supplier")
      .executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ email: EMAIL, name: "Vera Holm", role: "supplier", org_id: done.orgId });
    const roles = await t.db
      .selectFrom("memberships")
      .where("user_id", "=", done.userId)
      .select("role")
      .orderBy("role")
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["admin", "supplier"]);
    expect(membership.password_hash).not.toContain(REGISTRATION.password);
    expect(
      await t.db
        .selectFrom("supplier_relationships")
        .where("supplier_org_id", "=", done.orgId)
        .select(["buyer_org_id", "status", "contact_email"])
        .execute(),
    ).toEqual([{ buyer_org_id: demo.orgId(ACME), status: "active", contact_email: EMAIL }]);
    const bound = await t.db
      .selectFrom("rfq_invitations")
      .where("supplier_org_id", "=", done.orgId)
      .select("rfq_id")
      .orderBy("rfq_id")
      .execute();
    expect(bound.map((b) => b.rfq_id).sort()).toEqual([rfqId, secondRfqId].sort());
    const session = await t.db
      .selectFrom("sessions")
      .where("id", "=", done.sessionId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(session.user_id).toBe(done.userId);
    expect((await auditOf(t.db, done.orgId)).map((e) => e.event)).toEqual(["SUPPLIER_REGISTERED"]);

    // Signed in as the new supplier: the invitation opens, and a quote goes in.
    const actor = { userId: done.userId, orgId: done.orgId, roles: ["supplier"] as const };
    const page = await getRfqPage(actingAs(t.db, actor, now), { id: rfqId });
    expect(page.supplierView).toBe(true);
    expect(page.myInvitation).toMatchObject({ status: "viewed" });
    const result = await submitQuote(actingAs(t.db, actor, now), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.42"])),
    });
    expect(result.revision).toBe(1);
    // The buyer sees the new organisation by name where the address was.
    const buyerPage = await getRfqPage(demo.as(BUYER, now), { id: rfqId });
    expect(buyerPage.invitations?.find((i) => i.invited_email === EMAIL)).toMatchObject({
      supplierName: "Vega Fasteners",
      status: "submitted",
    });
  });

  it("leaves a buyer's unsent draft unbound; publishing it asks the new organisation to work with that buyer too", async () => {
    const draftInvitation = () =>
      t.db
        .selectFrom("rfq_invitations")
        .where("rfq_id", "=", initechDraftId)
        .select("supplier_org_id")
        .executeTakeFirstOrThrow();
    expect((await draftInvitation()).supplier_org_id).toBeNull();
    const vega = await t.db
      .selectFrom("organisations")
      .where("name", "=", REGISTRATION.organisationName)
      .select("id")
      .executeTakeFirstOrThrow();
    const initechRelationship = () =>
      t.db
        .selectFrom("supplier_relationships")
        .where("buyer_org_id", "=", demo.orgId(INITECH))
        .where("supplier_org_id", "=", vega.id)
        .select("status")
        .executeTakeFirst();
    expect(await initechRelationship()).toBeUndefined();

    const { publishRfq } = await import("../../../app/models/sourcing/rfq-lifecycle.server");
    const { version } = await t.db
      .selectFrom("rfqs")
      .where("id", "=", initechDraftId)
      .select("version")
      .executeTakeFirstOrThrow();
    await publishRfq(demo.as(INITECH_BUYER, now), { id: initechDraftId, version });
    // Registering through Acme's link agreed to Acme only: Initech must be accepted on its own.
    expect((await draftInvitation()).supplier_org_id).toBeNull();
    expect((await initechRelationship())?.status).toBe("invited");
  });

  it("refuses the link a second time, saying it was used", async () => {
    expect((await readRegistrationLink(t.db, token, now)).state).toBe("used");
    const before = await counts();
    await expect(registerSupplier(t.db, token, REGISTRATION, now)).rejects.toBeInstanceOf(RegistrationLinkError);
    expect(await counts()).toEqual(before);
  });
});

describe("links that no longer work", () => {
  it("expires after its time, and nothing is created", async () => {
    await publishedRfq(
      demo,
      { title: "Late registration", deadlineAt: new Date(now.getTime() + 20 * DAY), inviteEmails: ["late@vega.test"] },
      now,
    );
    const token = await mailedToken("late@vega.test");
    const later = new Date(now.getTime() + (REGISTRATION_LINK_DAYS + 1) * DAY);
    expect((await readRegistrationLink(t.db, token, later)).state).toBe("expired");
    const before = await counts();
    const error = await registerSupplier(t.db, token, { ...REGISTRATION, organisationName: "Late Ltd" }, later).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistrationLinkError);
    expect((error as RegistrationLinkError).link.state).toBe("expired");
    expect(await counts()).toEqual(before);
  });

  it("asks a supplier that already has an account to work with the buyer: no registration, and no RFQ until it accepts", async () => {
    // Initech asked Globex in the demo and Globex has not answered yet, so the invitation waits as an address.
    const initech = demo.actor(INITECH_BUYER);
    const { createRfq } = await import("../../../app/models/sourcing/rfq-draft.server");
    const rfq = await createRfq(
      actingAs(t.db, initech, now),
      rfqInput({
        title: "Initech gloves",
        deadlineAt: new Date(now.getTime() + 3 * DAY),
        inviteEmails: ["sales@globex.test"],
      }),
    );
    const invitations = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", rfq.id)
      .select(["supplier_org_id", "invited_email"])
      .execute();
    expect(invitations).toEqual([{ supplier_org_id: null, invited_email: "sales@globex.test" }]);
    const relationship = await t.db
      .selectFrom("supplier_relationships")
      .where("buyer_org_id", "=", demo.orgId(INITECH))
      .where("supplier_org_id", "=", demo.orgId(GLOBEX))
      .select("status")
      .executeTakeFirst();
    expect(relationship?.status).toBe("invited");
    expect(await t.db.selectFrom("registration_tokens").where("email", "=", "sales@globex.test").execute()).toEqual([]);
    // Globex cannot read the RFQ until it accepts Initech on its relationships page.
    const refused = await getRfqPage(demo.as(GLOBEX_SALES, now), { id: rfq.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
  });

  it("tells an address whose account is not a supplier's to sign in instead", async () => {
    const initech = demo.actor(INITECH_BUYER);
    const { createRfq } = await import("../../../app/models/sourcing/rfq-draft.server");
    await createRfq(
      actingAs(t.db, initech, now),
      rfqInput({
        title: "Initech gloves, again",
        deadlineAt: new Date(now.getTime() + 3 * DAY),
        inviteEmails: ["finance@acme.test"],
      }),
    );
    const token = await mailedToken("finance@acme.test");
    expect(await readRegistrationLink(t.db, token, now)).toMatchObject({
      state: "account_exists",
      buyerName: "Initech",
    });
    await expect(registerSupplier(t.db, token, REGISTRATION, now)).rejects.toBeInstanceOf(RegistrationLinkError);
  });
});

describe("inviting by email to an open RFQ", () => {
  it("mails the new address at once, and refuses one already invited", async () => {
    const rfqId = await publishedRfq(
      demo,
      { title: "Open for more", deadlineAt: new Date(now.getTime() + 2 * DAY), supplierIds: [demo.orgId(NORTHWIND)] },
      now,
    );
    expect(
      await inviteByEmailToOpenRfq(demo.as(BUYER, now), {
        id: rfqId,
        emails: ["more@vega.test"],
      }),
    ).toEqual({
      sent: 1,
    });
    expect(await mailedToken("more@vega.test")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(
      inviteByEmailToOpenRfq(demo.as(BUYER, now), {
        id: rfqId,
        emails: ["More@Vega.test"],
      }),
    ).rejects.toThrow(
      new FormError({
        inviteEmails: msgWith("{{email}} is already invited to this RFQ.", { email: "more@vega.test" }),
      }),
    );
    expect((await auditOf(t.db, rfqId)).map((e) => e.event)).toContain("INVITED_BY_EMAIL");
    // Another organisation's buyer cannot invite to it: as if it did not exist.
    const refused = await inviteByEmailToOpenRfq(demo.as(INITECH_BUYER, now), {
      id: rfqId,
      emails: ["x@vega.test"],
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
  });
});

describe("later news for an address that has not registered", () => {
  it("gets the deadline extension with a fresh registration link, and the cancellation without a link", async () => {
    const rfqId = await publishedRfq(
      demo,
      { title: "Moving target", deadlineAt: new Date(now.getTime() + 2 * DAY), inviteEmails: ["moved@vega.test"] },
      now,
    );
    const first = await mailedToken("moved@vega.test");
    const version = async () =>
      (await t.db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow()).version;
    const { deadline_time_zone: zone } = await t.db
      .selectFrom("rfqs")
      .where("id", "=", rfqId)
      .select("deadline_time_zone")
      .executeTakeFirstOrThrow();
    const buyer = demo.actor(BUYER);
    await extendRfqDeadline(actingAs(t.db, buyer, new Date(now.getTime() + MINUTE)), {
      id: rfqId,
      version: await version(),
      newDeadline: instantToZonedLocal(new Date(now.getTime() + 5 * DAY), zone),
    });
    const extended = (await mailsOf("moved@vega.test")).at(-1) ?? "";
    expect(extended).toContain("has extended the deadline");
    const second = await mailedToken("moved@vega.test");
    expect(second).not.toBe(first);
    expect((await readRegistrationLink(t.db, second, new Date(now.getTime() + 2 * MINUTE))).state).toBe("ready");

    await cancelRfq(actingAs(t.db, buyer, new Date(now.getTime() + 3 * MINUTE)), {
      id: rfqId,
      version: await version(),
      reason: "Requirement dropped",
    });
    const cancelled = (await mailsOf("moved@vega.test")).at(-1) ?? "";
    expect(cancelled).toContain("has cancelled");
    expect(cancelled).toContain("Requirement dropped");
    // No account to open the RFQ with, and nothing left to register for.
    expect(cancelled).not.toMatch(/\/register\/|\/rfqs\//);
  });
});

describe("draft edit and a race", () => {
  it("keeps the addresses on a draft, replaces them on edit, and mails only on publishing", async () => {
    const buyer = demo.actor(BUYER);
    const { createRfq, getDraftForm, updateDraftRfq } = await import("../../../app/models/sourcing/rfq-draft.server");
    const draft = await createRfq(
      actingAs(t.db, buyer, now),
      rfqInput({
        title: "Draft with addresses",
        deadlineAt: new Date(now.getTime() + 3 * DAY),
        inviteEmails: ["first@draft.test", "second@draft.test"],
        intent: "save",
      }),
    );
    expect((await mailsOf("first@draft.test")).length).toBe(0);
    const { values } = await getDraftForm(demo.as(BUYER), { id: draft.id });
    expect(values.inviteEmails).toBe("first@draft.test\nsecond@draft.test");

    await updateDraftRfq(actingAs(t.db, buyer, now), {
      id: draft.id,
      ...rfqInput({ title: "Draft with addresses", deadlineAt: new Date(now.getTime() + 3 * DAY) }),
      inviteEmails: ["second@draft.test", "third@draft.test"],
      version: Number(values.version),
    });
    expect((await mailsOf("first@draft.test")).length).toBe(0);
    expect((await mailsOf("second@draft.test")).length).toBe(1);
    expect((await mailsOf("third@draft.test")).length).toBe(1);
  });

  it("lets only one of two links for the same address register, when both are used at once", async () => {
    for (const title of ["Race one", "Race two"]) {
      await publishedRfq(
        demo,
        { title, deadlineAt: new Date(now.getTime() + 3 * DAY), inviteEmails: ["race@vega.test"] },
        now,
      );
    }
    const tokens = (await mailsOf("race@vega.test")).map((m) => /\/register\/([A-Za-z0-9_-]+)/.exec(m)![1]);
    expect(tokens).toHaveLength(2);
    const before = await counts();
    const results = await Promise.allSettled(
      tokens.map((token, i) => registerSupplier(t.db, token, { ...REGISTRATION, organisationName: `Race ${i}` }, now)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(RegistrationLinkError);
    expect((await counts()).organisations).toBe(before.organisations + 1);
    expect((await counts()).users).toBe(before.users + 1);
  });
});

async function mailsOf(email: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom("email_outbox")
    .where("to_address", "=", email)
    .select("text_body")
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.text_body);
}

describe("hostile registration forms", () => {
  it("either registers or refuses next to a field, never a database error, and a refusal writes nothing", async () => {
    const rfq = await demo.rfq("Stainless washers M10");
    const hostile = fc.oneof(
      fc.constantFrom(
        "a\u0000b",
        "\u202e\u0301\u200b",
        "' OR '1'='1' --",
        "<script>x</script>",
        "",
        " ",
        "Ω".repeat(300),
      ),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ maxLength: 20 }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ organisationName: hostile, address: hostile, taxId: hostile, name: hostile }),
        async (fields) => {
          run += 1;
          // A fresh invitation and link per run: a successful registration spends its link.
          const email = `fuzz-${run}-${randomBytes(3).toString("hex")}@vega.test`;
          const token = randomBytes(32).toString("base64url");
          const invitation = await t.db
            .insertInto("rfq_invitations")
            .values({ rfq_id: rfq.id, buyer_org_id: rfq.org_id, invited_email: email })
            .returning("id")
            .executeTakeFirstOrThrow();
          await t.db
            .insertInto("registration_tokens")
            .values({
              invitation_id: invitation.id,
              email,
              token_hash: createHash("sha256").update(token).digest("hex"),
              expires_at: new Date(now.getTime() + DAY),
            })
            .execute();
          const parsed = registrationSchema.safeParse({ ...fields, password: "a perfectly long passphrase" });
          if (!parsed.success) return;
          const before = await counts();
          try {
            await registerSupplier(t.db, token, parsed.data, now);
          } catch (error) {
            expect(error).toBeInstanceOf(FormError);
            expect(await counts()).toEqual(before);
          }
        },
      ),
      { numRuns: 25, seed: 20261123 },
    );
  });
});
