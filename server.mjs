/**
 * The HTTP server: security headers, cross-site form posts refused, static
 * assets, then Remix. Before listening it runs the app's bootstrap
 * (migrations, demo data, background jobs); on SIGTERM/SIGINT it stops
 * taking requests, lets those in flight finish, stops the jobs and exits.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build", "index.js"));
const { bootstrap, isCrossSiteRequest } = build.entry.module;

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const production = process.env.NODE_ENV === "production";

const running = await bootstrap();

const app = express();
app.disable("x-powered-by");
app.use((req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader(
    "Content-Security-Policy",
    "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  );
  if (production && req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (
    isCrossSiteRequest(req.method, {
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      secFetchSite: req.get("sec-fetch-site"),
    })
  ) {
    res.status(403).type("text/plain").send("Cross-site form submissions are not accepted.");
    return;
  }
  next();
});
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: build.mode }));

const server = app.listen(port, host, () => {
  console.log(`Quotient is running at http://localhost:${port}`);
  console.log(`  database: ${running.database}`);
  console.log(`  mail:     ${running.mail}`);
  if (process.env.SEED_DEMO !== "0") {
    console.log("  demo sign-ins (password: quotient-demo):");
    for (const [email, role] of [
      ["buyer@acme.test", "buyer, Acme Manufacturing"],
      ["finance@acme.test", "finance, Acme Manufacturing"],
      ["controller@acme.test", "finance, Acme Manufacturing"],
      ["admin@acme.test", "admin, Acme Manufacturing"],
      ["sales@northwind.test", "supplier, Northwind Components"],
      ["sales@globex.test", "supplier, Globex Industrial"],
      ["buyer@initech.test", "buyer, Initech"],
    ]) {
      console.log(`    ${email.padEnd(24)} ${role}`);
    }
  }
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing requests in flight, then stopping.`);
  server.close(async () => {
    await running.stop();
    process.exit(0);
  });
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(1), 15_000).unref();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
