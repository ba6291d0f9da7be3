/**
 * Only same-site paths are followed after sign-in; anything else (another
 * host, protocol-relative "//evil", backslash tricks) falls back.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || to.includes("\n")) return fallback;
  return to;
}
