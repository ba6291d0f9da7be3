/**
 * One-time form tokens (decision 019) through the built server: the page
 * renders the token its loader issued into the form, and the same form
 * posted several times at once (a double click without JavaScript, a
 * resend) books once, every reply the same page. The race of each use case
 * is in form-tokens.test.ts; this proves a route's wiring end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FORM_TOKEN_PATTERN } from "../../../app/models/shared/form-token.server";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

const SENDS = 4;

let app: AppServer;

beforeAll(async () => {
  app = await createAppServer("form_tokens_http", { port: 3347 });
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
});
