/**
 * One-time form tokens (decision 019) through the built server: the page
 * renders the token its loader issued into the form, and the same form
 * posted several times at once (a double click without JavaScript, a
 * resend) books once, every reply the same page. The race of each use case
 * is in form-tokens.test.ts; this proves a route's wiring end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FORM_TOKEN_PATTERN } from "../../../app/models/shared/form-token.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { createAppServer, http, signInOverHttp, tableChecksums, type AppServer } from "../../support/app-server";

const SENDS = 4;

let app: AppServer;

beforeAll(async () => {
  app = await createAppServer("form_tokens_http");
  await app.start();
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

/** The token of the page's forms, as the browser would post it. */
async function tokenOf(cookie: string, url: string): Promise<string> {
  const response = await http(app.base, "GET", url, { cookie });
  expect(response.status).toBe(200);
  const html = await response.text();
  const token = new RegExp(`name="formToken" value="(${FORM_TOKEN_PATTERN.source})"`).exec(html)?.[1];
  expect(token).toBeTruthy();
  return token as string;
}

describe("a form posted several times at once over HTTP", () => {
  it("inviting by address on the RFQ page: one invitation, one mail", async () => {
    const rfqId = await app.withDb(async (db) => {
      const row = await db
        .selectFrom("rfqs")
        .innerJoin("organisations", "organisations.id", "rfqs.org_id")
        .where("organisations.name", "=", "Acme Manufacturing")
        .where("rfqs.status", "=", "open")
        .where("rfqs.deadline", ">", new Date(Date.now() + 60 * 60_000))
        .select("rfqs.id")
        .executeTakeFirstOrThrow();
      return row.id;
    });
    const cookie = await signInOverHttp(app.base, "buyer@acme.test");
    const formToken = await tokenOf(cookie, `/rfqs/${rfqId}`);
    const address = "double-submit@vega.test";
    const replies = await Promise.all(
      Array.from({ length: SENDS }, () =>
        http(app.base, "POST", `/rfqs/${rfqId}?index`, {
          cookie,
          form: { intent: "invite", inviteEmails: address, formToken },
        }),
      ),
    );
    // Without the token the repeats would hear "already invited" (400).
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: SENDS }, () => 200));
    const bodies = await Promise.all(replies.map((r) => r.text()));
    for (const body of bodies) expect(body).toContain("The invitations are sent.");
    const { invitations, mails } = await app.withDb(async (db) => ({
      invitations: await db
        .selectFrom("rfq_invitations")
        .where("rfq_id", "=", rfqId)
        .where("invited_email", "=", address)
        .select("id")
        .execute(),
      mails: await db.selectFrom("email_outbox").where("to_address", "=", address).select("id").execute(),
    }));
    expect(invitations).toHaveLength(1);
    expect(mails).toHaveLength(1);
  });

  it("the award: the preview writes nothing, and its confirm button sent several times awards once", async () => {
    const { rfqId, globex } = await app.withDb(async (db) => {
      await closeDueRfqs(db, new Date());
      const rfq = await db
        .selectFrom("rfqs")
        .where("title", "=", "Safety gloves, Q1 supply")
        .select(["id", "status", "version"])
        .executeTakeFirstOrThrow();
      expect(rfq.status).toBe("closed");
      const org = await db
        .selectFrom("organisations")
        .where("name", "=", "Globex Industrial")
        .select("id")
        .executeTakeFirstOrThrow();
      return { rfqId: rfq.id, globex: org.id };
    });
    const cookie = await signInOverHttp(app.base, "buyer@acme.test");
    const formToken = await tokenOf(cookie, `/rfqs/${rfqId}/compare`);
    const version = await app.withDb(
      async (db) =>
        (await db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow()).version,
    );
    const choice = { version: String(version), award: globex, justification: "", formToken };

    const before = await app.withDb(tableChecksums);
    const preview = await http(app.base, "POST", `/rfqs/${rfqId}/compare`, { cookie, form: choice });
    expect(preview.status).toBe(200);
    // React marks text joins with empty comments; read the page as a person would.
    const html = (await preview.text()).replace(/<!-- -->/g, "");
    expect(html).toContain("Check the award");
    expect(html).toContain("Draft purchase order to Globex Industrial");
    // The confirm form carries the same token and the choice.
    expect(html).toContain(`name="formToken" value="${formToken}"`);
    expect(html).toContain(`name="confirm" value="yes"`);
    expect(await app.withDb(tableChecksums)).toEqual(before);

    const replies = await Promise.all(
      Array.from({ length: SENDS }, () =>
        http(app.base, "POST", `/rfqs/${rfqId}/compare`, { cookie, form: { ...choice, confirm: "yes" } }),
      ),
    );
    const locations = replies.map((r) => r.headers.get("location"));
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: SENDS }, () => 302));
    expect(new Set(locations).size).toBe(1);
    const pos = await app.withDb((db) =>
      db.selectFrom("purchase_orders").where("rfq_id", "=", rfqId).select(["id", "total"]).execute(),
    );
    expect(pos).toEqual([{ id: expect.any(String), total: "3378.00" }]);
    expect(locations[0]).toBe(`/pos/${pos[0].id}?awarded=1`);
  });
});
