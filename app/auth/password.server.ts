import { randomBytes } from "node:crypto";

import { hash, verify } from "@node-rs/argon2";
import { msg, msgWith } from "~/i18n/config";

// Argon2id (algorithm 2; the package's Algorithm is a const enum that
// isolatedModules refuses) with OWASP's minimum memory/time settings.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when no account matches, so a wrong
 * email and a wrong password cannot be told apart by timing.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
  return false;
}

export const MIN_PASSWORD_LENGTH = 12;

/**
 * The rules for a new password, for every place that sets one: at least
 * twelve characters, and not built on the account's email (its local part,
 * e.g. "jane.doe" for jane.doe@acme.test, anywhere in it, in any case).
 * Returns the message to show next to the field, or null when it is fine.
 */
export function checkNewPassword(password: string, email: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return msgWith("Use at least {{min}} characters for the password.", { min: MIN_PASSWORD_LENGTH });
  const local = email.trim().toLowerCase().split("@")[0] ?? "";
  const lower = password.toLowerCase();
  // Very short local parts ("a@…") would forbid too much by accident.
  if (local.length >= 3 && lower.includes(local)) return msg("The password must not contain your email address.");
  if (email.trim() && lower.includes(email.trim().toLowerCase()))
    return msg("The password must not contain your email address.");
  return null;
}

/** Hashes a new password after checking it against the rules; throws with the rule's message. */
export async function hashNewPassword(password: string, email: string): Promise<string> {
  const problem = checkNewPassword(password, email);
  if (problem) throw new Error(problem);
  return hashPassword(password);
}
