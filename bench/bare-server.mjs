/**
 * The bare baseline of the page benchmark: node:http and pg, running the
 * SQL a Quotient page runs (BENCH_SQL_FILE, captured by bench/pages.ts) and
 * writing its rows as an HTML table by string concatenation.
 * PORT, DATABASE_URL, BENCH_ROLE, BENCH_POOL_MAX.
 */
import { readFileSync } from "node:fs";
import http from "node:http";

import pg from "pg";

const pages = JSON.parse(readFileSync(process.env.BENCH_SQL_FILE ?? "", "utf8"));
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.BENCH_POOL_MAX || 10),
  options: process.env.BENCH_ROLE ? `-c role=${process.env.BENCH_ROLE}` : undefined,
});
const escape = (v) =>
  String(v).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

http
  .createServer(async (req, res) => {
    const statements = pages[decodeURIComponent(req.url.slice(1))];
    if (!statements) {
      res.writeHead(404).end("Not found");
      return;
    }
    const client = await pool.connect();
    try {
      let html = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head><body><main>';
      for (const s of statements) {
        const { rows } = await client.query(s.text, s.values);
        html += "<table><tbody>";
        for (const row of rows)
          html +=
            "<tr>" +
            Object.values(row)
              .map((v) => `<td>${escape(v)}</td>`)
              .join("") +
            "</tr>";
        html += "</tbody></table>";
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html + "</main></body></html>");
    } catch (error) {
      res.writeHead(500).end(String(error));
    } finally {
      client.release();
    }
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
