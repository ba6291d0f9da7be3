/**
 * The outbox: mail is a row written in the same transaction as the change
 * that caused it (`enqueueMail`), and sent after commit by
 * `deliverPendingMail`, which a worker runs in-process on an interval.
 *
 * A row moves `pending -> sending -> sent`; a failed send goes back to
 * `pending` with exponential backoff, or to `failed` after `maxAttempts`.
 * While a row is `sending`, `next_attempt_at` holds the time it was claimed;
 * a row left in `sending` for more than ten minutes (the process died mid
 * batch) is claimed again. Delivery is therefore at least once: a crash
 * between the SMTP server's "250 OK" and the `sent` update sends it twice,
 * but both copies carry the row's own Message-ID, so the receiving mail
 * system can tell them for one message.
 *
 * Attachments are stored as references (`OutboxAttachment`) and rendered
 * at send time, so a large PDF never sits in the table.
 */
import type { Db } from "../db/client.server";

import type { OutboxAttachment, OutboxMail } from "../db/schema";

import type { MailTransport } from "./transport.server";

/** Renders an attachment at send time, for the one it goes to: a document in their words and time zone. */
export type RenderAttachment = (
  a: OutboxAttachment,
  to: { address: string; orgId: string | null },
) => Promise<{ filename: string; content: Buffer; contentType: string }>;

export interface DeliverOptions {
  db: Db;
  transport: MailTransport;
  /** The From header, e.g. "Quotient <no-reply@example.com>". */
  from: string;
  renderAttachment: RenderAttachment;
  /** The clock; tests move it forward instead of waiting. */
  now?: () => Date;
  /** Rows claimed per call (default 20). */
  batchSize?: number;
  /** Attempts before a row is marked `failed` (default 8). */
  maxAttempts?: number;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** A row still `sending` after this long belongs to a process that died. */
const STALE_SENDING_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 2_000;

/**
 * Adds a mail to the outbox. Only inserts: call it inside the transaction
 * of the change the mail reports, so both commit or neither does.
 */
export async function enqueueMail(
  db: Db,
  mail: {
    orgId?: string | null;
    to: string;
    subject: string;
    text: string;
    html?: string;
    attachments?: OutboxAttachment[];
  },
): Promise<string> {
  const to = mail.to.trim();
  if (!to) throw new Error("enqueueMail: the recipient address is empty");
  const row = await db
    .insertInto("email_outbox")
    .values({
      org_id: mail.orgId ?? null,
      to_address: to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      attachments: JSON.stringify(mail.attachments ?? []),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** 30 s after the first failure, doubling each time, at most one hour. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(exponent, 20));
}

/**
 * Claims the mail that is due, sends it, and records the outcome of each
 * row. Safe to run from several processes at once: claiming uses
 * `for update skip locked`, so no row is claimed twice.
 */
export async function deliverPendingMail(options: DeliverOptions): Promise<DeliveryResult> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };

  await releaseAbandonedClaims(db);
  const claimed = await claimDueMail(db, now(), batchSize);
  const untried = new Set(claimed.map((row) => row.id));
  try {
    await sendClaimed(claimed, untried, options, result);
  } catch (error) {
    // Recording failed (the database went away): the rows not yet tried are free to go back.
    const abandoned = abandonedClaims.get(db) ?? new Set<string>();
    for (const id of untried) abandoned.add(id);
    abandonedClaims.set(db, abandoned);
    throw error;
  }
  return result;
}

async function sendClaimed(
  claimed: OutboxMail[],
  untried: Set<string>,
  options: DeliverOptions,
  result: DeliveryResult,
): Promise<void> {
  const { db, transport, from, renderAttachment } = options;
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (const row of claimed) {
    let messageId: string;
    // From here on this row may reach the SMTP server: if the outcome cannot be recorded it
    // stays `sending` and is reclaimed later (at least once), never released as untried.
    untried.delete(row.id);
    try {
      const attachments = await Promise.all(
        attachmentRefs(row.attachments).map((a) => renderAttachment(a, { address: row.to_address, orgId: row.org_id })),
      );
      const info = await transport.send({
        messageId: outboxMessageId(row.id, from),
        from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body === null ? {} : { html: row.html_body }),
        attachments,
      });
      messageId = info.messageId;
    } catch (error) {
      const attempts = row.attempts + 1;
      const giveUp = attempts >= maxAttempts;
      const at = now();
      await db
        .updateTable("email_outbox")
        .set({
          status: giveUp ? "failed" : "pending",
          attempts,
          last_error: describeError(error),
          next_attempt_at: giveUp ? at : new Date(at.getTime() + retryDelayMs(attempts)),
        })
        .where("id", "=", row.id)
        .where("status", "=", "sending")
        .execute();
      if (giveUp) result.failed++;
      else result.retried++;
      continue;
    }
    // Outside the try: a failure to record success must not be taken for a
    // failed send (that would send the mail again).
    await db
      .updateTable("email_outbox")
      .set({ status: "sent", attempts: row.attempts + 1, sent_at: now(), message_id: messageId, last_error: null })
      .where("id", "=", row.id)
      .where("status", "=", "sending")
      .execute();
    result.sent++;
  }
}

/**
 * Rows a delivery run of this process claimed but never tried to send,
 * because the run stopped (the database went away while recording an
 * earlier row). No one else holds them, so the next run puts them back as
 * `pending` instead of leaving them to the ten-minute reclaim meant for rows
 * whose fate is unknown.
 */
const abandonedClaims = new WeakMap<Db, Set<string>>();

async function releaseAbandonedClaims(db: Db): Promise<void> {
  const abandoned = abandonedClaims.get(db);
  if (!abandoned || abandoned.size === 0) return;
  const ids = [...abandoned];
  await db
    .updateTable("email_outbox")
    .set({ status: "pending" })
    .where("id", "in", ids)
    .where("status", "=", "sending")
    .execute();
  for (const id of ids) abandoned.delete(id);
}

/** In one short transaction: lock the due rows nobody else holds, mark them `sending`. */
async function claimDueMail(db: Db, at: Date, batchSize: number): Promise<OutboxMail[]> {
  const staleBefore = new Date(at.getTime() - STALE_SENDING_MS);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("email_outbox")
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", at)]),
          eb.and([eb("status", "=", "sending"), eb("next_attempt_at", "<=", staleBefore)]),
        ]),
      )
      .orderBy("created_at")
      .orderBy("id")
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable("email_outbox")
      .set({ status: "sending", next_attempt_at: at })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });
}

function attachmentRefs(value: unknown): OutboxAttachment[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) throw new Error("outbox row: attachments is not a list");
  return parsed as OutboxAttachment[];
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const code =
    error && typeof error === "object" && "code" in error && typeof error.code === "string" ? error.code : null;
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 3)}...` : text;
}

export interface OutboxWorker {
  /** Stops the timer and waits for a batch that is running. */
  stop(): Promise<void>;
  /** Runs a batch soon (after the current one, if one is running). */
  kick(): void;
}

/**
 * Runs `deliverPendingMail` in this process every `intervalMs` (default
 * 5 s), at once after `kick()`, and again straight away while batches come
 * back full. Errors go to `onError` (default: console.error) and the
 * worker keeps going.
 */
export function startOutboxWorker(
  options: DeliverOptions & { intervalMs?: number; onError?: (e: unknown) => void },
): OutboxWorker {
  const intervalMs = options.intervalMs ?? 5_000;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const onError =
    options.onError ??
    ((e: unknown) => console.error("outbox worker: delivery failed:", e instanceof Error ? e.message : e));
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref?.();
  };

  function run(): void {
    timer = null;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      let full = false;
      try {
        const r = await deliverPendingMail(options);
        full = r.sent + r.retried + r.failed >= batchSize;
      } catch (error) {
        onError(error);
      }
      running = null;
      const soon = again || full;
      again = false;
      schedule(soon ? 0 : intervalMs);
    })();
  }

  schedule(0);

  return {
    kick() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export interface FailedMail {
  id: string;
  toAddress: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  failedAt: Date;
}

/** Mail of one organisation that gave up after its last attempt, newest first. */
export async function listFailedMail(db: Db, orgId: string): Promise<FailedMail[]> {
  const rows = await db
    .selectFrom("email_outbox")
    .select(["id", "to_address", "subject", "attempts", "last_error", "created_at", "next_attempt_at"])
    .where("org_id", "=", orgId)
    .where("status", "=", "failed")
    .orderBy("next_attempt_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    toAddress: r.to_address,
    subject: r.subject,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    failedAt: r.next_attempt_at,
  }));
}

/**
 * Puts a failed mail of this organisation back in the queue with a fresh
 * set of attempts, and records who did it. False when there is no such
 * failed mail in the organisation (another organisation's mail is "not found").
 */
export async function retryFailedMail(
  db: Db,
  input: { orgId: string; actorId: string; id: string },
  at = new Date(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("email_outbox")
      .set({ status: "pending", attempts: 0, next_attempt_at: at })
      .where("id", "=", input.id)
      .where("org_id", "=", input.orgId)
      .where("status", "=", "failed")
      .returning(["id", "to_address"])
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .insertInto("audit_events")
      .values({
        org_id: input.orgId,
        actor_id: input.actorId,
        entity_type: "email",
        entity_id: row.id,
        event: "MAIL_RETRY",
        from_state: "failed",
        to_state: "pending",
        data: JSON.stringify({ to: row.to_address }),
      })
      .execute();
    return true;
  });
}

/** One Message-ID per outbox row, in the sender's domain, the same on every attempt. */
export function outboxMessageId(rowId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "quotient.invalid";
  return `outbox-${rowId}@${domain}`;
}
