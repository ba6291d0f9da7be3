/**
 * The HTTP server: a request id and a CSP nonce per request, security
 * headers, cross-site form posts refused, static assets, then Remix. Before
 * listening it runs the app's bootstrap (migrations, demo data, background
 * jobs); on SIGTERM/SIGINT it stops taking requests, lets those in flight
 * finish, lets the jobs finish the batch they hold, and exits.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build", "index.js"));
const {
  bootstrap,
  getEnv,
  isCrossSiteRequest,
  logger,
  metricsAuthorized,
  observeRequest,
  renderMetrics,
  requestScope,
  routeMatcher,
} = build.entry.module;

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const production = process.env.NODE_ENV === "production";
/** A caller's id is kept only when it cannot smuggle anything into a log line or header. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

const running = await bootstrap({ log: (line) => logger.info(line) });
// Requests are measured and logged by the id of the Remix route that answered, never by URL (bounded labels).
const routeOf = routeMatcher(build.routes);
const metricsToken = getEnv().METRICS_TOKEN;

let stopping = false;
let inFlight = 0;

const app = express();
app.disable("x-powered-by");
app.use((req, res, next) => {
  const given = req.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  const started = process.hrtime.bigint();
  res.locals.requestId = requestId;
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.setHeader("X-Request-Id", requestId);
  inFlight += 1;
  let counted = true;
  const done = () => {
    if (!counted) return;
    counted = false;
    inFlight -= 1;
    const path = req.originalUrl.split("?")[0];
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = routeLabel(path);
    observeRequest({ method: req.method, route, status: res.statusCode }, seconds);
    // Static files are many and dull: kept out of the default level.
    const level = res.statusCode >= 500 ? "error" : route === "static" ? "debug" : "info";
    requestScope.run({ requestId }, () =>
      logger[level](
        {
          method: req.method,
          // Without the query string, which may carry tokens or search terms.
          path,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        "request",
      ),
    );
    if (stopping) maybeExit();
  };
  res.on("finish", done);
  res.on("close", done);
  const scope = { requestId };
  // Data and resource requests have no page to render: a database outage becomes a 503 status here.
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    if (status === 500 && scope.databaseUnavailable) {
      res.setHeader("Retry-After", "30");
      return writeHead.call(this, 503, ...rest);
    }
    return writeHead.call(this, status, ...rest);
  };
  requestScope.run(scope, next);
});
app.use((req, res, next) => {
  if (stopping) {
    // A keep-alive connection may still bring a request after SIGTERM: refuse it clearly.
    res.setHeader("Connection", "close");
    res.status(503).type("text/plain").send("The server is restarting. Please try again in a moment.");
    return;
  }
  const nonce = res.locals.cspNonce;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      // Remix inlines its hydration data and scroll restoration; they carry this nonce.
      `script-src 'self' 'nonce-${nonce}'`,
      // Pages use a few style attributes; styles cannot run code.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join("; "),
  );
  if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (
    isCrossSiteRequest(req.method, {
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      secFetchSite: req.get("sec-fetch-site"),
    })
  ) {
    logger.warn({ method: req.method, path: req.path }, "cross-site request refused");
    res.status(403).type("text/plain").send("Cross-site form submissions are not accepted.");
    return;
  }
  next();
});
// For Prometheus, only with its bearer token; without METRICS_TOKEN there is no such page (docs/decisions/033).
app.get("/metrics", (req, res, next) => {
  if (!metricsToken) return next();
  if (!metricsAuthorized(req.get("authorization"), metricsToken)) {
    res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
    res.status(401).type("text/plain").send("Unauthorized.");
    return;
  }
  renderMetrics().then(
    ({ body, contentType }) => res.setHeader("Cache-Control", "no-store").type(contentType).send(body),
    next,
  );
});
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
// Only for the files public/ holds (read once at start): asked of every request, the static
// handler made a failed stat() and an error object for each page, a few percent of a list's CPU.
const publicFiles = new Set(
  readdirSync(path.join(root, "public"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map(
      (entry) => "/" + path.relative(path.join(root, "public"), path.join(entry.parentPath ?? entry.path, entry.name)),
    ),
);
const servePublic = express.static(path.join(root, "public"), { maxAge: "1h" });
app.use((req, res, next) => (publicFiles.has(decodedPath(req.path)) ? servePublic(req, res, next) : next()));
// With single fetch the pages read their data from `<path>.data`; Remix still routes the
// older `?_data=` requests and answers them with a 500, so they are refused here as bad requests.
app.use((req, res, next) => {
  if (!new URLSearchParams(req.originalUrl.split("?")[1] ?? "").has("_data")) return next();
  res.status(400).type("text/plain").send("Bad request: this address does not take a _data parameter.");
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({
      requestId: res.locals.requestId,
      cspNonce: res.locals.cspNonce,
      clientAddress: req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const server = app.listen(port, host, () => {
  logger.info(
    { port, database: running.database, mail: running.mail, jobs: running.jobs },
    `Quotient is running at http://localhost:${port}`,
  );
  // For the person who just ran `npm start`: plain lines, beside the JSON log.
  console.log(`Quotient is running at http://localhost:${port} (database: ${running.database})`);
  if (process.env.SEED_DEMO !== "0") {
    console.log("  demo sign-ins (password: quotient-demo):");
    for (const [email, role] of [
      ["buyer@acme.test", "buyer, Acme Manufacturing"],
      ["finance@acme.test", "finance, Acme Manufacturing"],
      ["controller@acme.test", "finance, Acme Manufacturing"],
      ["admin@acme.test", "admin, Acme Manufacturing"],
      ["requester@acme.test", "requester, Acme Manufacturing"],
      ["sales@northwind.test", "supplier, Northwind Components"],
      ["accounts@northwind.test", "supplier, Northwind Components"],
      ["sales@globex.test", "supplier, Globex Industrial"],
      ["buyer@initech.test", "buyer, Initech"],
    ]) {
      console.log(`    ${email.padEnd(24)} ${role}`);
    }
  }
});

function routeLabel(pathname) {
  if (pathname.startsWith("/build/") || publicFiles.has(decodedPath(pathname))) return "static";
  if (pathname === "/metrics" && metricsToken) return "metrics";
  return routeOf(pathname);
}

function decodedPath(pathname) {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

let exiting = false;
function maybeExit() {
  if (exiting || inFlight > 0) return;
  exiting = true;
  // Jobs stop after the last request: a request may have queued mail the worker should still send.
  running
    .stop()
    .then(
      () => logger.info("stopped cleanly"),
      (error) => logger.error({ err: error }, "stopping the background jobs failed"),
    )
    .finally(() => logger.flush(() => process.exit(0)));
}

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, inFlight }, "finishing requests in flight, then stopping");
  server.close();
  server.closeIdleConnections?.();
  maybeExit();
  setTimeout(() => {
    logger.error("did not stop within 20 s; exiting");
    process.exit(1);
  }, 20_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
