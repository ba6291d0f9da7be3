/**
 * Wall-clock time in a named time zone <-> instants, with Intl only.
 * A deadline is typed as local time in the RFQ's zone and stored as UTC.
 */
export const TIME_ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Paris",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "Australia/Sydney",
] as const;

/**
 * One formatter per zone, made once: building an Intl.DateTimeFormat costs
 * about 0.1 ms, and list pages format every row's instants.
 */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(timeZone);
  if (!format) {
    // Throws RangeError for an unknown zone before anything is cached.
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClocks.set(timeZone, format);
  }
  return format;
}

function offsetMinutes(instant: Date, timeZone: string): number {
  // Most instants are shown in UTC, which has no offset to look up.
  if (timeZone === "UTC") return 0;
  const parts = wallClock(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The years a date typed into a form may have. Postgres has no year 0000,
 * and Date.UTC reads years 0-99 as 1900-1999: both are kept out here.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
export const YEAR_OUT_OF_RANGE = `Enter a year from ${MIN_YEAR} to ${MAX_YEAR}.`;
export const NO_SUCH_DATE = "That date does not exist.";

/**
 * What is wrong with a "YYYY-MM-DD" day, or null when it is a real day
 * within the years allowed. The shape (four digits, two, two) is the
 * caller's check, with its own message.
 */
export function calendarDateProblem(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return NO_SUCH_DATE;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return YEAR_OUT_OF_RANGE;
  // Rolled over (30 February becomes 2 March) means it does not exist.
  const check = new Date(Date.UTC(year, month - 1, date));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === date ? null : NO_SUCH_DATE;
}

/**
 * "2026-12-01T17:00" in "Europe/Berlin" -> the instant. Null when
 * unparseable, when the day or time does not exist (30 February, 25:00),
 * or when the year is out of range.
 */
export function zonedLocalToInstant(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  if (calendarDateProblem(`${m[1]}-${m[2]}-${m[3]}`) || +m[4] > 23 || +m[5] > 59) return null;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  // Second pass settles instants near a daylight-saving change.
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60000;
  return new Date(instant);
}

/** The instant as "YYYY-MM-DDTHH:mm" wall-clock time in the zone (for inputs). */
export function instantToZonedLocal(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60000);
  return shifted.toISOString().slice(0, 16);
}

export function formatInstant(instant: Date | string, timeZone = "UTC"): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  return `${instantToZonedLocal(d, timeZone).replace("T", " ")} ${timeZone}`;
}
