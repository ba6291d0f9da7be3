/**
 * Cross-site form posts are refused: a state-changing request must come
 * from a page of this site, as its Origin (or, failing that, Referer)
 * header shows. Together with SameSite=Lax cookies this stops a foreign page
 * from submitting our forms with the user's session.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteRequest(
  method: string,
  headers: { origin?: string; referer?: string; host?: string; secFetchSite?: string },
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.secFetchSite && headers.secFetchSite !== "same-origin" && headers.secFetchSite !== "none") return true;
  const source = headers.origin ?? headers.referer;
  // Non-browser clients (curl, tests) send neither; browsers always send Origin on POST.
  if (!source) return false;
  if (source === "null") return true;
  try {
    return new URL(source).host !== headers.host;
  } catch {
    return true;
  }
}
