/**
 * Server entry: renders pages (streaming, bots get the whole page), and
 * exports what the HTTP server (server.mjs) needs before taking requests.
 */
import { PassThrough } from "node:stream";

import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";

import { isDatabaseUnavailable } from "./db.server";
import { i18nFor, localeOf } from "./i18n/i18n.server";
import { logger, requestScope } from "./logging.server";
import { NonceProvider } from "./utils/nonce-provider";

export { bootstrap } from "./bootstrap.server";
export { isCrossSiteRequest } from "./auth/csrf.server";
export { logger, requestScope } from "./logging.server";
export { getEnv } from "./env.server";
export { metricsAuthorized, observeRequest, renderMetrics, routeMatcher } from "./metrics.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  if (requestScope.getStore()?.databaseUnavailable) return unavailablePage();
  const nonce = loadContext?.cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  const i18n = i18nFor(await localeOf(request));
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const send = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    // The timer holds the whole render (tree, data, stream) until it fires: cleared as soon as
    // everything is rendered, or under load each page was kept for five seconds after it was sent.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <NonceProvider value={nonce}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </NonceProvider>
      </I18nextProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) send();
        },
        onAllReady() {
          clearTimeout(timer);
          if (waitForAll) send();
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "render failed");
        },
      },
    );
  });
}

/** Errors thrown by loaders and actions, logged once with the request's id; a client that went away is not an error. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isDatabaseUnavailable(error)) {
    const scope = requestScope.getStore();
    if (scope) scope.databaseUnavailable = true;
    logger.warn({ err: error, method: request.method, path: new URL(request.url).pathname }, "database unavailable");
    return;
  }
  logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "request failed");
};

/**
 * The page for "the database is unreachable": a plain document without the
 * app shell (rendering it would need the database again), 503 so balancers
 * and browsers retry, and nothing written since the request's transaction
 * never committed.
 */
function unavailablePage(): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable · Quotient</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Temporarily unavailable</h1>
<p>Quotient cannot reach its database right now. Nothing you submitted was saved. Please try again in a minute.</p>
</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" },
  });
}
