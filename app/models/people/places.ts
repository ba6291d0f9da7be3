/**
 * Countries (ISO 3166-1 alpha-2) and time zones (IANA) people choose from,
 * named in English by the runtime's own data (Intl), so the browser and the
 * server offer and accept exactly the same values. Pure: no I/O.
 */
const COUNTRY_CODES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY " +
  "BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM " +
  "FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT " +
  "JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN " +
  "MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT " +
  "PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL " +
  "TM TN TO TR TT TV UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

const COUNTRY_SET = new Set(COUNTRY_CODES);

// One formatter for the module: building one costs far more than asking it.
const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** Every country as a select option, by English name. */
export const COUNTRY_OPTIONS: readonly { value: string; label: string }[] = COUNTRY_CODES.map((code) => ({
  value: code,
  label: regionNames.of(code) ?? code,
})).sort((a, b) => a.label.localeCompare(b.label, "en"));

export function isCountryCode(value: string): boolean {
  return COUNTRY_SET.has(value);
}

export function countryName(code: string | null): string {
  return code && COUNTRY_SET.has(code) ? (regionNames.of(code) ?? code) : "";
}

/** The IANA zones this runtime knows, plus UTC (which Intl lists under no region). */
export const TIME_ZONES: readonly string[] = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];

const ZONE_SET = new Set(TIME_ZONES);

export function isTimeZone(value: string): boolean {
  return ZONE_SET.has(value);
}

/**
 * The zone of the list a runtime's zone name stands for (browsers may name
 * a zone by an alias, Asia/Kolkata for Asia/Calcutta), or undefined.
 */
export function listedTimeZone(value: string): string | undefined {
  if (isTimeZone(value)) return value;
  try {
    const canonical = new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
    return isTimeZone(canonical) ? canonical : undefined;
  } catch {
    return undefined;
  }
}

/** Whether two zones show the same clock in winter and in summer. */
function sameClock(a: string, b: string): boolean {
  const offset = (zone: string, at: Date) =>
    new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
  return [new Date(Date.UTC(2026, 0, 15)), new Date(Date.UTC(2026, 6, 15))].every(
    (at) => offset(a, at) === offset(b, at),
  );
}

/**
 * The zone of a country whose zones all keep one clock (Germany:
 * Europe/Berlin), or undefined where it spans several (Brazil, the United
 * States), since any one of them would be wrong for many of its people.
 */
export function countryTimeZone(code: string): string | undefined {
  if (!COUNTRY_SET.has(code)) return undefined;
  // Zones per region: `getTimeZones()` in newer runtimes, the `timeZones` getter in Node 20's.
  const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & {
    getTimeZones?: () => string[];
    timeZones?: string[];
  };
  const zones = (locale.getTimeZones?.() ?? locale.timeZones ?? []).filter(isTimeZone);
  const [first] = zones;
  return first && zones.every((zone) => sameClock(first, zone)) ? first : undefined;
}
