import { greeting, renderMail, type MailContent } from "./layout";
import type { MailReader } from "./reader";

/** How long a link works, in words for a mail. */
function lifetime({ t }: MailReader, expiresAt: Date, at: Date): string {
  const hours = Math.round((expiresAt.getTime() - at.getTime()) / 3600_000);
  if (hours <= 1) return t("one hour");
  if (hours < 48) return t("{{count}} hours", { count: hours });
  return t("{{count}} days", { count: Math.round(hours / 24) });
}

/** After sign-up: the link that confirms the address, before anything else is possible. */
export function confirmAddressMail(
  input: { name: string; organisationName: string; url: string; expiresAt: Date; at: Date },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Confirm your address to start using Quotient"),
      greeting: greeting(reader, input.name),
      paragraphs: [
        t("You signed up {{organisation}} on Quotient. Confirm that this address is yours to sign in.", {
          organisation: input.organisationName,
        }),
        t(
          "The link works once, for {{lifetime}}. If you did not sign up, ignore this mail: nothing happens without the confirmation.",
          { lifetime: lifetime(reader, input.expiresAt, input.at) },
        ),
      ],
      action: { label: t("Confirm my address"), url: input.url },
    },
    reader,
  );
}

/** "Hello Ada," or "Hello there," when the account has no name yet. */
function helloThere(reader: MailReader, name: string): string {
  return name ? greeting(reader, name) : reader.t("Hello there,");
}

/**
 * Someone signed up with an address that already has an account. The page
 * said the same as for a new address (so it tells no one the address
 * exists); the owner learns it here, where only they read it.
 */
export function signupAddressTakenMail(
  input: { name: string; signInUrl: string; resetUrl: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Someone tried to sign up with your address"),
      greeting: helloThere(reader, input.name),
      paragraphs: [
        t(
          "Someone tried to sign up a new organisation on Quotient with this address, which already has an account. Nothing was created.",
        ),
        t(
          "If it was you, sign in instead ({{signInUrl}}), or choose a new password if you forgot it ({{resetUrl}}). If it was not you, you need do nothing.",
          { signInUrl: input.signInUrl, resetUrl: input.resetUrl },
        ),
      ],
      action: { label: t("Sign in"), url: input.signInUrl },
    },
    reader,
  );
}

export function passwordResetMail(
  input: { name: string; url: string; expiresAt: Date; at: Date },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Choose a new Quotient password"),
      greeting: helloThere(reader, input.name),
      paragraphs: [
        t("Someone asked to reset the password of your Quotient account. Open the link to choose a new one."),
        t(
          "The link works once, for {{lifetime}}. If you did not ask, ignore this mail: your password stays as it is.",
          { lifetime: lifetime(reader, input.expiresAt, input.at) },
        ),
      ],
      action: { label: t("Choose a new password"), url: input.url },
    },
    reader,
  );
}

export function invitationMail(
  input: {
    organisationName: string;
    inviterName: string;
    /** Role labels as `msg` marks them ("Buyer"), told in the reader's words. */
    roles: readonly string[];
    url: string;
    expiresAt: Date;
    at: Date;
  },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  const names = { inviter: input.inviterName, organisation: input.organisationName };
  return renderMail(
    {
      subject: t("{{inviter}} invites you to {{organisation}} on Quotient", names),
      greeting: greeting(reader),
      paragraphs: [
        t("{{inviter}} invites you to join {{organisation}} on Quotient as {{roles}}.", {
          ...names,
          roles: input.roles
            .map((role) => t(role))
            .join(", ")
            .toLowerCase(),
        }),
        t("Open the link to set your name and password. It works once, for {{lifetime}}.", {
          lifetime: lifetime(reader, input.expiresAt, input.at),
        }),
      ],
      action: { label: t("Accept the invitation"), url: input.url },
    },
    reader,
  );
}

/**
 * An admin reset the person's two-factor sign-in (a lost phone): they set it
 * up again at their next sign-in when the organisation requires it. Told so
 * that a reset they did not ask for is noticed.
 */
export function twoFactorResetMail(
  input: { name: string; adminName: string; organisationName: string; required: boolean; signInUrl: string },
  reader: MailReader,
): MailContent {
  const { t } = reader;
  return renderMail(
    {
      subject: t("Your two-factor sign-in was reset"),
      greeting: helloThere(reader, input.name),
      paragraphs: [
        t(
          "{{admin}}, an admin of {{organisation}}, reset the two-factor sign-in of your Quotient account. Your recovery codes no longer work, and you were signed out everywhere.",
          { admin: input.adminName, organisation: input.organisationName },
        ),
        input.required
          ? t(
              "Your organisation requires two-factor sign-in: at your next sign-in you set it up again with your authenticator app.",
            )
          : t("You sign in with your password alone until you set two-factor sign-in up again on your profile."),
        t("If you did not ask for this, tell {{admin}} or another admin at once.", { admin: input.adminName }),
      ],
      action: { label: t("Sign in"), url: input.signInUrl },
    },
    reader,
  );
}
