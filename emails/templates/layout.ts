/**
 * One look for every mail: a greeting, short paragraphs and one link to act
 * on, as plain text and as escaped HTML, in the reader's words.
 */
import { translated } from "../../app/i18n/config";

import type { MailReader } from "./reader";

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** "Hello Ada," or, without a name, "Hello,". */
export function greeting({ t }: MailReader, name?: string | null): string {
  return name ? t("Hello {{name}},", { name }) : t("Hello,");
}

export function renderMail(
  input: {
    subject: string;
    greeting: string;
    paragraphs: string[];
    /** The one link the mail leads to; left out when there is nothing the reader can open. */
    action?: { label: string; url: string };
  },
  { t }: MailReader,
): MailContent {
  const signature = t("Quotient procurement");
  const text = [
    input.greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...(input.action ? [`${input.action.label}: ${input.action.url}`, ""] : []),
    signature,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937">
<p>${escapeHtml(input.greeting)}</p>
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${input.action ? `<p><a href="${escapeHtml(input.action.url)}" style="background:#1d4ed8;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(input.action.label)}</a></p>\n` : ""}<p style="color:#6b7280;font-size:12px">${escapeHtml(signature)}</p>
</body></html>`;
  // One line: a line break in a name or a typed reason must not reach the Subject header.
  return { subject: input.subject.replace(/[\r\n]+/g, " ").trim(), text, html };
}

/**
 * A mail of sentences and one link whose words are all catalogue messages made where the event happened (`msg`,
 * `msgWith`): its subject, paragraphs and the link's label, said here in the reader's words and formats.
 */
export function messageMail(
  input: { recipientName: string; subject: string; paragraphs: string[]; actionLabel: string; url: string },
  reader: MailReader,
): MailContent {
  const { t, format } = reader;
  return renderMail(
    {
      subject: translated(t, input.subject, format),
      greeting: greeting(reader, input.recipientName),
      paragraphs: input.paragraphs.map((p) => translated(t, p, format)),
      action: { label: translated(t, input.actionLabel, format), url: input.url },
    },
    reader,
  );
}

/**
 * A mail that is one sentence and one link (a PO's or a requisition's news); `actionLabel` is the link's catalogue
 * key ("Open the purchase order").
 */
export function sentenceMail(
  input: { recipientName: string; subject: string; text: string; url: string },
  actionLabel: string,
  reader: MailReader,
): MailContent {
  return messageMail({ ...input, paragraphs: [input.text], actionLabel }, reader);
}
