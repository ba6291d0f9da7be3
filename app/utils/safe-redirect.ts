/**
 * Only same-site paths are followed after sign-in; anything else (another
 * host, protocol-relative "//evil", backslash tricks, control characters a
 * browser strips before parsing) falls back. The path comes back
 * percent-encoded, so a character above U+00FF cannot break the redirect.
 */
const BASE = "http://quotient.invalid";

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!to.startsWith("/") || to.startsWith("//") || to.includes("\\") || /[\u0000-\u001F\u007F]/.test(to))
    return fallback;
  const resolved = new URL(to, BASE);
  if (resolved.origin !== BASE) return fallback;
  // As the URL parser writes it: percent-encoded, so any character fits a Location header (a raw "€" would throw there).
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
