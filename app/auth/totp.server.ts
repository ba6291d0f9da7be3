/**
 * The second factor of a sign-in: time-based one-time codes (TOTP, RFC 6238:
 * six digits, 30-second steps, as every authenticator app makes them) and
 * one-time recovery codes. No audit and no use cases here (those are
 * `app/models/people/two-factor*.server.ts`); this file keeps the secrets:
 *
 * - The TOTP secret is stored encrypted (AES-256-GCM under a key derived
 *   from the server's secret), so a copy of the database alone does not
 *   yield codes; it is shown only while being set up.
 * - A code is accepted for its step and one step either side (clocks drift),
 *   and only for a step later than the last one accepted: the same code,
 *   or an older one, cannot be used again. The step is written by one
 *   conditional UPDATE, so two requests with one code cannot both pass.
 * - Recovery codes are 10 random characters each (50 bits), stored as
 *   SHA-256 (random codes need no slow hash), spent by a conditional UPDATE.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from "node:crypto";

import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

import type { Db, Trx } from "../../db/client.server";

import { sessionSecret } from "./session.server";

const ISSUER = "Quotient";
const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", sessionSecret(), "quotient", "totp-secret-v1", 32));
}

export function encryptSecret(base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const sealed = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), sealed.toString("base64url")].join(
    ".",
  );
}

/** The base32 secret, or null when the stored value cannot be opened (another server secret, tampering). */
export function decryptSecret(stored: string): string | null {
  const [version, iv, tag, sealed] = stored.split(".");
  if (version !== "v1" || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** A fresh secret (160 bits, as RFC 4226 recommends), base32 as apps expect it typed. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(base32: string, label = "") {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: base32 });
}

/** What the person's app needs: the otpauth:// address as a QR code (SVG data URL) and the secret in groups of four for typing. */
export async function setupDetails(base32: string, email: string) {
  const uri = totp(base32, email).toString();
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    secretGroups: base32.match(/.{1,4}/g)?.join(" ") ?? base32,
  };
}

/** The code an app shows at `at` (tests and the demo use it; the server never shows one). */
export function currentCode(base32: string, at: Date): string {
  return totp(base32).generate({ timestamp: at.getTime() });
}

export const SIX_DIGITS = /^\d{6}$/;

/** The time step a code belongs to, or null when it matches none of the steps around `at`. */
export function stepOfCode(base32: string, code: string, at: Date): number | null {
  if (!SIX_DIGITS.test(code)) return null;
  const delta = totp(base32).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD, timestamp: at.getTime() }) + delta;
}

export type CodeVerdict = "ok" | "wrong" | "replayed";

/**
 * Checks a six-digit code against a person's secret (the pending one while
 * setting up) and, when it matches a step later than the last accepted,
 * records that step. Call inside the transaction that acts on the result.
 */
export async function acceptTotpCode(trx: Trx, userId: string, code: string, at: Date): Promise<CodeVerdict> {
  const row = await trx
    .selectFrom("users")
    .where("id", "=", userId)
    .select(["totp_secret", "totp_last_step"])
    .forUpdate()
    .executeTakeFirst();
  const secret = row?.totp_secret ? decryptSecret(row.totp_secret) : null;
  if (!row || !secret) return "wrong";
  const step = stepOfCode(secret, code.trim(), at);
  if (step === null) return "wrong";
  if (row.totp_last_step !== null && step <= Number(row.totp_last_step)) return "replayed";
  const updated = await trx
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", String(step))]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? "ok" : "replayed";
}

/** Lower case, without spaces or dashes: "ABCDE-FGHIJ" and "abcde fghij" are one code. */
function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/** Letters and digits that cannot be misread for each other (no 0/o, 1/l/i). */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten fresh codes, "xxxxx-xxxxx", shown once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Replaces a person's recovery codes with fresh ones (the old stop working); returns them for showing once. */
export async function replaceRecoveryCodes(trx: Trx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await trx
    .insertInto("recovery_codes")
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code) })))
    .execute();
  return codes;
}

/** Spends a recovery code of the person; false when it is not theirs or already used. */
export async function spendRecoveryCode(trx: Trx, userId: string, code: string, at: Date): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!/^[a-z0-9]{10}$/.test(normalised)) return false;
  const spent = await trx
    .updateTable("recovery_codes")
    .set({ used_at: at })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hashRecoveryCode(normalised))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodes(db: Db | Trx, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A second factor as typed: six digits are a TOTP code, anything else is
 * tried as a recovery code. Records the step or spends the code.
 */
export async function checkSecondFactor(
  trx: Trx,
  userId: string,
  code: string,
  at: Date,
): Promise<{ ok: true; method: "totp" | "recovery" } | { ok: false; reason: "wrong" | "replayed" | "recovery" }> {
  const typed = code.trim();
  if (SIX_DIGITS.test(typed)) {
    const verdict = await acceptTotpCode(trx, userId, typed, at);
    return verdict === "ok" ? { ok: true, method: "totp" } : { ok: false, reason: verdict };
  }
  return (await spendRecoveryCode(trx, userId, typed, at))
    ? { ok: true, method: "recovery" }
    : { ok: false, reason: "recovery" };
}
