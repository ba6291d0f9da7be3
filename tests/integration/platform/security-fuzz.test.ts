/**
 * Every action fuzzed over HTTP with hostile input (fast-check): wrong
 * types, huge strings, unicode, control characters, negative and
 * overflowing numbers, SQL and HTML fragments, unknown and missing fields.
 * Each request is made by a user who may use the page, on their own
 * objects, so it reaches validation and the domain rules, not just the
 * permission check. Never a 5xx; a refusal is a 4xx with a message and
 * writes nothing (every table fingerprinted before and after).
 *
 * A route with an action that is not listed in TARGETS fails the test.
 * Needs real Postgres, to fingerprint the tables while the server runs.
 */
import { execFileSync } from "node:child_process";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, signInOverHttp, tableChecksums, type AppServer } from "../../support/app-server";
import { postgresReachable } from "../../support/test-db";
import type { RfqStatus } from "../../../workflows/rfq.machine";

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
// A fixed seed keeps CI repeatable; FUZZ_SEED explores other inputs (a failure prints its seed).
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

interface Target {
  as: string | null;
  /** The URL, with the user's own objects filled in. */
  url: (own: Own) => string;
  /** Field names the action reads; the fuzzer fills them (and others) with hostile values. */
  fields: string[];
}

interface Own {
  acmeRfq: string;
  acmeClosedRfq: string;
  acmePo: string;
  northwindRfq: string;
  northwindPo: string;
  acmeBuyer: string;
}

const LINE = ["lines[0].itemName", "lines[0].quantity", "lines[0].unit", "lines[0].unitPrice", "lines[0].rfqLineId"];

/** Every route with an action. Signing out is left out: any post to it signs out, by design. */
const TARGETS: Record<string, Target | "skip"> = {
  "routes/logout": "skip",
  "routes/login": { as: null, url: () => "/login", fields: ["email", "password", "redirectTo"] },
  "routes/rfqs.new": {
    as: "buyer@acme.test",
    url: () => "/rfqs/new",
    fields: ["intent", "title", "currency", "deadline", "deadlineTimeZone", "deliveryAddress", "supplierIds", ...LINE],
  },
  "routes/rfqs.$id._index": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeRfq}?index`,
    fields: ["intent", "version", "reason", "deadline"],
  },
  "routes/rfqs.$id.edit": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeRfq}/edit`,
    fields: ["version", "title", "currency", "deadline", ...LINE],
  },
  "routes/rfqs.$id.compare": {
    as: "buyer@acme.test",
    url: (o) => `/rfqs/${o.acmeClosedRfq}/compare`,
    fields: ["award", "version", "justification", "lines[0].rfqLineId", "lines[0].supplierOrgId"],
  },
  "routes/rfqs.$id.quote": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/quote`,
    fields: ["intent", "leadTimeDays", "freight", "otherCharges", "validUntil", "notes", ...LINE],
  },
  "routes/rfqs.$id.questions": {
    as: "sales@northwind.test",
    url: (o) => `/rfqs/${o.northwindRfq}/questions`,
    fields: ["intent", "question", "questionId", "answer"],
  },
  "routes/pos.new": {
    as: "buyer@acme.test",
    url: () => "/pos/new",
    fields: ["supplierOrgId", "currency", "deliveryAddress", "deliveryDate", ...LINE],
  },
  "routes/pos.$id._index": {
    as: "finance@acme.test",
    url: (o) => `/pos/${o.acmePo}?index`,
    fields: [
      "intent",
      "version",
      "reason",
      "cancelReason",
      "declineReason",
      "promisedDate",
      "deliveryNote",
      "confirmSecondDelivery",
      "receivedOn",
      "lines[0].poLineId",
      "lines[0].quantity",
    ],
  },
  "routes/pos.$id.edit": {
    as: "buyer@acme.test",
    url: (o) => `/pos/${o.acmePo}/edit`,
    fields: ["version", "supplierOrgId", "currency", "deliveryAddress", ...LINE],
  },
  "routes/pos.$id.change": {
    as: "buyer@acme.test",
    url: (o) => `/pos/${o.acmePo}/change`,
    fields: [
      "version",
      "reason",
      "deliveryDate",
      "notes",
      "lines[0].lineId",
      "lines[0].remove",
      "lines[0].taxRate",
      "lines[1].lineId",
      "lines[1].quantity",
      ...LINE,
    ],
  },
  "routes/pos.$id.invoice": {
    as: "sales@northwind.test",
    url: (o) => `/pos/${o.northwindPo}/invoice`,
    fields: ["invoiceNumber", "issuedOn", "dueOn", "lines[0].poLineId", "lines[0].quantity", "lines[0].taxRate"],
  },
  "routes/invoices.$id": {
    as: "finance@acme.test",
    url: () => "/invoices/00000000-0000-4000-8000-000000000000",
    fields: [
      "version",
      "overrideReason",
      "intent",
      "lines[0].poLineId",
      "lines[0].quantity",
      "lines[0].unitPrice",
      "lines[0].taxRate",
    ],
  },
  "routes/relationships": {
    as: "sales@globex.test",
    url: () => "/relationships",
    fields: ["intent", "id", "version", "reason"],
  },
  "routes/settings.approvals": {
    as: "finance@acme.test",
    url: () => "/settings/approvals",
    fields: ["thresholdOne", "thresholdTwo", "receiptTolerancePercent", "invoiceTolerancePercent"],
  },
  "routes/admin.outbox": { as: "admin@acme.test", url: () => "/admin/outbox", fields: ["intent", "id"] },
  "routes/signup": {
    as: null,
    url: () => "/signup",
    fields: ["organisationName", "legalName", "country", "name", "email", "password"],
  },
  "routes/signup_.resend": { as: null, url: () => "/signup/resend", fields: ["email"] },
  "routes/signup_.confirm.$token": {
    as: null,
    url: () => "/signup/confirm/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: [],
  },
  "routes/forgot-password": { as: null, url: () => "/forgot-password", fields: ["email"] },
  "routes/reset-password.$token": {
    as: null,
    url: () => "/reset-password/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["password"],
  },
  "routes/profile": {
    as: "controller@acme.test",
    url: () => "/profile",
    fields: ["intent", "name", "timeZone", "currentPassword", "newPassword"],
  },
  "routes/invitation.$token": {
    as: null,
    url: () => "/invitation/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["name", "password"],
  },
  "routes/admin.users._index": {
    as: "admin@acme.test",
    url: () => "/admin/users",
    fields: ["intent", "email", "roles"],
  },
  "routes/admin.users.$id": {
    as: "admin@acme.test",
    url: (o) => `/admin/users/${o.acmeBuyer}`,
    fields: ["intent", "roles"],
  },
  "routes/register.$token": {
    as: null,
    url: () => "/register/x9QbVbq2cW0m2Rk4Jb1uS8yQm5n3Hf7tA0dLpE6zKgM",
    fields: ["organisationName", "address", "taxId", "name", "password"],
  },
};

const hostileValue = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1' --",
    "'; drop table rfqs; --",
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "${7*7}{{7*7}}",
    "\u0000",
    "\u202e\u0301\u200b",
    "-1",
    "-0.0001",
    "99999999999999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "1,50",
    "2026-02-30",
    "9999-99-99T99:99",
    "00000000-0000-0000-0000-000000000000",
    "publish",
    "",
    " ",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 6_000, maxLength: 9_000 }),
  fc.integer().map(String),
  fc.double().map(String),
);

let app: AppServer;
let own: Own;
const cookies = new Map<string, string>();

// These tests exercise real Postgres (connections, locks, the job queue); CI
// always has one. Without it they are reported as not run, never faked on PGlite.
const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] security-fuzz: no Postgres reachable, so these tests are not run here");

beforeAll(async () => {
  if (!onPostgres) return;
  app = await createAppServer("fuzz", { port: 3337 });
  await app.start();
  own = await app.withDb(async (db) => {
    const org = async (name: string) =>
      (await db.selectFrom("organisations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
    const acme = await org("Acme Manufacturing");
    const northwind = await org("Northwind Components");
    const rfq = (status: RfqStatus) =>
      db.selectFrom("rfqs").select("id").where("org_id", "=", acme).where("status", "=", status).executeTakeFirst();
    const invited = await db
      .selectFrom("rfqs")
      .innerJoin("rfq_invitations", "rfq_invitations.rfq_id", "rfqs.id")
      .select("rfqs.id")
      .where("rfq_invitations.supplier_org_id", "=", northwind)
      .where("rfqs.status", "=", "open")
      .executeTakeFirstOrThrow();
    const po = (supplier?: string) => {
      let q = db.selectFrom("purchase_orders").select("id").where("buyer_org_id", "=", acme);
      if (supplier) q = q.where("supplier_org_id", "=", supplier);
      return q.executeTakeFirstOrThrow();
    };
    return {
      acmeRfq: ((await rfq("draft")) ?? (await rfq("open")))?.id ?? "",
      acmeClosedRfq: ((await rfq("closed")) ?? (await rfq("awarded")) ?? (await rfq("open")))?.id ?? "",
      acmePo: (await po()).id,
      northwindRfq: invited.id,
      northwindPo: (await po(northwind)).id,
      acmeBuyer: (
        await db.selectFrom("users").select("id").where("email", "=", "buyer@acme.test").executeTakeFirstOrThrow()
      ).id,
    };
  });
  for (const target of Object.values(TARGETS)) {
    if (target !== "skip" && target.as && !cookies.has(target.as))
      cookies.set(target.as, await signInOverHttp(app.base, target.as));
  }
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

function actionRoutes(): string[] {
  const script = `import("./build/index.js").then((b) => process.stdout.write(JSON.stringify(Object.values(b.routes).filter((r) => typeof r.module.action === "function").map((r) => r.id))))`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

describe.runIf(onPostgres)("hostile input to every action", () => {
  it("knows every action in the route manifest", () => {
    expect(actionRoutes().filter((id) => !TARGETS[id])).toEqual([]);
  });

  for (const [id, target] of Object.entries(TARGETS)) {
    if (target === "skip") continue;
    it(`${id}: never a 5xx; a refusal is a clear 4xx that writes nothing`, async () => {
      const value = fc.oneof(hostileValue, fc.array(hostileValue, { maxLength: 3 }));
      // The action's own fields, each present or not, plus a few unknown ones.
      const form = fc
        .tuple(
          fc.record(Object.fromEntries(target.fields.map((f) => [f, value])), { requiredKeys: [] }),
          fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 2 }),
        )
        .map(([known, unknown]) => ({ ...unknown, ...known }));
      await fc.assert(
        fc.asyncProperty(form, async (fields) => {
          const body = new URLSearchParams();
          for (const [k, v] of Object.entries(fields)) {
            for (const item of [v].flat()) if (item !== undefined) body.append(k, item);
          }
          const before = await app.withDb(tableChecksums);
          const response = await fetch(`${app.base}${target.url(own)}`, {
            method: "POST",
            redirect: "manual",
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              ...(target.as ? { Cookie: cookies.get(target.as) as string } : {}),
            },
            body,
          });
          const text = await response.text();
          const serverErrors = () =>
            app
              .output()
              .split("\n")
              .filter((l) => l.includes('"level":50'))
              .slice(-3)
              .join("\n");
          expect(response.status, serverErrors()).toBeLessThan(500);
          if (response.status >= 400) {
            // A message a person can read, not an empty or generic error page.
            expect(text.trim().length).toBeGreaterThan(0);
            expect(text).not.toContain("Unexpected Server Error");
            expect(await app.withDb(tableChecksums)).toEqual(before);
          }
        }),
        // Report the first hostile input that broke it; shrinking would refingerprint the database at every step.
        { numRuns: RUNS, endOnFailure: true, seed: SEED },
      );
    }, 120_000);
  }
});
