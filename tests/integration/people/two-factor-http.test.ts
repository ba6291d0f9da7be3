/**
 * Two-factor sign-in through the built server: after the password only the
 * short-lived step cookie is set, never a session, and no page opens with
 * it; a wrong code is refused on the page; the right one sets the session.
 * A spent step goes back to the password. When the organisation requires
 * two-factor, an admin without it sets it up on the sign-in page and gets
 * the session together with the recovery codes. Codes are computed from the
 * key the page shows, as an authenticator app would.
 */
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

let app: AppServer;

beforeAll(async () => {
  app = await createAppServer("two_factor_http");
  await app.start();
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

const text = async (response: Response) => (await response.text()).replace(/<!-- -->/g, "");

function keyOf(html: string): string {
  const key = /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(html)?.[1]?.replace(/ /g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  return key as string;
}

function codeAt(key: string, offsetSeconds: number): string {
  return new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });
}

/** The cookies a response sets, by name, as "name=value". */
function cookiesOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0];
    out[pair.split("=")[0]] = pair;
  }
  return out;
}

async function password(email: string) {
  const response = await http(app.base, "POST", "/login", {
    form: { email, password: "quotient-demo", redirectTo: "/approvals" },
  });
  return response;
}

describe("signing in with two-factor over HTTP", () => {
  let key = "";

  it("is set up from the profile", async () => {
    const cookie = await signInOverHttp(app.base, "finance@acme.test");
    expect((await http(app.base, "POST", "/profile/two-factor", { cookie, form: { intent: "start" } })).status).toBe(
      200,
    );
    key = keyOf(await text(await http(app.base, "GET", "/profile/two-factor", { cookie })));
    const confirmed = await http(app.base, "POST", "/profile/two-factor", {
      cookie,
      form: { intent: "confirm", code: codeAt(key, 0) },
    });
    expect(confirmed.status).toBe(200);
    const html = await text(confirmed);
    expect(html).toContain("Two-factor sign-in is on");
    expect(html.match(/<li><code>[a-z2-9]{5}-[a-z2-9]{5}<\/code><\/li>/g)).toHaveLength(10);
    // The key is not shown again.
    expect(await text(await http(app.base, "GET", "/profile/two-factor", { cookie }))).not.toContain('class="secret"');
  });

  it("sets no session after the password, only the step; the right code sets the session", async () => {
    const first = await password("finance@acme.test");
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/two-factor");
    const set = cookiesOf(first);
    expect(Object.keys(set)).toEqual(["quotient_sign_in_step"]);
    const step = set.quotient_sign_in_step;
    // The step opens nothing.
    const dashboard = await http(app.base, "GET", "/dashboard", { cookie: step });
    expect(dashboard.status).toBe(302);
    expect(dashboard.headers.get("location")).toMatch(/^\/login/);
    expect(await text(await http(app.base, "GET", "/login/two-factor", { cookie: step }))).toContain(
      "Type the six digits your authenticator app shows",
    );

    const wrong = codeAt(key, 0) === "000000" ? "111111" : "000000";
    const refused = await http(app.base, "POST", "/login/two-factor", { cookie: step, form: { code: wrong } });
    expect(refused.status).toBe(400);
    expect(await text(refused)).toContain("That code is not right.");
    expect(cookiesOf(refused).quotient_session).toBeUndefined();

    const passed = await http(app.base, "POST", "/login/two-factor", { cookie: step, form: { code: codeAt(key, 30) } });
    expect(passed.status).toBe(302);
    expect(passed.headers.get("location")).toBe("/approvals");
    const session = cookiesOf(passed).quotient_session;
    expect(session).toBeTruthy();
    expect((await http(app.base, "GET", "/approvals", { cookie: session })).status).toBe(200);

    // The step is spent: back to the password.
    const again = await http(app.base, "POST", "/login/two-factor", { cookie: step, form: { code: codeAt(key, 30) } });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/login?done=expired");
    expect((await http(app.base, "GET", "/login/two-factor", { cookie: step })).headers.get("location")).toBe(
      "/login?done=expired",
    );
  });

  it("makes an admin set it up at sign-in when the organisation requires it", async () => {
    await app.withDb((db) =>
      db
        .updateTable("organisations")
        .set({ require_two_factor: true })
        .where("name", "=", "Acme Manufacturing")
        .execute(),
    );
    const first = await password("admin@acme.test");
    expect(first.headers.get("location")).toBe("/login/two-factor");
    const step = cookiesOf(first).quotient_sign_in_step;
    const page = await text(await http(app.base, "GET", "/login/two-factor", { cookie: step }));
    expect(page).toContain("Your organisation requires two-factor sign-in for finance and admin.");
    expect(page).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code/);
    const adminKey = keyOf(page);
    const done = await http(app.base, "POST", "/login/two-factor", {
      cookie: step,
      form: { code: codeAt(adminKey, 0) },
    });
    expect([done.status, done.headers.get("location")]).toEqual([200, null]);
    const html = await text(done);
    expect(html).toContain("Your recovery codes");
    expect(html).toContain('href="/approvals"');
    const session = cookiesOf(done).quotient_session;
    expect(session).toBeTruthy();
    expect((await http(app.base, "GET", "/dashboard", { cookie: session })).status).toBe(200);
    const enabled = await app.withDb((db) =>
      db
        .selectFrom("users")
        .where("email", "=", "admin@acme.test")
        .select(["totp_enabled_at"])
        .executeTakeFirstOrThrow(),
    );
    expect(enabled.totp_enabled_at).not.toBeNull();
    // A buyer is not covered: signed in by the password as before.
    expect(cookiesOf(await password("buyer@acme.test")).quotient_session).toBeTruthy();
  });
});
