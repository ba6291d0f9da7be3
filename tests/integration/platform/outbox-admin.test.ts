/**
 * Failed mail at /admin/outbox: admins of the organisation see it and can
 * put it back in the queue (audited); nobody else sees it or retries it,
 * and another organisation's mail is "not found".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { enqueueMail } from "../../../emails/outbox.server";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

let app: AppServer;
const ids: { acme: string; initech: string } = { acme: "", initech: "" };

beforeAll(async () => {
  app = await createAppServer("outbox_admin", {
    async seed(demo) {
      const fail = async (orgId: string, to: string) => {
        const id = await enqueueMail(demo.db, { orgId, to, subject: `Order for ${to}`, text: "Hello" });
        await demo.db
          .updateTable("email_outbox")
          .set({ status: "failed", attempts: 8, last_error: "550 5.1.1 mailbox unavailable" })
          .where("id", "=", id)
          .execute();
        return id;
      };
      ids.acme = await fail(demo.orgId("Acme Manufacturing"), "typo@nortwind.test");
      ids.initech = await fail(demo.orgId("Initech"), "someone@initech-supplier.test");
    },
  });
  await app.start();
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

const row = (id: string) =>
  app.withDb((db) =>
    db.selectFrom("email_outbox").select(["status", "attempts"]).where("id", "=", id).executeTakeFirstOrThrow(),
  );

describe("/admin/outbox", () => {
  it("is refused to every role but admin", async () => {
    for (const email of ["buyer@acme.test", "finance@acme.test", "sales@northwind.test"]) {
      const cookie = await signInOverHttp(app.base, email);
      expect((await http(app.base, "GET", "/admin/outbox", { cookie })).status).toBe(403);
      const post = await http(app.base, "POST", "/admin/outbox", { cookie, form: { intent: "retry", id: ids.acme } });
      expect(post.status).toBe(403);
    }
    expect(await row(ids.acme)).toEqual({ status: "failed", attempts: 8 });
  });

  it("shows the organisation's failed mail with a Retry button, and only its own", async () => {
    const cookie = await signInOverHttp(app.base, "admin@acme.test");
    const page = await http(app.base, "GET", "/admin/outbox", { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("typo@nortwind.test");
    expect(html).toContain("550 5.1.1 mailbox unavailable");
    expect(html).toMatch(/<button[^>]*>Retry<\/button>/);
    expect(html).not.toContain("initech-supplier.test");
  });

  it("refuses to retry another organisation's mail, as not found", async () => {
    const cookie = await signInOverHttp(app.base, "admin@acme.test");
    const post = await http(app.base, "POST", "/admin/outbox", { cookie, form: { intent: "retry", id: ids.initech } });
    expect(post.status).toBe(404);
    expect(await row(ids.initech)).toEqual({ status: "failed", attempts: 8 });
    const junk = await http(app.base, "POST", "/admin/outbox", {
      cookie,
      form: { intent: "retry", id: "'; drop table" },
    });
    expect(junk.status).toBe(400);
    expect(await junk.text()).toContain("Choose a mail to retry.");
  });

  it("retries a failed mail: queued again with fresh attempts, audited, then sent", async () => {
    const cookie = await signInOverHttp(app.base, "admin@acme.test");
    const post = await http(app.base, "POST", "/admin/outbox", { cookie, form: { intent: "retry", id: ids.acme } });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("The mail is queued again");
    const audit = await app.withDb((db) =>
      db
        .selectFrom("audit_events")
        .innerJoin("users", "users.id", "audit_events.actor_id")
        .select(["audit_events.event", "users.email"])
        .where("audit_events.entity_id", "=", ids.acme)
        .execute(),
    );
    expect(audit).toEqual([{ event: "MAIL_RETRY", email: "admin@acme.test" }]);
    // The server's jobs pick it up (mail goes to its folder transport here).
    let status = "";
    const until = Date.now() + 20_000;
    while (status !== "sent" && Date.now() < until) {
      status = (await row(ids.acme)).status;
      if (status !== "sent") await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe("sent");
    // Retrying it again finds nothing to retry.
    const again = await http(app.base, "POST", "/admin/outbox", { cookie, form: { intent: "retry", id: ids.acme } });
    expect(again.status).toBe(404);
  }, 60_000);
});
