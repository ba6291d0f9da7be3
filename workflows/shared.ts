/**
 * Small pure helpers shared by the workflow machines: comparing ISO
 * timestamps, formatting them for people, and wording refusals.
 *
 * No I/O, no clock: every "now" arrives as the `at` of an event.
 * May import nothing outside this folder.
 */

/** Milliseconds since the epoch, or NaN when `iso` is not a date. */
export function instant(iso: string | undefined): number {
  return typeof iso === "string" && iso.trim() !== "" ? Date.parse(iso) : Number.NaN;
}

export function isValidInstant(iso: string | undefined): boolean {
  return !Number.isNaN(instant(iso));
}

/** True when both are dates and `a` is strictly earlier than `b`. */
export function isBefore(a: string | undefined, b: string | undefined): boolean {
  return instant(a) < instant(b);
}

/** True when both are dates and `a` is at or after `b`. */
export function isAtOrAfter(a: string | undefined, b: string | undefined): boolean {
  return instant(a) >= instant(b);
}

/** "2026-11-23T10:00:00Z" -> "2026-11-23 10:00 UTC"; anything unparseable is returned as given. */
export function formatUtc(iso: string): string {
  const ms = instant(iso);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

export function isBlank(text: string | undefined | null): boolean {
  return typeof text !== "string" || text.trim() === "";
}

/** "EXTEND_DEADLINE" -> "extend deadline", "pending_approval" -> "pending approval". */
export function humanise(token: string): string {
  return token.toLowerCase().replace(/_+/g, " ").trim();
}

/** How a status reads in a sentence: "a draft", "pending approval", "closed". */
export function statusPhrase(status: string): string {
  return status === "draft" ? "a draft" : humanise(status);
}

/**
 * The generic refusal, for cases no more specific sentence covers:
 * "Cannot award while the RFQ is cancelled."
 * `action` is a verb phrase ("extend the deadline"); `status` is the raw status.
 */
export function cannotWhile(entity: string, action: string, status: string): string {
  return `Cannot ${action} while the ${entity} is ${statusPhrase(status)}.`;
}
