/**
 * The admin's audit log: only its own organisation's events, newest first,
 * filtered by person, kind of record, event and days in the viewer's time
 * zone, paged by keyset without gaps or repeats, and the CSV of exactly
 * what the filters select, with cells a spreadsheet cannot run as formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditCsvStream, csvCell, getAuditPage, readAuditFilters } from "../../../app/models/shared/audit-log.server";
import { saveOrganisationSettings } from "../../../app/models/shared/organisation-settings.server";
import { changeShipTo } from "../../../app/models/shared/ship-to.server";
import { instantToZonedLocal } from "../../../app/utils/time";
import type { AuditFilters } from "../../../app/models/shared/audit-log.schema";
import {
  ACME,
  actingAs,
  BUYER,
  FINANCE,
  INITECH,
  INITECH_BUYER,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const ADMIN = "admin@acme.test";

let t: TestDb;
let demo: Demo;
let mallory: { userId: string; orgId: string; roles: ["admin"] };

beforeAll(async () => {
  t = await createTestDb("admin_audit");
  demo = await seededDemo(t.db);
  // An Acme admin whose name a spreadsheet would run as a formula.
  const user = await t.db
    .insertInto("users")
    .values({ email: "mallory@acme.test", name: '=HYPERLINK("http://evil.test","x")', password_hash: "x" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("memberships")
    .values({ user_id: user.id, org_id: demo.orgId(ACME), role: "admin" })
    .execute();
  mallory = { userId: user.id, orgId: demo.orgId(ACME), roles: ["admin"] };
  await changeShipTo(actingAs(t.db, mallory), {
    intent: "add",
    label: "+Dock 9",
    address: "-1+1 Formula Street, Stuttgart",
    makeDefault: false,
  });
});

afterAll(async () => {
  await t?.destroy();
});

const filters = (params: Record<string, string>): AuditFilters => {
  const read = readAuditFilters(new URLSearchParams(params));
  if (!read.filters) throw new Error(`filters refused: ${read.message}`);
  return read.filters;
};

async function csvOf(params: Record<string, string>, as = ADMIN, batch?: number): Promise<string[][]> {
  const stream = await auditCsvStream(demo.as(as), filters(params), { batch });
  const text = await new Response(stream).text();
  return text
    .trimEnd()
    .split("\r\n")
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1].replace(/""/g, '"')));
}

describe("the audit page", () => {
  it("shows the admin only its organisation's events, newest first, in the organisation's zone", async () => {
    const page = await getAuditPage(demo.as(ADMIN), {});
    expect(page.zone).toBe("Europe/Berlin");
    expect(page.events.length).toBeGreaterThan(10);
    for (const e of page.events) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} Europe\/Berlin$/);
    const ids = page.events.map((e) => e.id);
    const rows = await t.db
      .selectFrom("audit_events")
      .where("id", "in", ids)
      .select(["org_id", "created_at"])
      .execute();
    expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([demo.orgId(ACME)]));
    const times = page.events.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // The other tenant's admin sees none of Acme's.
    const initech = await getAuditPage(actingAs(t.db, { ...demo.actor(INITECH_BUYER), roles: ["admin"] }), {});
    const initechIds = initech.events.map((e) => e.id);
    const foreign = initechIds.length
      ? await t.db
          .selectFrom("audit_events")
          .where("id", "in", initechIds)
          .where("org_id", "!=", demo.orgId(INITECH))
          .select("id")
          .execute()
      : [];
    expect(foreign).toEqual([]);
    expect(initech.choices.people.map((p) => p.label).join()).not.toContain("acme.test");
  });

  it("refuses buyer, finance and supplier with 403, page and CSV alike", async () => {
    for (const who of [BUYER, FINANCE, NORTHWIND_SALES]) {
      expect((await responseOf(getAuditPage(demo.as(who), {}))).status).toBe(403);
      expect((await responseOf(auditCsvStream(demo.as(who), {}))).status).toBe(403);
    }
  });

  it("filters by person, kind of record and event", async () => {
    const byMallory = await getAuditPage(demo.as(ADMIN), filters({ actor: mallory.userId }));
    expect(byMallory.events.map((e) => e.event)).toEqual(["ADD_SHIP_TO"]);
    const shipTos = await getAuditPage(demo.as(ADMIN), filters({ entity: "ship_to_address" }));
    expect(shipTos.events.length).toBe(3); // the demo's two and Mallory's
    expect(new Set(shipTos.events.map((e) => e.entityType))).toEqual(new Set(["ship_to_address"]));
    const logos = await getAuditPage(demo.as(ADMIN), filters({ event: "ADD_LOGO" }));
    expect(logos.events).toHaveLength(1);
    expect(shipTos.choices.kinds).toEqual(
      expect.arrayContaining(["organisation", "ship_to_address", "purchase_order"]),
    );
  });

  it("takes days in the viewer's zone, and refuses a range that ends before it starts", async () => {
    const today = instantToZonedLocal(new Date(), "Europe/Berlin").slice(0, 10);
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const todays = await getAuditPage(demo.as(ADMIN), filters({ actor: mallory.userId, from: today, to: today }));
    expect(todays.events).toHaveLength(1);
    const future = await getAuditPage(demo.as(ADMIN), filters({ from: later }));
    expect(future.events).toEqual([]);
    const bad = readAuditFilters(new URLSearchParams({ from: today, to: "2000-01-01" }));
    expect(bad.filters).toBeNull();
    expect(bad.message).toBe("The last day cannot be before the first day.");
    expect(readAuditFilters(new URLSearchParams({ from: "2026-02-30" })).message).toBe("That date does not exist.");
    expect(
      readAuditFilters(
        new URLSearchParams([
          ["actor", "a"],
          ["actor", "b"],
        ]),
      ).filters,
    ).toBeNull();
    expect(readAuditFilters(new URLSearchParams({ entity: "rfq'; drop table rfqs; --" })).filters).toBeNull();
  });

  it("pages by keyset: every event once, in order, however many pages", async () => {
    // Enough changes that the log spans several pages.
    for (let i = 0; i < 60; i++) {
      await saveOrganisationSettings(demo.as(ADMIN), {
        intent: "settings",
        legalName: `Acme Manufacturing GmbH ${i}`,
        billToAddress: "Industriestraße 12\n70565 Stuttgart\nGermany",
        baseCurrency: "EUR",
        defaultTimeZone: "Europe/Berlin",
        poNumberPrefix: "PO",
        receiptTolerancePercent: "5",
        invoiceTolerancePercent: "2",
      });
    }
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await getAuditPage(demo.as(ADMIN), { after });
      seen.push(...page.events.map((e) => e.id));
      after = page.nextCursor ?? undefined;
      pages += 1;
    } while (after && pages < 20);
    const all = await t.db
      .selectFrom("audit_events")
      .where("org_id", "=", demo.orgId(ACME))
      .select("id")
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .execute();
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(all.map((r) => r.id));
  });
});

describe("the CSV export", () => {
  it("holds exactly what the filters select, across batches, with a header", async () => {
    // Batches of 7, so the export reads many pages.
    const all = await csvOf({}, ADMIN, 7);
    expect(all[0]).toEqual([
      "time",
      "time_utc",
      "actor",
      "actor_email",
      "entity_type",
      "entity_id",
      "event",
      "from_state",
      "to_state",
      "data",
    ]);
    const count = await t.db
      .selectFrom("audit_events")
      .where("org_id", "=", demo.orgId(ACME))
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(all.length - 1).toBe(Number(count.n));
    const settings = await csvOf({ event: "UPDATE_SETTINGS" });
    expect(settings.length).toBeGreaterThan(1);
    for (const row of settings.slice(1)) {
      expect(row[6]).toBe("UPDATE_SETTINGS");
      expect(row[0]).toMatch(/Europe\/Berlin$/);
    }
    const initech = await csvOf({}, ADMIN).then(() =>
      auditCsvStream(actingAs(t.db, { ...demo.actor(INITECH_BUYER), roles: ["admin"] }), {}),
    );
    expect(await new Response(initech).text()).not.toContain("acme.test");
  });

  it("never lets a cell start a formula", async () => {
    const rows = await csvOf({ actor: mallory.userId });
    expect(rows).toHaveLength(2);
    expect(rows[1][2]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(csvCell("=1+1")).toBe(`"'=1+1"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("-1")).toBe(`"'-1"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("\tx")).toBe(`"'\tx"`);
    expect(csvCell('say "hi"')).toBe(`"say ""hi"""`);
    expect(csvCell("plain")).toBe(`"plain"`);
  });
});
