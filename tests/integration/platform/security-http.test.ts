/**
 * Attacks at the HTTP level against the built server: security headers and
 * the CSP nonce, static files served only for what public/ holds, cross-site posts, session fixation, sign-in auditing and
 * throttling (held in the database, so a restart does not reset it), and
 * the password rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkNewPassword, hashNewPassword, MIN_PASSWORD_LENGTH } from "../../../app/auth/password.server";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "../../../app/auth/sign-in-throttle.server";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";
import { msgWith } from "~/i18n/config";

let app: AppServer;

beforeAll(async () => {
  app = await createAppServer("security");
  await app.start();
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

describe("security headers", () => {
  it("sends a nonce-based CSP that every inline script of the page carries, and the other headers", async () => {
    const response = await http(app.base, "GET", "/login");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).not.toContain("unsafe-inline");
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);

    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    const inline = scripts.filter((attrs) => !/\bsrc=/.test(attrs));
    expect(inline.length).toBeGreaterThan(0);
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`);

    // A fresh nonce per response, or it would be guessable.
    const again = await http(app.base, "GET", "/login");
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("echoes a caller's request id and makes one when there is none or it is unsafe", async () => {
    const given = await http(app.base, "GET", "/healthz", { headers: { "X-Request-Id": "trace-123.abc" } });
    expect(given.headers.get("x-request-id")).toBe("trace-123.abc");
    const made = await http(app.base, "GET", "/healthz");
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await http(app.base, "GET", "/healthz", { headers: { "X-Request-Id": "a b<script>" } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("static files", () => {
  it("serves the files of public/ with their cache headers, and leaves every other address to the pages", async () => {
    const icon = await http(app.base, "GET", "/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toContain("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await icon.text()).toContain("<svg");
    // Percent-encoded, as a browser may ask for it.
    expect((await http(app.base, "GET", "/fav%69con.svg")).status).toBe(200);

    const html = await http(app.base, "GET", "/login");
    const asset = /\/build\/[^"]+\.js/.exec(await html.text())?.[0];
    expect(asset).toBeTruthy();
    const script = await http(app.base, "GET", asset!);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toContain("immutable");

    // Not a file: the app's own 404 page inside the header, not the static handler's.
    const missing = await http(app.base, "GET", "/favicon.png");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("text/html");
    expect(await missing.text()).toContain("Quotient");
  });
});

describe("rendering", () => {
  it("sends a crawler the whole page at once, and a browser the page streamed", async () => {
    for (const agent of ["Googlebot/2.1", "Mozilla/5.0 Firefox/130.0"]) {
      const response = await http(app.base, "GET", "/login", { headers: { "User-Agent": agent } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('id="email"');
      expect(html).toContain("</html>");
    }
  });
});

describe("cross-site posts", () => {
  it("refuses a form post from another site and changes nothing", async () => {
    const before = await app.withDb((db) => db.selectFrom("sessions").select("id").execute());
    const crossSite: Record<string, string>[] = [
      { Origin: "http://evil.test" },
      { Origin: "null" },
      { Referer: "http://evil.test/form" },
      { "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of crossSite) {
      const response = await http(app.base, "POST", "/login", {
        headers,
        form: { email: "buyer@acme.test", password: "quotient-demo" },
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    const after = await app.withDb((db) => db.selectFrom("sessions").select("id").execute());
    expect(after).toEqual(before);
    const sameSite = await http(app.base, "POST", "/login", {
      headers: { Origin: app.base, "Sec-Fetch-Site": "same-origin" },
      form: { email: "buyer@acme.test", password: "quotient-demo" },
    });
    expect(sameSite.status).toBe(302);
  });
});

describe("sessions and sign-in", () => {
  it("gives a new session id at sign-in and ends the one the browser came with", async () => {
    const first = await signInOverHttp(app.base, "buyer@acme.test");
    const second = await signInOverHttp(app.base, "buyer@acme.test", undefined, first);
    expect(second).not.toBe(first);
    const old = await http(app.base, "GET", "/dashboard", { cookie: first });
    expect(old.status).toBe(302);
    expect(old.headers.get("location")).toMatch(/^\/login/);
    const fresh = await http(app.base, "GET", "/dashboard", { cookie: second });
    expect(fresh.status).toBe(200);
    // A cookie planted before sign-in (session fixation) is never the one the session gets.
    const planted = await signInOverHttp(app.base, "finance@acme.test", undefined, "quotient_session=planted");
    expect(planted).not.toBe("quotient_session=planted");
  });

  it("records successful and failed sign-ins in the audit log", async () => {
    const since = new Date(Date.now() - 1000);
    await signInOverHttp(app.base, "controller@acme.test");
    const failed = await http(app.base, "POST", "/login", {
      form: { email: "Controller@Acme.test", password: "wrong-password-here" },
    });
    expect(failed.status).toBe(400);
    expect(await failed.text()).toContain("That email and password do not match an account.");
    const events = await app.withDb((db) =>
      db
        .selectFrom("audit_events")
        .leftJoin("users", "users.id", "audit_events.actor_id")
        .select(["audit_events.event", "audit_events.data", "users.email"])
        .where("audit_events.event", "in", ["SIGN_IN", "SIGN_IN_FAILED"])
        .where("audit_events.created_at", ">=", since)
        .execute(),
    );
    expect(events.some((e) => e.event === "SIGN_IN" && e.email === "controller@acme.test")).toBe(true);
    expect(
      events.some((e) => e.event === "SIGN_IN_FAILED" && JSON.stringify(e.data).includes("controller@acme.test")),
    ).toBe(true);
    // The password tried is never stored.
    expect(JSON.stringify(events)).not.toContain("wrong-password-here");
  });

  it("throttles an account after repeated failures, with a clear wait, across a restart", async () => {
    const email = "finance@acme.test";
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const r = await http(app.base, "POST", "/login", { form: { email, password: `not-the-password-${i}` } });
      expect(r.status).toBe(400);
    }
    const refused = await http(app.base, "POST", "/login", {
      headers: { Accept: "text/html" },
      form: { email, password: "quotient-demo" },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60);
    const page = await refused.text();
    expect(page).toMatch(/Too many failed sign-in attempts\. Please wait 1[45] minutes before trying again\./);
    expect(page).toContain(`value="${email}"`);
    expect(refused.headers.get("set-cookie")).toBeNull();

    // Another process (here: the server restarted, in development mode) sees the same limit.
    await app.stop();
    await app.start({ NODE_ENV: "development" });
    const afterRestart = await http(app.base, "POST", "/login", { form: { email, password: "quotient-demo" } });
    expect(afterRestart.status).toBe(429);
    expect(afterRestart.headers.get("strict-transport-security")).toBeNull();
    // Other accounts are not locked out by it.
    await signInOverHttp(app.base, "admin@acme.test");
  }, 90_000);

  it("throttles an address that tries many accounts", async () => {
    const rows = await app.withDb((db) =>
      db.selectFrom("sign_in_attempts").select(["succeeded"]).where("succeeded", "=", false).execute(),
    );
    const already = rows.length;
    for (let i = already; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const r = await http(app.base, "POST", "/login", {
        form: { email: `someone${i}@guess.test`, password: "a-guessed-password" },
      });
      expect(r.status).toBe(400);
    }
    const refused = await http(app.base, "POST", "/login", {
      form: { email: "admin@acme.test", password: "quotient-demo" },
    });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Too many failed sign-in attempts.");
  }, 90_000);
});

describe("password rules", () => {
  it("asks for twelve characters and refuses the email's local part", async () => {
    expect(checkNewPassword("short-pass", "jane.doe@acme.test")).toBe(
      msgWith("Use at least {{min}} characters for the password.", { min: MIN_PASSWORD_LENGTH }),
    );
    expect(checkNewPassword("elevenchars", "x@y.test")).not.toBeNull();
    expect(checkNewPassword("twelve chars", "x@y.test")).toBeNull();
    expect(checkNewPassword("my-Jane.Doe-password", "jane.doe@acme.test")).toBe(
      "The password must not contain your email address.",
    );
    expect(checkNewPassword("correct horse battery", "jane.doe@acme.test")).toBeNull();
    // Length counts characters, not UTF-16 units.
    expect(checkNewPassword("🔒🔒🔒🔒🔒🔒", "x@y.test")).not.toBeNull();
    await expect(hashNewPassword("buyer-at-acme-buyer", "buyer@acme.test")).rejects.toThrow(/email/);
    await expect(hashNewPassword("a long enough passphrase", "buyer@acme.test")).resolves.toMatch(/^\$argon2id\$/);
  });
});
