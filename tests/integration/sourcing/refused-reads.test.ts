/**
 * Refused reads of sealed quotes (DESIGN.md rule 1, issue finding 6): every
 * refusal, whoever tried (the owner's own people without the right, an
 * admin, an invited supplier, another tenant), is logged under the RFQ
 * owner's organisation with who, what, when and from where, while the
 * attacker from another tenant still only hears 404; the owner's admin
 * pages through them newest first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addQuoteAttachment, getQuoteAttachment } from "../../../app/models/sourcing/quote-files.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import {
  listRefusedReads,
  parseRefusedReadsCursor,
  REFUSED_READS_PAGE_SIZE,
} from "../../../app/models/sourcing/refused-reads.server";
import { readSealedQuotes } from "../../../app/models/sourcing/sealed.server";
import type { Ctx } from "../../../app/models/shared/context.server";
import {
  ACME,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  INITECH,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const ADMIN = "admin@acme.test";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;
let openRfqId: string;
let closedRfqId: string;
let fileId: string;

/** A person's context as a request from `address` with `userAgent` would build it. */
const from = (email: string, address: string, userAgent: string): Ctx => ({
  ...demo.as(email, now),
  origin: { address, userAgent },
});

const refusals = (rfqId: string) =>
  t.db
    .selectFrom("audit_events")
    .where("event", "=", "SEALED_READ_REFUSED")
    .where("entity_id", "=", rfqId)
    .selectAll()
    .orderBy("id")
    .execute();

beforeAll(async () => {
  t = await createTestDb("refused_reads");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
  openRfqId = await publishedRfq(
    demo,
    {
      title: "Sealed spring washers",
      deadlineAt: new Date(now.getTime() + 2 * HOUR),
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    now,
  );
  await addQuoteAttachment(demo.as(NORTHWIND_SALES, now), {
    rfqId: openRfqId,
    file: { name: "datasheet.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n% washers\n%%EOF\n") },
  });
  await submitQuote(demo.as(NORTHWIND_SALES, now), {
    rfqId: openRfqId,
    ...(await quoteInput(t.db, openRfqId, ["0.05"])),
  });
  const file = await t.db
    .selectFrom("attachments")
    .where("filename", "=", "datasheet.pdf")
    .select("id")
    .executeTakeFirstOrThrow();
  fileId = file.id;
  closedRfqId = (await demo.rfq("Safety gloves, Q1 supply")).id;
});

afterAll(async () => {
  await t?.destroy();
});

describe("every refused sealed read is logged under the RFQ owner's organisation", () => {
  it("logs the owner's admin, who may never compare, with where the request came from", async () => {
    const before = (await refusals(closedRfqId)).length;
    const refused = await responseOf(
      readSealedQuotes(from(ADMIN, "10.1.2.3", "AdminBrowser/1.0"), { rfqId: closedRfqId }),
    );
    expect(refused.status).toBe(403);
    const logged = await refusals(closedRfqId);
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)).toMatchObject({
      org_id: demo.orgId(ACME),
      actor_id: demo.actor(ADMIN).userId,
      data: {
        where: "compare",
        role: "admin",
        actorOrgId: demo.orgId(ACME),
        address: "10.1.2.3",
        userAgent: "AdminBrowser/1.0",
      },
    });
  });

  it("logs an invited supplier's try at the comparison under the buyer, not the supplier", async () => {
    const before = (await refusals(closedRfqId)).length;
    const refused = await responseOf(
      readSealedQuotes(from(GLOBEX_SALES, "10.9.9.9", "Sneaky/2"), { rfqId: closedRfqId }),
    );
    expect(refused.status).toBe(403);
    const logged = await refusals(closedRfqId);
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)).toMatchObject({
      org_id: demo.orgId(ACME),
      actor_id: demo.actor(GLOBEX_SALES).userId,
      data: { role: "supplier,admin", actorOrgId: demo.orgId(GLOBEX), address: "10.9.9.9" },
    });
  });

  it("answers another tenant 404 for the comparison and for a quote file, yet logs both where the owner sees them", async () => {
    const before = (await refusals(openRfqId)).length;
    const ctx = from(INITECH_BUYER, "192.0.2.66", "Prober/0.1");
    const compare = await responseOf(readSealedQuotes(ctx, { rfqId: openRfqId }));
    expect(compare.status).toBe(404);
    const file = await responseOf(getQuoteAttachment(ctx, { rfqId: openRfqId, attachmentId: fileId }));
    expect(file.status).toBe(404);
    // The 404 says nothing of whose RFQ it is.
    expect(compare.text + file.text).not.toContain(ACME);
    const logged = (await refusals(openRfqId)).slice(before);
    expect(logged.map((e) => [e.org_id, e.data.where])).toEqual([
      [demo.orgId(ACME), "compare"],
      [demo.orgId(ACME), "quote_attachment"],
    ]);
    for (const event of logged)
      expect(event.data).toMatchObject({
        actorOrgId: demo.orgId(INITECH),
        address: "192.0.2.66",
        userAgent: "Prober/0.1",
      });
    // Nothing is stored under the attacker's organisation, where the owner would never look.
    const underInitech = await t.db
      .selectFrom("audit_events")
      .where("event", "=", "SEALED_READ_REFUSED")
      .where("org_id", "=", demo.orgId(INITECH))
      .select("id")
      .execute();
    expect(underInitech).toEqual([]);
  });

  it("logs the owner's buyer refused while the bids are sealed, for the file as for the comparison", async () => {
    const before = (await refusals(openRfqId)).length;
    expect((await responseOf(readSealedQuotes(from(BUYER, "10.0.0.5", "Office/1"), { rfqId: openRfqId }))).status).toBe(
      403,
    );
    const file = await responseOf(
      getQuoteAttachment(from(BUYER, "10.0.0.5", "Office/1"), { rfqId: openRfqId, attachmentId: fileId }),
    );
    expect(file.status).toBe(403);
    expect((await refusals(openRfqId)).slice(before).map((e) => [e.org_id, e.data.where, e.data.role])).toEqual([
      [demo.orgId(ACME), "compare", "buyer"],
      [demo.orgId(ACME), "quote_attachment", "buyer"],
    ]);
  });
});

describe("the buying organisation's admin reads the refused reads", () => {
  it("lists who, what, when and from where, newest first, including other tenants' attempts", async () => {
    const { reads } = await listRefusedReads(demo.as(ADMIN, now), {});
    const prober = reads.find((r) => r.address === "192.0.2.66" && r.what === "quote_attachment");
    expect(prober).toMatchObject({
      who: { email: INITECH_BUYER, organisation: INITECH, roleLabel: "Buyer" },
      rfq: { id: openRfqId, title: "Sealed spring washers" },
      userAgent: "Prober/0.1",
    });
    expect(prober?.at).toBeInstanceOf(Date);
    // The demo's own two attempts on its open RFQ are there too.
    expect(reads.some((r) => r.address === "203.0.113.24" && r.who.email === GLOBEX_SALES)).toBe(true);
    const ids = reads.map((r) => BigInt(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
  });

  it("is the admin's alone: other roles and other tenants are refused, and Initech's list holds nothing of Acme's", async () => {
    for (const email of [BUYER, GLOBEX_SALES, INITECH_BUYER])
      expect((await responseOf(listRefusedReads(demo.as(email, now), {}))).status, email).toBe(403);
  });

  it("pages by keyset: every refusal exactly once across pages", async () => {
    for (let i = 0; i < REFUSED_READS_PAGE_SIZE + 5; i++)
      await responseOf(readSealedQuotes(from(GLOBEX_SALES, `10.20.0.${i}`, "Loop/1"), { rfqId: closedRfqId }));
    const total = await t.db
      .selectFrom("audit_events")
      .where("event", "=", "SEALED_READ_REFUSED")
      .where("org_id", "=", demo.orgId(ACME))
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Awaited<ReturnType<typeof listRefusedReads>> = await listRefusedReads(demo.as(ADMIN, now), { after });
      expect(page.reads.length).toBeLessThanOrEqual(REFUSED_READS_PAGE_SIZE);
      seen.push(...page.reads.map((r) => r.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(Number(total.n));
    expect(seen.length).toBeGreaterThan(REFUSED_READS_PAGE_SIZE);
  });

  it("reads a tampered cursor as the first page", () => {
    for (const bad of ["", "0", "-1", "1e5", "12\u0000", "99999999999999999999999", "abc"])
      expect(parseRefusedReadsCursor(bad), bad).toBeNull();
    expect(parseRefusedReadsCursor(null)).toBeNull();
    expect(parseRefusedReadsCursor("42")).toBe("42");
  });
});
