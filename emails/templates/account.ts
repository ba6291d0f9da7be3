import { renderMail, type MailContent } from "./layout";

/** How long a link works, in words for a mail. */
function lifetime(expiresAt: Date, at: Date): string {
  const hours = Math.round((expiresAt.getTime() - at.getTime()) / 3600_000);
  if (hours <= 1) return "one hour";
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** After sign-up: the link that confirms the address, before anything else is possible. */
export function confirmAddressMail(input: {
  name: string;
  organisationName: string;
  url: string;
  expiresAt: Date;
  at: Date;
}): MailContent {
  return renderMail({
    subject: "Confirm your address to start using Quotient",
    greeting: `Hello ${input.name},`,
    paragraphs: [
      `You signed up ${input.organisationName} on Quotient. Confirm that this address is yours to sign in.`,
      `The link works once, for ${lifetime(input.expiresAt, input.at)}. If you did not sign up, ignore this mail: nothing happens without the confirmation.`,
    ],
    action: { label: "Confirm my address", url: input.url },
  });
}

/**
 * Someone signed up with an address that already has an account. The page
 * said the same as for a new address (so it tells no one the address
 * exists); the owner learns it here, where only they read it.
 */
export function signupAddressTakenMail(input: { name: string; signInUrl: string; resetUrl: string }): MailContent {
  return renderMail({
    subject: "Someone tried to sign up with your address",
    greeting: `Hello ${input.name || "there"},`,
    paragraphs: [
      "Someone tried to sign up a new organisation on Quotient with this address, which already has an account. Nothing was created.",
      `If it was you, sign in instead (${input.signInUrl}), or choose a new password if you forgot it (${input.resetUrl}). If it was not you, you need do nothing.`,
    ],
    action: { label: "Sign in", url: input.signInUrl },
  });
}

export function passwordResetMail(input: { name: string; url: string; expiresAt: Date; at: Date }): MailContent {
  return renderMail({
    subject: "Choose a new Quotient password",
    greeting: `Hello ${input.name || "there"},`,
    paragraphs: [
      "Someone asked to reset the password of your Quotient account. Open the link to choose a new one.",
      `The link works once, for ${lifetime(input.expiresAt, input.at)}. If you did not ask, ignore this mail: your password stays as it is.`,
    ],
    action: { label: "Choose a new password", url: input.url },
  });
}

export function invitationMail(input: {
  organisationName: string;
  inviterName: string;
  roles: string;
  url: string;
  expiresAt: Date;
  at: Date;
}): MailContent {
  return renderMail({
    subject: `${input.inviterName} invites you to ${input.organisationName} on Quotient`,
    greeting: "Hello,",
    paragraphs: [
      `${input.inviterName} invites you to join ${input.organisationName} on Quotient as ${input.roles}.`,
      `Open the link to set your name and password. It works once, for ${lifetime(input.expiresAt, input.at)}.`,
    ],
    action: { label: "Accept the invitation", url: input.url },
  });
}

/**
 * An admin reset the person's two-factor sign-in (a lost phone): they set it
 * up again at their next sign-in when the organisation requires it. Told so
 * that a reset they did not ask for is noticed.
 */
export function twoFactorResetMail(input: {
  name: string;
  adminName: string;
  organisationName: string;
  required: boolean;
  signInUrl: string;
}): MailContent {
  return renderMail({
    subject: "Your two-factor sign-in was reset",
    greeting: `Hello ${input.name || "there"},`,
    paragraphs: [
      `${input.adminName}, an admin of ${input.organisationName}, reset the two-factor sign-in of your Quotient account. Your recovery codes no longer work, and you were signed out everywhere.`,
      input.required
        ? "Your organisation requires two-factor sign-in: at your next sign-in you set it up again with your authenticator app."
        : "You sign in with your password alone until you set two-factor sign-in up again on your profile.",
      `If you did not ask for this, tell ${input.adminName} or another admin at once.`,
    ],
    action: { label: "Sign in", url: input.signInUrl },
  });
}
