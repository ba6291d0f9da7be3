/**
 * A draft agreement edited by its buyer, through the built server: terms,
 * validity, caps and items change in place (an edited item keeps its id, a
 * removed one goes, a new one comes), audited; a save over a newer version,
 * an edit of an agreement no longer a draft, another organisation's or a
 * supplier's try are refused and write nothing; hostile input is answered
 * beside its field with what was typed kept; the same form sent several
 * times at once saves once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FORM_TOKEN_PATTERN } from "../../../app/models/shared/form-token.server";
import { createAppServer, http, signInOverHttp, tableChecksums, type AppServer } from "../../support/app-server";

let app: AppServer;
const ids = { draft: "", active: "" };
const cookies = new Map<string, string>();
const BUYER = "buyer@acme.test";

beforeAll(async () => {
  app = await createAppServer("agreement_edit", {
    port: 3371,
    async seed(demo) {
      const agreement = (status: "draft" | "active") =>
        demo.db
          .selectFrom("agreements")
          .innerJoin("organisations", "organisations.id", "agreements.buyer_org_id")
          .where("organisations.name", "=", "Acme Manufacturing")
          .where("agreements.status", "=", status)
          .select("agreements.id")
          .executeTakeFirstOrThrow();
      ids.draft = (await agreement("draft")).id;
      ids.active = (await agreement("active")).id;
    },
  });
  await app.start();
  for (const email of [BUYER, "buyer@initech.test", "sales@northwind.test", "sales@globex.test", "finance@acme.test"])
    cookies.set(email, await signInOverHttp(app.base, email));
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

const readAgreement = (id: string) =>
  app.withDb(async (db) => ({
    row: await db.selectFrom("agreements").where("id", "=", id).selectAll().executeTakeFirstOrThrow(),
    items: await db
      .selectFrom("agreement_items")
      .where("agreement_id", "=", id)
      .selectAll()
      .orderBy("position")
      .execute(),
    breaks: await db
      .selectFrom("agreement_price_breaks")
      .innerJoin("agreement_items", "agreement_items.id", "agreement_price_breaks.item_id")
      .where("agreement_items.agreement_id", "=", id)
      .select(["agreement_items.item_name", "min_quantity", "agreement_price_breaks.unit_price"])
      .orderBy("min_quantity")
      .execute(),
    edits: await db
      .selectFrom("audit_events")
      .where("entity_type", "=", "agreement")
      .where("entity_id", "=", id)
      .where("event", "=", "UPDATE_DRAFT")
      .select("id")
      .execute(),
  }));

async function page(email: string, id: string) {
  const response = await http(app.base, "GET", `/agreements/${id}/edit`, { cookie: cookies.get(email) });
  const html = (await response.text()).replace(/<!-- -->/g, "");
  const token = new RegExp(`name="formToken" value="(${FORM_TOKEN_PATTERN.source})"`).exec(html)?.[1] ?? "";
  return { status: response.status, html, token };
}

const post = async (email: string, id: string, form: Record<string, string>) => {
  const response = await http(app.base, "POST", `/agreements/${id}/edit`, { cookie: cookies.get(email), form });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
};

/** The draft's form as the buyer would send it, with the edits on top. */
function edited(version: number, keptItemId: string, token: string, extra: Record<string, string> = {}) {
  return {
    formToken: token,
    version: String(version),
    title: "Safety consumables, revised",
    validFrom: "2027-02-01",
    validTo: "2027-12-31",
    valueCap: "25000",
    paymentTerms: "Net 30",
    incoterm: "DAP",
    leadTimeDays: "10",
    "items[0].id": keptItemId,
    "items[0].itemName": "Cut-resistant gloves",
    "items[0].specification": "EN 388 level D, size 10",
    "items[0].category": "Safety",
    "items[0].unit": "box",
    "items[0].unitPrice": "3.75",
    "items[0].quantityCap": "3000",
    "items[0].priceBreaks": "500: 3.60; 1000: 3.40",
    "items[1].itemName": "Ear plugs",
    "items[1].category": "Safety",
    "items[1].unit": "pcs",
    "items[1].unitPrice": "0.12",
    ...extra,
  };
}

describe("editing a draft agreement", () => {
  it("shows the draft as stored, saves the edit in place with its audit event, and keeps an edited item's id", async () => {
    const before = await readAgreement(ids.draft);
    const form = await page(BUYER, ids.draft);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="Cut-resistant gloves"');
    expect(form.html).toContain('value="600: 3.8"');
    expect(form.html).toContain(`name="items[0].id" value="${before.items[0].id}"`);

    const saved = await post(BUYER, ids.draft, edited(before.row.version, before.items[0].id, form.token));
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/agreements/${ids.draft}`);
    const after = await readAgreement(ids.draft);
    expect(after.row).toMatchObject({
      status: "draft",
      version: before.row.version + 1,
      title: "Safety consumables, revised",
      valid_from: "2027-02-01",
      valid_to: "2027-12-31",
      payment_terms: "Net 30",
      incoterm: "DAP",
      lead_time_days: 10,
    });
    expect(Number(after.row.value_cap)).toBe(25000);
    expect(after.items.map((i) => [i.position, i.item_name, i.unit, Number(i.unit_price)])).toEqual([
      [1, "Cut-resistant gloves", "box", 3.75],
      [2, "Ear plugs", "pcs", 0.12],
    ]);
    // The gloves are the same item; the glasses went, the ear plugs are new.
    expect(after.items[0].id).toBe(before.items[0].id);
    expect(after.items.map((i) => i.id)).not.toContain(before.items[1].id);
    expect(Number(after.items[0].quantity_cap)).toBe(3000);
    expect(after.items[1].quantity_cap).toBeNull();
    expect(after.breaks.map((b) => [b.item_name, Number(b.min_quantity), Number(b.unit_price)])).toEqual([
      ["Cut-resistant gloves", 500, 3.6],
      ["Cut-resistant gloves", 1000, 3.4],
    ]);
    expect(after.edits).toHaveLength(before.edits.length + 1);
    // The page offers the edit while it is a draft.
    const shown = await http(app.base, "GET", `/agreements/${ids.draft}`, { cookie: cookies.get(BUYER) });
    expect(await shown.text()).toContain(`href="/agreements/${ids.draft}/edit"`);
  });

  it("refuses a save over a newer version, changing nothing", async () => {
    const current = await readAgreement(ids.draft);
    const form = await page(BUYER, ids.draft);
    const before = await app.withDb(tableChecksums);
    const stale = await post(
      BUYER,
      ids.draft,
      edited(current.row.version - 1, current.items[0].id, form.token, { title: "Lost update" }),
    );
    expect(stale.status).toBe(409);
    expect(stale.html).toContain("was changed by someone else since you opened it");
    expect(await app.withDb(tableChecksums)).toEqual(before);
  });

  it("answers hostile input beside its field, keeps what was typed, and writes nothing", async () => {
    const current = await readAgreement(ids.draft);
    const form = await page(BUYER, ids.draft);
    const before = await app.withDb(tableChecksums);
    const refused = await post(
      BUYER,
      ids.draft,
      edited(current.row.version, current.items[0].id, form.token, {
        title: "<script>alert(1)</script>\u0000",
        "items[0].unitPrice": "-1",
        "items[0].priceBreaks": "lots: cheaper",
        validTo: "2027-01-01",
        "items[0].id": "'; drop table agreements; --",
      }),
    );
    expect(refused.status).toBe(400);
    const html = refused.html.replace(/<!-- -->/g, "");
    const beside = (id: string) =>
      new RegExp(`id="${id}-error"[^>]*>([\\s\\S]*?)</(p|div|span|ul)>`).exec(html)?.[1] ?? "";
    expect(beside("title")).toContain("Remove the control character (NUL) from this field.");
    expect(beside("agr-item-0-price")).toContain("The unit price cannot be negative.");
    expect(beside("agr-item-0-breaks")).toContain("Write each price break as quantity: unit price");
    expect(beside("validTo")).toContain("The last day cannot be before the first day.");
    expect(html).toContain('id="agr-item-0-price"');
    expect(html).toContain('value="-1"');
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(await app.withDb(tableChecksums)).toEqual(before);
  });

  it("saves the same form sent several times at once only once", async () => {
    const current = await readAgreement(ids.draft);
    const form = await page(BUYER, ids.draft);
    const body = edited(current.row.version, current.items[0].id, form.token, { title: "Sent four times" });
    const replies = await Promise.all(Array.from({ length: 4 }, () => post(BUYER, ids.draft, body)));
    expect(replies.map((r) => r.status)).toEqual([302, 302, 302, 302]);
    expect(new Set(replies.map((r) => r.location))).toEqual(new Set([`/agreements/${ids.draft}`]));
    const after = await readAgreement(ids.draft);
    expect(after.row.version).toBe(current.row.version + 1);
    expect(after.edits).toHaveLength(current.edits.length + 1);
    expect(after.row.title).toBe("Sent four times");
  });

  it("refuses an agreement that is no longer a draft, another organisation, finance and suppliers", async () => {
    const active = await readAgreement(ids.active);
    const draft = await readAgreement(ids.draft);
    const before = await app.withDb(tableChecksums);
    // The page says it is no longer a draft, and a forged post is refused by its lifecycle.
    const form = await page(BUYER, ids.active);
    expect(form.status).toBe(200);
    expect(form.html).toContain("Only a draft can be edited");
    const sent = await post(BUYER, ids.active, edited(active.row.version, active.items[0].id, form.token));
    expect(sent.status).toBe(409);
    expect(sent.html).toContain("Only a draft agreement can be edited; this one is active.");
    // Another organisation's buyer does not learn it exists.
    const foreign = await post("buyer@initech.test", ids.draft, edited(draft.row.version, draft.items[0].id, ""));
    expect(foreign.status).toBe(404);
    expect(foreign.html).not.toContain("Safety consumables");
    // Finance reads the organisation's agreements but does not write them.
    expect((await post("finance@acme.test", ids.draft, edited(draft.row.version, draft.items[0].id, ""))).status).toBe(
      403,
    );
    // The supplier of an agreement in force may read it, never change it; a draft's supplier does not see it.
    expect((await page("sales@northwind.test", ids.active)).status).toBe(403);
    const supplier = await post("sales@northwind.test", ids.active, edited(active.row.version, "", ""));
    expect(supplier.status).toBe(403);
    expect((await post("sales@globex.test", ids.draft, edited(draft.row.version, "", ""))).status).toBe(404);
    expect(await app.withDb(tableChecksums)).toEqual(before);
  });
});
