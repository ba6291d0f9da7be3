/**
 * A mailbox for tests: the outbox is delivered over real SMTP to a server
 * on loopback, and each message is read back parsed, as its reader would
 * get it. `link(to, path)` finds the link a mail to `to` carries.
 */
import { simpleParser } from "mailparser";

import type { Db } from "../../db/client.server";
import { deliverPendingMail } from "../../emails/outbox.server";
import { createMailTransport, type MailTransport } from "../../emails/transport.server";

import { TestSmtpServer } from "./smtp-server";

export interface ReadMail {
  to: string[];
  subject: string;
  text: string;
}

export class Mailbox {
  private readonly smtp = new TestSmtpServer();
  private transport: MailTransport | null = null;
  readonly mails: ReadMail[] = [];

  async open(): Promise<this> {
    await this.smtp.start(0);
    this.transport = createMailTransport({ smtpUrl: this.smtp.url, mailDir: "unused" });
    return this;
  }

  async close(): Promise<void> {
    this.transport?.close();
    await this.smtp.stop();
  }

  /** Sends what the outbox holds (due a little ahead of now) and reads what arrived. */
  async deliver(db: Db): Promise<ReadMail[]> {
    if (!this.transport) throw new Error("mailbox not open");
    const transport = this.transport;
    const now = () => new Date(Date.now() + 60_000);
    const noAttachments = async () => {
      throw new Error("no attachments expected");
    };
    while (
      (await deliverPendingMail({ db, transport, from: "test@quotient.test", renderAttachment: noAttachments, now }))
        .sent > 0
    );
    const arrived = this.smtp.received.splice(0);
    const read = await Promise.all(
      arrived.map(async (m) => {
        const parsed = await simpleParser(m.raw);
        return { to: m.rcptTo.map((a) => a.toLowerCase()), subject: parsed.subject ?? "", text: parsed.text ?? "" };
      }),
    );
    this.mails.push(...read);
    return read;
  }

  /** Mails delivered so far to `address`, oldest first. */
  to(address: string): ReadMail[] {
    return this.mails.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** The token of the newest link under `path` (e.g. "/signup/confirm/") mailed to `address`. */
  link(address: string, path: string): string {
    const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    for (const mail of this.to(address).reverse()) {
      const match = new RegExp(`${escaped}([A-Za-z0-9_-]+)`).exec(mail.text);
      if (match) return match[1];
    }
    throw new Error(`no mail to ${address} with a link to ${path}`);
  }
}
