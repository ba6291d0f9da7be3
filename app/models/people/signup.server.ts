/**
 * A buying company signs itself up: the organisation and its first admin,
 * in one transaction, with the address unconfirmed until the mailed link is
 * opened; sign-in is refused until then. Nobody is signed in here, so these
 * take the database, not a use-case context: the token is the credential
 * (docs/decisions/014-use-case-context.md).
 *
 * Whether an address already has an account is never told on the page: a
 * sign-up with a known address gets the same reply, and the address's owner
 * a mail saying someone tried.
 */
import type { Db, Trx } from "../../../db/client.server";
import { enqueueMail } from "../../../emails/outbox.server";
import { mailReaderFor } from "../../../emails/recipient.server";
import { confirmAddressMail, signupAddressTakenMail } from "../../../emails/templates/account";
import { appendAuditEvent } from "../../../workflows/audit.server";
import { checkNewPassword, hashPassword } from "../../auth/password.server";
import { absoluteUrl } from "../../env.server";
import { FormError } from "../../utils/errors";

import {
  issueToken,
  MAX_LINKS_PER_HOUR,
  mayIssueToken,
  readToken,
  spendToken,
  type TokenState,
} from "./account-tokens.server";
import { orgOfUser } from "./membership.server";
import { countryTimeZone } from "./places";
import type { SignupInput } from "./signup.schema";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

async function findAccount(db: Db | Trx, email: string) {
  return db
    .selectFrom("users")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .select(["id", "name", "email", "email_confirmed_at", "invited_at", "disabled_at", "password_hash"])
    .executeTakeFirst();
}

/**
 * Signs up the organisation and its admin, or, when the address has an
 * account, only mails its owner. Either way the caller shows the same reply.
 * A password against the rules is a FormError (it says nothing about the address).
 */
export async function signUp(db: Db, input: SignupInput, at: Date): Promise<void> {
  const email = input.email.toLowerCase();
  const weak = checkNewPassword(input.password, email);
  if (weak) throw new FormError({ password: weak });
  // Hashed before anything is looked up, so a known and an unknown address take the same time.
  const passwordHash = await hashPassword(input.password);
  try {
    await db.transaction().execute(async (trx) => {
      const existing = await findAccount(trx, email);
      if (existing) return tellOwner(trx, existing, at);
      await createOrganisation(trx, { ...input, email }, passwordHash, at);
    });
  } catch (error) {
    // The same address signed up at the same moment: the unique index decided, and nothing of this one stays.
    if (!isUniqueViolation(error)) throw error;
    await db.transaction().execute(async (trx) => {
      const existing = await findAccount(trx, email);
      if (existing) await tellOwner(trx, existing, at);
    });
  }
}

async function createOrganisation(trx: Trx, input: SignupInput, passwordHash: string, at: Date): Promise<void> {
  const org = await trx
    .insertInto("organisations")
    .values({
      name: input.organisationName,
      legal_name: input.legalName,
      country: input.country,
      // The zone of the browser it signed up from, or else its country's; the admin follows it until choosing one.
      default_time_zone: input.timeZone ?? countryTimeZone(input.country) ?? "UTC",
      kind: "buyer",
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await trx
    .insertInto("users")
    .values({
      email: input.email,
      name: input.name,
      password_hash: passwordHash,
      email_confirmed_at: null,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("memberships")
    .values({ user_id: user.id, org_id: org.id, role: "admin", created_at: at })
    .execute();
  await appendAuditEvent(trx, {
    orgId: org.id,
    actorId: user.id,
    entityType: "organisation",
    entityId: org.id,
    event: "ORGANISATION_SIGNED_UP",
    data: { name: input.organisationName, legalName: input.legalName, country: input.country, admin: input.email },
  });
  await mailConfirmation(trx, { userId: user.id, orgId: org.id, email: input.email, name: input.name }, at);
}

async function mailConfirmation(
  trx: Trx,
  person: { userId: string; orgId: string; email: string; name: string },
  at: Date,
): Promise<void> {
  const org = await trx
    .selectFrom("organisations")
    .where("id", "=", person.orgId)
    .select("name")
    .executeTakeFirstOrThrow();
  const { token, expiresAt } = await issueToken(trx, { userId: person.userId, purpose: "confirm_email", at });
  const mail = confirmAddressMail(
    { name: person.name, organisationName: org.name, url: absoluteUrl(`/signup/confirm/${token}`), expiresAt, at },
    await mailReaderFor(trx, { userId: person.userId, orgId: person.orgId }),
  );
  await enqueueMail(trx, { orgId: person.orgId, to: person.email, ...mail });
  await appendAuditEvent(trx, {
    orgId: person.orgId,
    actorId: null,
    entityType: "user",
    entityId: person.userId,
    event: "CONFIRMATION_LINK_SENT",
    data: { expiresAt: expiresAt.toISOString() },
  });
}

async function tellOwner(
  trx: Trx,
  account: { id: string; name: string; email: string; disabled_at: Date | null },
  at: Date,
): Promise<void> {
  // A deactivated account hears nothing: its owner may no longer work there.
  if (account.disabled_at) return;
  // At most a few such mails an hour, so sign-ups cannot be used to flood someone's inbox.
  const recent = await trx
    .selectFrom("audit_events")
    .where("entity_id", "=", account.id)
    .where("event", "=", "SIGNUP_WITH_TAKEN_ADDRESS")
    .where("created_at", ">", new Date(at.getTime() - 3600_000))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= MAX_LINKS_PER_HOUR) return;
  const mail = signupAddressTakenMail(
    { name: account.name, signInUrl: absoluteUrl("/login"), resetUrl: absoluteUrl("/forgot-password") },
    await mailReaderFor(trx, { userId: account.id }),
  );
  await enqueueMail(trx, { to: account.email, ...mail });
  await appendAuditEvent(trx, {
    orgId: await orgOfUser(trx, account.id),
    actorId: null,
    entityType: "user",
    entityId: account.id,
    event: "SIGNUP_WITH_TAKEN_ADDRESS",
  });
}

/**
 * A new confirmation link for an address that signed up and has not
 * confirmed yet; for any other address nothing happens. The caller answers
 * the same either way.
 */
export async function resendConfirmation(db: Db, { email }: { email: string }, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const account = await findAccount(trx, email);
    if (!account || account.email_confirmed_at || account.invited_at || account.disabled_at) return;
    if (!(await mayIssueToken(trx, { userId: account.id, purpose: "confirm_email", at }))) return;
    const orgId = await orgOfUser(trx, account.id);
    if (!orgId) return;
    await mailConfirmation(trx, { userId: account.id, orgId, email: account.email, name: account.name }, at);
  });
}

export type ConfirmationLink = { state: TokenState; email?: string };

/** What a confirmation link leads to, without spending it. */
export async function readConfirmationLink(db: Db, token: string, at: Date): Promise<ConfirmationLink> {
  const found = await readToken(db, { token, purpose: "confirm_email", at });
  return { state: found.state, email: found.email };
}

/** Confirms the address: the link is spent, and the person may sign in. Otherwise says why the link is dead. */
export async function confirmAddress(
  db: Db,
  token: string,
  at: Date,
): Promise<{ confirmed: true; email: string } | { confirmed: false; state: TokenState }> {
  return db.transaction().execute(async (trx) => {
    const spent = await spendToken(trx, { token, purpose: "confirm_email", at });
    if (!spent.ok) return { confirmed: false as const, state: spent.state };
    const user = await trx
      .updateTable("users")
      .set({ email_confirmed_at: at })
      .where("id", "=", spent.userId)
      .where("disabled_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!user) return { confirmed: false as const, state: "unknown" as const };
    await appendAuditEvent(trx, {
      orgId: await orgOfUser(trx, spent.userId),
      actorId: spent.userId,
      entityType: "user",
      entityId: spent.userId,
      event: "EMAIL_CONFIRMED",
    });
    return { confirmed: true as const, email: spent.email };
  });
}
