/**
 * The RFQ list: status filter, title search (a typed "%" is a literal),
 * deadline sort and keyset pages that visit every row exactly once, in
 * order, even for rows sharing a deadline; and only the own organisation's.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listRfqPage, type RfqListItem, type RfqSort } from "../../../app/models/sourcing/rfq-queries.server";
import type { RfqStatus } from "../../../workflows/rfq.machine";
import { ACME, BUYER, GLOBEX_SALES, INITECH_BUYER, seededDemo, type Demo } from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("rfq_list");
  demo = await seededDemo(t.db);
  const buyer = demo.actor(BUYER);
  // 150 RFQs in three statuses, deadlines in pairs (ties exercise the id tie-breaker).
  await sql`
    insert into rfqs (org_id, reference, title, currency, deadline, status, created_by)
    select ${demo.orgId(ACME)}::uuid, 'RFQ-LIST-' || n,
           case when n % 50 = 0 then 'Bulk 100% cotton rags ' || n else 'Bulk item ' || n end,
           'EUR', timestamptz '2030-01-01 00:00Z' + ((n / 2) || ' hours')::interval,
           (array['draft', 'open', 'closed'])[1 + n % 3], ${buyer.userId}::uuid
    from generate_series(1, 150) as n`.execute(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

async function everyPage(sort: RfqSort, filters: { status?: RfqStatus; q?: string } = {}) {
  const seen: RfqListItem[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listRfqPage(demo.as(BUYER), {
      ...filters,
      sort,
      after,
      limit: 20,
    });
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    after = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe("the supplier's inbox", () => {
  it("lists its invitations newest first, with deadlines and its own answer status, never a draft", async () => {
    const { items } = await listRfqPage(demo.as(GLOBEX_SALES));
    expect(items.length).toBeGreaterThan(1);
    expect(items.some((r) => r.reference.startsWith("RFQ-LIST-"))).toBe(false);
    const created = await t.db
      .selectFrom("rfqs")
      .where(
        "id",
        "in",
        items.map((r) => r.id),
      )
      .select(["id", "created_at"])
      .execute();
    const at = new Map(created.map((r) => [r.id, r.created_at.getTime()]));
    for (let i = 1; i < items.length; i++) {
      expect(at.get(items[i - 1].id)!).toBeGreaterThanOrEqual(at.get(items[i].id)!);
    }
    for (const r of items) {
      expect(r.status).not.toBe("draft");
      expect(r.deadline).toBeInstanceOf(Date);
      expect(["invited", "viewed", "declined", "submitted"]).toContain(r.invitationStatus);
    }
  });
});

describe("the buyer's RFQ list", () => {
  it("pages through every RFQ once, soonest deadline first, ties broken by id", async () => {
    const rows = await everyPage("deadline");
    const bulk = rows.filter((r) => r.reference.startsWith("RFQ-LIST-"));
    expect(bulk).toHaveLength(150);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1];
      const b = rows[i];
      const order = a.deadline.getTime() - b.deadline.getTime() || (a.id < b.id ? -1 : 1);
      expect(order, `${a.reference} before ${b.reference}`).toBeLessThan(0);
    }
  });

  it("pages the other way too", async () => {
    const rows = (await everyPage("deadline_desc")).filter((r) => r.reference.startsWith("RFQ-LIST-"));
    expect(rows).toHaveLength(150);
    expect(rows[0].reference).toBe("RFQ-LIST-150");
  });

  it("filters by status", async () => {
    const rows = (await everyPage("deadline", { status: "closed" })).filter((r) => r.reference.startsWith("RFQ-LIST-"));
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.status === "closed")).toBe(true);
  });

  it("searches titles case-insensitively, taking % literally", async () => {
    const rows = await everyPage("deadline", { q: "100% COTTON" });
    expect(rows.map((r) => r.reference).sort()).toEqual(["RFQ-LIST-100", "RFQ-LIST-150", "RFQ-LIST-50"]);
    expect(await everyPage("deadline", { q: "%" })).toHaveLength(3);
    expect(await everyPage("deadline", { q: "_" })).toEqual([]);
  });

  it("has the indexes the list relies on (a trigram index where pg_trgm exists)", async () => {
    const { rows } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'rfqs' order by indexname`.execute(t.db);
    const names = rows.map((r) => r.indexname);
    expect(names).toEqual(expect.arrayContaining(["rfqs_org_deadline_idx", "rfqs_org_status_deadline_idx"]));
    // Real Postgres ships pg_trgm; embedded PGlite does without it.
    if (t.url) expect(names).toContain("rfqs_title_trgm_idx");
  });

  it("treats a tampered cursor as the first page, and shows another tenant nothing of Acme's", async () => {
    const first = await listRfqPage(demo.as(BUYER), { limit: 5 });
    const tampered = await listRfqPage(demo.as(BUYER), {
      limit: 5,
      after: "not-a-cursor",
    });
    expect(tampered.items.map((r) => r.id)).toEqual(first.items.map((r) => r.id));
    const initech = await listRfqPage(demo.as(INITECH_BUYER), {
      q: "Bulk",
    });
    expect(initech.items).toEqual([]);
  });
});
