/**
 * Serves the minimal Remix baseline the way Quotient's server.mjs serves
 * Quotient (express and @remix-run/express), without the product's
 * middleware: PORT, DATABASE_URL, BENCH_SQL_FILE.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build", "index.js"));
const app = express();
app.disable("x-powered-by");
app.use("/build", express.static(path.join(root, "build", "public"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: build.mode }));
app.listen(Number(process.env.PORT), "127.0.0.1");
