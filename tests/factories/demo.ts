/**
 * The demo data of db/seed.server.ts, loaded into a test database, with
 * lookups by readable name: people by e-mail, organisations and RFQs by
 * name, and small builders for RFQ and quote input. Tests read the seeded
 * rows back instead of restating them, and build anything extra through
 * the same domain functions the pages call.
 *
 * May import app/, db/ and workflows/ code; nothing imports it but tests.
 */
import type { Db } from "../../db/client.server";
import type { Rfq } from "../../db/schema";
import { seedDemo } from "../../db/seed.server";
import { defineAbilityFor, type Actor, type AppAbility } from "../../app/auth/ability";
import type { QuoteFormInput } from "../../app/models/sourcing/quote.schema";
import type { RfqFormInput } from "../../app/models/sourcing/rfq.schema";
import { createRfq } from "../../app/models/sourcing/rfq-draft.server";
import type { Ctx } from "../../app/models/shared/context.server";
import { instantToZonedLocal } from "../../app/utils/time";

export const ACME = "Acme Manufacturing";
export const INITECH = "Initech";
export const NORTHWIND = "Northwind Components";
export const GLOBEX = "Globex Industrial";

export const BUYER = "buyer@acme.test";
export const FINANCE = "finance@acme.test";
export const CONTROLLER = "controller@acme.test";
export const NORTHWIND_SALES = "sales@northwind.test";
/** Northwind's accounts colleague: told of everything its organisation is told, like sales. */
export const NORTHWIND_ACCOUNTS = "accounts@northwind.test";
export const GLOBEX_SALES = "sales@globex.test";
export const INITECH_BUYER = "buyer@initech.test";
export const REQUESTER = "requester@acme.test";

export interface Demo {
  db: Db;
  /** The instant the demo was seeded at; seeded deadlines are relative to it. */
  now: Date;
  actor(email: string): Actor;
  ability(email: string): AppAbility;
  /** The context a page would hand the models for this person at `now` (default: the real clock). */
  as(email: string, now?: Date): Ctx;
  orgId(name: string): string;
  rfq(title: string): Promise<Rfq>;
}

/** Seeds the demo into `db` at `now` and returns lookups into it. */
export async function seededDemo(db: Db, now = new Date()): Promise<Demo> {
  const created = await seedDemo(db, { now });
  if (!created) throw new Error("the test database already held demo data");

  const people = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.email", "users.id as userId", "memberships.org_id as orgId", "memberships.role"])
    .execute();
  // One membership row per role: a person's actor holds all of them.
  const actors = new Map<string, Actor>();
  for (const p of people) {
    const known = actors.get(p.email);
    actors.set(p.email, { userId: p.userId, orgId: p.orgId, roles: [...(known?.roles ?? []), p.role] });
  }
  const orgs = new Map(
    (await db.selectFrom("organisations").select(["id", "name"]).execute()).map((o) => [o.name, o.id]),
  );

  const actor = (email: string): Actor => {
    const found = actors.get(email);
    if (!found) throw new Error(`no demo user ${email}`);
    return found;
  };
  return {
    db,
    now,
    actor,
    ability: (email) => defineAbilityFor(actor(email)),
    as: (email, at = new Date()) => actingAs(db, actor(email), at),
    orgId(name) {
      const id = orgs.get(name);
      if (!id) throw new Error(`no demo organisation ${name}`);
      return id;
    },
    rfq: (title) => db.selectFrom("rfqs").selectAll().where("title", "=", title).executeTakeFirstOrThrow(),
  };
}

/** Any actor's model context, with the ability its role gives unless a test hands one in. */
export function actingAs(
  db: Db,
  actor: Actor,
  now: Date = new Date(),
  ability: AppAbility = defineAbilityFor(actor),
): Ctx {
  return { db, actor, ability, now };
}

/** RFQ form input in Acme's style; the deadline is rounded down to the minute, as the form is. */
export function rfqInput(overrides: Partial<RfqFormInput> & { deadlineAt: Date }): RfqFormInput {
  const { deadlineAt, ...rest } = overrides;
  return {
    title: "Test RFQ",
    description: "",
    currency: "EUR",
    deadline: instantToZonedLocal(deadlineAt, "Europe/Berlin"),
    deadlineTimeZone: "Europe/Berlin",
    deliveryAddress: "Acme Manufacturing, Gate 3, Industriestraße 12, 70565 Stuttgart",
    lines: [{ itemName: "Hex nut M8", specification: "ISO 4032, 8", quantity: "100", unit: "pcs" }],
    supplierIds: [],
    intent: "publish",
    ...rest,
  };
}

/** Creates and publishes an RFQ from Acme's buyer; returns its id. */
export async function publishedRfq(
  demo: Demo,
  input: Partial<RfqFormInput> & { deadlineAt: Date },
  at: Date,
): Promise<string> {
  const created = await createRfq(demo.as(BUYER, at), rfqInput(input));
  return created.id;
}

/** Quote input pricing the RFQ's lines in order. */
export async function quoteInput(
  db: Db,
  rfqId: string,
  prices: string[],
  leadTimeDays = "10",
): Promise<QuoteFormInput> {
  const lines = await db.selectFrom("rfq_lines").where("rfq_id", "=", rfqId).select("id").orderBy("position").execute();
  if (lines.length !== prices.length)
    throw new Error(`the RFQ has ${lines.length} lines, ${prices.length} prices given`);
  return { lines: lines.map((l, i) => ({ rfqLineId: l.id, unitPrice: prices[i] })), leadTimeDays, notes: "" };
}

/** Audit events of one entity, oldest first. */
export function auditOf(db: Db, entityId: string) {
  return db.selectFrom("audit_events").selectAll().where("entity_id", "=", entityId).orderBy("id").execute();
}

/** What a thrown Response carries, for assertions on refusals. */
export async function responseOf(promise: Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return { status: error.status, text: await error.text() };
    throw error;
  }
  throw new Error("expected a Response to be thrown, but the call succeeded");
}
