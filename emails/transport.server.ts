/**
 * Where mail goes: an SMTP server (nodemailer) when SMTP_URL is set, else a
 * folder of .eml files a developer can open in any mail program. Both build
 * the same RFC 822 message with nodemailer.
 *
 * Plain SMTP to a loopback host (a local catcher such as Mailpit, or the
 * test server) skips STARTTLS; anything else uses TLS when the server
 * offers it. `?ignoreTLS=true|false` or `?requireTLS=true` in the URL win.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import nodemailer from "nodemailer";

export interface OutgoingMail {
  /**
   * The Message-ID header, without angle brackets. The outbox derives it from
   * its row, so a mail sent twice (the database went away before the send was
   * recorded) carries the same id both times and mail systems can drop the copy.
   */
  messageId?: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  kind: "smtp" | "folder";
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export function createMailTransport(options: { smtpUrl?: string; mailDir: string }): MailTransport {
  const smtpUrl = options.smtpUrl?.trim();
  return smtpUrl ? smtpTransport(smtpUrl) : folderTransport(options.mailDir);
}

function smtpTransport(smtpUrl: string): MailTransport {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error("SMTP_URL is not a valid URL (expected smtp://host:port or smtps://host:port)");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // Options in the URL's query string override these.
    ignoreTLS: url.protocol === "smtp:" && isLoopback(url.hostname),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  return {
    kind: "smtp",
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail));
      return { messageId: info.messageId };
    },
    close() {
      transporter.close();
    },
  };
}

function folderTransport(mailDir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    kind: "folder",
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail));
      const message = info.message;
      if (!Buffer.isBuffer(message)) throw new Error("mail folder transport: expected the message as a buffer");
      await mkdir(mailDir, { recursive: true });
      // ISO time with ":" replaced, so names sort by time and work on every file system.
      const name = `${new Date().toISOString().replace(/:/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
      await writeFile(path.join(mailDir, name), message, { flag: "wx" });
      return { messageId: info.messageId };
    },
    close() {
      transporter.close();
    },
  };
}

function toNodemailer(mail: OutgoingMail) {
  return {
    ...(mail.messageId === undefined ? {} : { messageId: `<${mail.messageId}>` }),
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html === undefined ? {} : { html: mail.html }),
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
