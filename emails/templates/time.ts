/**
 * An instant as a mail states it: wall-clock time in the zone it belongs
 * to, with the zone named, and UTC beside it when that zone is another, so
 * a reader anywhere can place it.
 */
import { formatInstant } from "../../app/utils/time";

export function zonedTime(instant: Date, timeZone = "UTC"): string {
  const local = formatInstant(instant, timeZone);
  return timeZone === "UTC" ? local : `${local} (${formatInstant(instant, "UTC")})`;
}
