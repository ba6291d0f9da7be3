/**
 * Logs after a journey of sign-ins (one failed) and a sealed quote: every
 * line written while serving a request carries that request's id, and no
 * line holds a password, a session id or a price of the sealed quote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

let app: AppServer;

beforeAll(async () => {
  app = await createAppServer("logs");
  await app.start({ LOG_LEVEL: "debug" });
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

interface LogLine {
  msg?: string;
  requestId?: string;
  path?: string;
  status?: number;
}

describe("structured logs", () => {
  it("tag every request line with its id and leak no secret or sealed price", async () => {
    const wrongPassword = "Hunter2-not-my-password";
    const failed = await http(app.base, "POST", "/login", {
      form: { email: "sales@northwind.test", password: wrongPassword },
      headers: { "X-Request-Id": "journey-failed-sign-in" },
    });
    expect(failed.status).toBe(400);
    const cookie = await signInOverHttp(app.base, "sales@northwind.test");
    const sessionId = decodeURIComponent(cookie.split("=")[1]);

    const target = await app.withDb(async (db) => {
      const northwind = await db
        .selectFrom("organisations")
        .select("id")
        .where("name", "=", "Northwind Components")
        .executeTakeFirstOrThrow();
      const rfq = await db
        .selectFrom("rfqs")
        .innerJoin("rfq_invitations", "rfq_invitations.rfq_id", "rfqs.id")
        .select(["rfqs.id"])
        .where("rfq_invitations.supplier_org_id", "=", northwind.id)
        .where("rfqs.status", "=", "open")
        .where("rfqs.deadline", ">", new Date(Date.now() + 3600_000))
        .executeTakeFirstOrThrow();
      const lines = await db
        .selectFrom("rfq_lines")
        .select("id")
        .where("rfq_id", "=", rfq.id)
        .orderBy("position")
        .execute();
      return { rfqId: rfq.id, lines: lines.map((l) => l.id) };
    });
    const form: Record<string, string> = { leadTimeDays: "12", freight: "4321.09", notes: "Sealed test" };
    target.lines.forEach((id, i) => {
      form[`lines[${i}].rfqLineId`] = id;
      form[`lines[${i}].unitPrice`] = `98765.${String(40 + i)}`;
    });
    const submitted = await http(app.base, "POST", `/rfqs/${target.rfqId}/quote`, {
      cookie,
      form,
      headers: { "X-Request-Id": "journey-sealed-quote" },
    });
    expect(submitted.status, await submitted.clone().text()).toBe(302);
    const page = await http(app.base, "GET", `/rfqs/${target.rfqId}/quote`, { cookie });
    expect(await page.text()).toContain("98765.40");
    // An error on the way must be logged with its request id too.
    await http(app.base, "GET", "/pos/not-a-uuid", { cookie, headers: { "X-Request-Id": "journey-404" } });

    await app.stop();
    const output = app.output();
    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as LogLine);
    const requestLines = lines.filter((l) => l.msg === "request");
    expect(requestLines.length).toBeGreaterThan(5);
    for (const line of requestLines) expect(line.requestId, JSON.stringify(line)).toBeTruthy();
    expect(requestLines.find((l) => l.requestId === "journey-failed-sign-in")?.status).toBe(400);
    expect(requestLines.find((l) => l.requestId === "journey-sealed-quote")?.path).toBe(`/rfqs/${target.rfqId}/quote`);
    // Anything written while serving a request carries an id (startup and shutdown lines have none to carry).
    for (const line of lines.filter((l) => l.path !== undefined)) expect(line.requestId).toBeTruthy();

    for (const secret of [wrongPassword, "quotient-demo", sessionId, "98765.4", "4321.09"]) {
      expect(output.includes(secret), `log output contains ${secret}`).toBe(false);
    }
  }, 120_000);
});
