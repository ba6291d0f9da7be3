/**
 * Exact arithmetic on plain non-negative decimal strings ("12", "4.2050")
 * as scaled BigInts. A large comparison converts and shares tens of
 * thousands of amounts; doing each through Decimal objects was most of its
 * time. Callers fall back to Decimal for anything else (signs, exponents),
 * so results are the same either way.
 */

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const POWERS: bigint[] = [];

function pow10(n: number): bigint {
  return (POWERS[n] ??= 10n ** BigInt(n));
}

/** The string as an integer count of 10^-scale, or null when it is not a plain non-negative decimal. */
export function parsePlain(value: string): { units: bigint; scale: number } | null {
  const m = PLAIN.exec(value);
  if (!m) return null;
  const fraction = m[2] ?? "";
  return { units: BigInt(m[1] + fraction), scale: fraction.length };
}

/** A non-negative count of 10^-places written with exactly `places` decimals. */
export function formatUnits(units: bigint, places: number): string {
  if (places === 0) return units.toString();
  const digits = units.toString().padStart(places + 1, "0");
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** units × 10^-from rounded half-up to 10^-to (non-negative). */
function rescale(units: bigint, from: number, to: number): bigint {
  if (from <= to) return units * pow10(to - from);
  const divisor = pow10(from - to);
  const q = units / divisor;
  return (units % divisor) * 2n >= divisor ? q + 1n : q;
}

/** amount × rate rounded half-up to `places`, or null when either is not a plain non-negative decimal. */
export function multiplyPlain(amount: string, rate: string, places: number): string | null {
  const a = parsePlain(amount);
  const r = parsePlain(rate);
  if (!a || !r) return null;
  return formatUnits(rescale(a.units * r.units, a.scale + r.scale, places), places);
}

/**
 * splitProportionally for plain non-negative amount and weights, or null
 * otherwise: the same rule (parts rounded down, the leftover minor units one
 * each to the largest remainders, the first on a tie; equal shares when
 * every weight is zero), computed exactly.
 */
export function splitPlain(amount: string, weights: readonly string[], places: number): string[] | null {
  const a = parsePlain(amount);
  if (!a) return null;
  const parsed: { units: bigint; scale: number }[] = [];
  let scale = 0;
  for (const w of weights) {
    const p = parsePlain(w);
    if (!p) return null;
    parsed.push(p);
    if (p.scale > scale) scale = p.scale;
  }
  const total = rescale(a.units, a.scale, places);
  let shares = parsed.map((p) => p.units * pow10(scale - p.scale));
  let sum = shares.reduce((acc, s) => acc + s, 0n);
  if (sum === 0n) {
    shares = shares.map(() => 1n);
    sum = BigInt(shares.length);
  }
  // Each exact share is total × share / sum; its remainder is kept as a numerator over the same sum.
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  for (const s of shares) {
    const product = total * s;
    const part = product / sum;
    parts.push(part);
    remainders.push(product - part * sum);
    given += part;
  }
  const leftover = Number(total - given);
  if (leftover > 0) {
    const order = parts.map((_, i) => i);
    order.sort((x, y) => (remainders[y] > remainders[x] ? 1 : remainders[y] < remainders[x] ? -1 : x - y));
    for (let k = 0; k < leftover; k++) parts[order[k % order.length]] += 1n;
  }
  return parts.map((p) => formatUnits(p, places));
}
