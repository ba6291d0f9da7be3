#!/usr/bin/env node
/**
 * The message catalogue's bookkeeping: finds every key the code uses
 * (`t("…")`, `msg("…")`, `msgWith("…", …)`, the sentence of a refusal such as
 * `forbidden("…")`, and `i18nKey="…"`) and compares it with the English
 * catalogue in app/i18n/messages/en/.
 *
 *   node scripts/messages.mjs                 lists missing and unused keys
 *   node scripts/messages.mjs --add <area>    adds the missing keys to <area>.json, as their own text
 *   node scripts/messages.mjs --prune         drops unused keys from every area file
 *
 * The catalogue test (tests/unit/i18n/catalogue.test.ts) runs the same checks.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = ["app", "emails", "workflows"];
const CATALOGUE = path.join(ROOT, "app/i18n/messages/en");
const PLURAL = /_(zero|one|two|few|many|other)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(ts|tsx)$/.test(name) && !/\.d\.ts$/.test(name)) yield full;
  }
}

function unescape(body, quote) {
  return body.replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c === quote || c === "\\" ? c : `\\${c}`));
}

/** Every literal key in the source, with the files that use it. */
export function usedKeys() {
  const used = new Map();
  const call =
    /(?<![\w$])(?:(?:t|msg|msgWith|forbidden|notFound|badRequest)\(|(?:requireId|titled)\([^,()]+,)\s*(?:(["'])((?:\\.|(?!\1)[^\\])*)\1|`((?:\\.|[^`\\$])*)`)/g;
  const attr = /i18nKey=(["'])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const dir of SOURCES) {
    for (const file of files(path.join(ROOT, dir))) {
      if (file.startsWith(path.join(ROOT, "app/i18n/messages"))) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(call)) {
        const key = m[2] !== undefined ? unescape(m[2], m[1]) : unescape(m[3], "`");
        if (!used.has(key)) used.set(key, new Set());
        used.get(key).add(path.relative(ROOT, file));
      }
      for (const m of text.matchAll(attr)) {
        const key = unescape(m[2], m[1]);
        if (!used.has(key)) used.set(key, new Set());
        used.get(key).add(path.relative(ROOT, file));
      }
    }
  }
  return used;
}

/** Each area file's messages. */
export function catalogueAreas() {
  const areas = {};
  for (const name of readdirSync(CATALOGUE).filter((n) => n.endsWith(".json"))) {
    areas[name.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(CATALOGUE, name), "utf8"));
  }
  return areas;
}

export function check() {
  const used = usedKeys();
  const areas = catalogueAreas();
  const all = new Map();
  const conflicting = [];
  for (const [area, messages] of Object.entries(areas)) {
    for (const [key, value] of Object.entries(messages)) {
      if (all.has(key) && all.get(key).value !== value) conflicting.push(`${key} (${all.get(key).area}, ${area})`);
      all.set(key, { area, value });
    }
  }
  const known = (key) => all.has(key) || all.has(`${key}_other`);
  const missing = [...used.keys()].filter((k) => !known(k)).sort();
  const unused = [...all.keys()].filter((k) => !used.has(k) && !used.has(k.replace(PLURAL, ""))).sort();
  return { used, areas, missing, unused, conflicting };
}

function sorted(messages) {
  return Object.fromEntries(Object.entries(messages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { used, areas, missing, unused, conflicting } = check();
  const arg = process.argv[2];
  if (arg === "--add") {
    const area = process.argv[3];
    if (!area || !areas[area]) throw new Error(`No area file ${area}.json in the English catalogue.`);
    const messages = { ...areas[area] };
    for (const key of missing) messages[key] = key;
    writeFileSync(path.join(CATALOGUE, `${area}.json`), `${JSON.stringify(sorted(messages), null, 2)}\n`);
    console.log(`${missing.length} keys added to ${area}.json`);
  } else if (arg === "--prune") {
    for (const [area, messages] of Object.entries(areas)) {
      const kept = Object.fromEntries(Object.entries(messages).filter(([k]) => !unused.includes(k)));
      writeFileSync(path.join(CATALOGUE, `${area}.json`), `${JSON.stringify(sorted(kept), null, 2)}\n`);
    }
    console.log(`${unused.length} unused keys dropped`);
  } else {
    for (const key of missing) console.log(`missing: ${JSON.stringify(key)} in ${[...used.get(key)].join(", ")}`);
    for (const key of unused) console.log(`unused: ${JSON.stringify(key)}`);
    for (const c of conflicting) console.log(`two texts: ${c}`);
    if (missing.length + unused.length + conflicting.length > 0) process.exitCode = 1;
  }
}
