/**
 * One-time form tokens (decision 019) are kept a day to answer a repeated
 * post with its first result, then swept by the scheduled work every server
 * runs: a claim older than a day goes, a fresh one stays and still answers.
 */
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { scheduledWork } from "../../../app/jobs/scheduled-work.server";
import { FORM_TOKEN_KEPT_MS, issueFormToken, once } from "../../../app/models/shared/form-token.server";
import { BUYER, seededDemo, type Demo } from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const HOUR = 60 * 60 * 1000;

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("form_token_sweep");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

/** Claims a fresh token for `purpose` as the buyer, as a route's `once` does, and dates the claim `ageMs` back. */
async function claimedAgo(purpose: string, ageMs: number, now: Date) {
  const token = issueFormToken();
  const first = { id: randomUUID() };
  await once(demo.as(BUYER, now), { token, purpose }, () => Promise.resolve(first));
  await t.db
    .updateTable("form_tokens")
    .set({ created_at: new Date(now.getTime() - ageMs) })
    .where("purpose", "=", purpose)
    .execute();
  return { token, first };
}

async function purposesLeft(purposes: string[]) {
  const rows = await t.db
    .selectFrom("form_tokens")
    .where("purpose", "in", purposes)
    .select("purpose")
    .orderBy("purpose")
    .execute();
  return rows.map((r) => r.purpose);
}

async function runScheduledWork(now: Date) {
  for (const task of scheduledWork(t.db)) await task(now);
}

describe("the scheduled sweep of form tokens", () => {
  it("removes claims older than a day and keeps the fresh ones, which still answer a repeat", async () => {
    const now = new Date();
    const old = await claimedAgo("sweep.old", FORM_TOKEN_KEPT_MS + HOUR, now);
    const fresh = await claimedAgo("sweep.fresh", FORM_TOKEN_KEPT_MS - HOUR, now);
    expect(await purposesLeft(["sweep.old", "sweep.fresh"])).toEqual(["sweep.fresh", "sweep.old"]);

    await runScheduledWork(now);

    expect(await purposesLeft(["sweep.old", "sweep.fresh"])).toEqual(["sweep.fresh"]);
    // The kept claim still hands a repeat the first result without running the work again.
    let ranAgain = false;
    const repeat = await once(demo.as(BUYER, now), { token: fresh.token, purpose: "sweep.fresh" }, () => {
      ranAgain = true;
      return Promise.resolve({ id: randomUUID() });
    });
    expect(repeat).toEqual(fresh.first);
    expect(ranAgain).toBe(false);
    // The swept one is a new claim again: the page it came from is a day old and reloaded by now.
    const after = await once(demo.as(BUYER, now), { token: old.token, purpose: "sweep.old" }, () =>
      Promise.resolve({ id: "again" }),
    );
    expect(after).toEqual({ id: "again" });
  });

  it("a sweep with nothing old leaves every claim", async () => {
    const now = new Date();
    await claimedAgo("sweep.recent", 5 * 60 * 1000, now);
    await runScheduledWork(now);
    expect(await purposesLeft(["sweep.recent"])).toEqual(["sweep.recent"]);
  });
});
