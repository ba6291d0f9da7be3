/**
 * A supplier organisation's admin keeps its colleagues with the buying
 * side's people code: invites a colleague (who always holds the supplier
 * role, admin as well if chosen, never a buying role), deactivates them, and
 * never sees or touches another organisation's people. Its other people
 * cannot manage colleagues. A newly registered supplier's first person is
 * its admin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { defineAbilityFor, onSupplierSide } from "../../../app/auth/ability";
import { deactivateUser, getUserPage, inviteUser, listUsers } from "../../../app/models/people/users.server";
import { FormError } from "../../../app/utils/errors";
import { BUYER, NORTHWIND_SALES, responseOf, seededDemo, type Demo } from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const ACCOUNTS = "accounts@northwind.test";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("supplier_colleagues");
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

const rolesOf = async (email: string) =>
  (
    await t.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .where("users.email", "=", email)
      .select("memberships.role")
      .orderBy("memberships.role")
      .execute()
  ).map((r) => r.role);

describe("a supplier organisation's colleagues", () => {
  it("are listed for its admin, only its own", async () => {
    const people = await listUsers(demo.as(NORTHWIND_SALES));
    expect(people.map((p) => p.email).sort()).toEqual([ACCOUNTS, NORTHWIND_SALES]);
    expect(onSupplierSide(demo.ability(NORTHWIND_SALES))).toBe(true);
  });

  it("are invited with the supplier role always, and never with a buying role", async () => {
    const ctx = demo.as(NORTHWIND_SALES);
    await inviteUser(ctx, { email: "ops@northwind.test", roles: ["admin"] });
    expect(await rolesOf("ops@northwind.test")).toEqual(["admin", "supplier"]);
    await inviteUser(ctx, { email: "desk@northwind.test", roles: ["supplier"] });
    expect(await rolesOf("desk@northwind.test")).toEqual(["supplier"]);
    await expect(inviteUser(ctx, { email: "fin@northwind.test", roles: ["finance"] })).rejects.toBeInstanceOf(
      FormError,
    );
    expect(await rolesOf("fin@northwind.test")).toEqual([]);
  });

  it("are deactivated by the admin; another organisation's people are a 404", async () => {
    const desk = await t.db
      .selectFrom("users")
      .where("email", "=", "desk@northwind.test")
      .select("id")
      .executeTakeFirstOrThrow();
    await deactivateUser(demo.as(NORTHWIND_SALES), { id: desk.id });
    expect((await getUserPage(demo.as(NORTHWIND_SALES), { id: desk.id })).user.statusLabel).toBe("Deactivated");
    const buyer = demo.actor(BUYER);
    expect((await responseOf(getUserPage(demo.as(NORTHWIND_SALES), { id: buyer.userId }))).status).toBe(404);
    expect((await responseOf(deactivateUser(demo.as(NORTHWIND_SALES), { id: buyer.userId }))).status).toBe(404);
  });

  it("are not managed by a supplier user who is not its admin", async () => {
    expect((await responseOf(listUsers(demo.as(ACCOUNTS)))).status).toBe(403);
    expect(
      (await responseOf(inviteUser(demo.as(ACCOUNTS), { email: "x@northwind.test", roles: ["supplier"] }))).status,
    ).toBe(403);
    // A supplier's admin reads nothing of a buying admin's: no RFQs of its own, no settings, no audit log.
    const ability = defineAbilityFor(demo.actor(NORTHWIND_SALES));
    expect(ability.can("readInternal", "Rfq")).toBe(false);
    expect(ability.can("update", "Organisation")).toBe(false);
  });
});
