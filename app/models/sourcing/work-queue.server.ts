/**
 * The sourcing part of the dashboard's work queues: the buyer's drafts, open
 * RFQs with how many invited suppliers have quoted, RFQs whose deadline has
 * passed (ready to close) and closed ones (ready to award); the supplier's
 * invitations still to answer and answers published to its questions.
 *
 * Each queue is one query filtered in SQL by the same ability rules as a
 * single row (`accessibleWhere`), so the number of queries is fixed
 * whatever the data; a queue the person's ability does not allow is not
 * asked at all. A supplier's queues name only its own invitations, quotes
 * and published answers: nothing about other bidders, not even a count.
 */
import { msg, msgWith, shown } from "../../i18n/config";
import { sql, type ExpressionBuilder } from "kysely";

import type { Database } from "../../../db/schema";

import { accessibleWhere } from "../../auth/accessible.server";
import { subject } from "../../auth/ability";
import { type Ctx } from "../shared/context.server";
import { QUEUE_ITEMS_SHOWN, totalOf, type WorkQueue } from "../shared/work-queue";

const total = sql<string>`count(*) over ()`.as("total");

/** How many quotes an RFQ has received (a count, never a price), as "quoted"; for the open and the closed queue. */
function submittedQuotes(eb: ExpressionBuilder<Database, "rfqs">) {
  return eb
    .selectFrom("quotes")
    .whereRef("quotes.rfq_id", "=", "rfqs.id")
    .where("quotes.status", "=", "submitted")
    .select((inner) => inner.fn.countAll<string>().as("n"))
    .as("quoted");
}

/** Published answers this recent count as news in the supplier's queue. */
const ANSWERS_RECENT_DAYS = 14;

export async function sourcingQueues(ctx: Ctx): Promise<WorkQueue[]> {
  const queues = await Promise.all([
    linesToSource(ctx),
    drafts(ctx),
    openRfqs(ctx),
    readyToClose(ctx),
    readyToAward(ctx),
    invitations(ctx),
    answered(ctx),
  ]);
  return queues.filter((q): q is WorkQueue => q !== null);
}

/**
 * Free-text requisition lines no RFQ has taken yet: the same lines `/sourcing` lists, oldest wanted
 * first, each a link to that page (an RFQ is made there from the lines a buyer picks).
 */
async function linesToSource({ db, ability, actor }: Ctx): Promise<WorkQueue | null> {
  if (!ability.can("create", subject("Rfq", { org_id: actor.orgId }))) return null;
  const rows = await db
    .selectFrom("requisition_lines as l")
    .innerJoin("requisitions as r", "r.id", "l.requisition_id")
    .where("r.org_id", "=", actor.orgId)
    .where("l.status", "=", "sourcing")
    .where("l.rfq_id", "is", null)
    .select([
      "l.id",
      "l.item_name",
      "l.quantity",
      "l.unit",
      sql<string>`l.wanted_by::text`.as("wanted_by"),
      "r.number",
      total,
    ])
    .orderBy("l.wanted_by")
    .orderBy("r.number")
    .orderBy("l.position")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "sourcing-lines",
    title: msg("Requisition lines to source"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: "/sourcing",
      label: `${r.item_name} (${r.number})`,
      detail: msgWith("{{quantity}} {{unit}} · wanted by {{date}}", {
        quantity: shown.quantity(r.quantity),
        unit: r.unit,
        date: shown.date(r.wanted_by),
      }),
    })),
    empty: msg("No requisition line waits for an RFQ."),
    more: { href: "/sourcing", label: msg("The sourcing queue") },
  };
}

async function drafts({ db, ability }: Ctx): Promise<WorkQueue | null> {
  const where = accessibleWhere(ability, "publish", "Rfq");
  if (!where) return null;
  const rows = await db
    .selectFrom("rfqs")
    .where((eb) => where(eb))
    .where("rfqs.status", "=", "draft")
    .select(["rfqs.id", "rfqs.title", "rfqs.updated_at", total])
    .orderBy("rfqs.updated_at", "desc")
    .orderBy("rfqs.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "rfq-drafts",
    title: msg("Draft RFQs to publish"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      // A draft is finished (suppliers chosen) and published from its form.
      href: `/rfqs/${r.id}/edit`,
      label: r.title,
      detail: msgWith("Last saved {{at}}", { at: shown.instant(r.updated_at) }),
    })),
    empty: msg("No drafts waiting. Start a new RFQ whenever you need one."),
  };
}

async function openRfqs({ db, ability, now }: Ctx): Promise<WorkQueue | null> {
  const where = accessibleWhere(ability, "close", "Rfq");
  if (!where) return null;
  const rows = await db
    .selectFrom("rfqs")
    .where((eb) => where(eb))
    .where("rfqs.status", "=", "open")
    .where("rfqs.deadline", ">", now)
    .select(["rfqs.id", "rfqs.title", "rfqs.deadline", total])
    .select((eb) => [
      eb
        .selectFrom("rfq_invitations")
        .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
        .select((inner) => inner.fn.countAll<string>().as("n"))
        .as("invited"),
      // Who answered, never a price: the buyer sees that much of a sealed RFQ.
      submittedQuotes(eb),
    ])
    .orderBy("rfqs.deadline")
    .orderBy("rfqs.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "rfqs-open",
    title: msg("Open RFQs"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: `/rfqs/${r.id}`,
      label: r.title,
      detail: msgWith("{{quoted}} of {{invited}} quoted · deadline {{deadline}}", {
        quoted: Number(r.quoted ?? 0),
        invited: Number(r.invited ?? 0),
        deadline: shown.instant(r.deadline),
      }),
    })),
    empty: msg("No RFQ is out for quotes right now."),
  };
}

async function readyToClose({ db, ability, now }: Ctx): Promise<WorkQueue | null> {
  const where = accessibleWhere(ability, "close", "Rfq");
  if (!where) return null;
  // The scheduler closes these on its next round; until then the buyer may close them by hand.
  const rows = await db
    .selectFrom("rfqs")
    .where((eb) => where(eb))
    .where("rfqs.status", "=", "open")
    .where("rfqs.deadline", "<=", now)
    .select(["rfqs.id", "rfqs.title", "rfqs.deadline", total])
    .orderBy("rfqs.deadline")
    .orderBy("rfqs.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "rfqs-to-close",
    title: msg("Deadline passed: ready to close"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: `/rfqs/${r.id}`,
      label: r.title,
      detail: msgWith("Deadline was {{deadline}}", { deadline: shown.instant(r.deadline) }),
    })),
    empty: msg("No RFQ is past its deadline and still open."),
  };
}

async function readyToAward({ db, ability }: Ctx): Promise<WorkQueue | null> {
  const where = accessibleWhere(ability, "award", "Rfq");
  if (!where) return null;
  const rows = await db
    .selectFrom("rfqs")
    .where((eb) => where(eb))
    .where("rfqs.status", "=", "closed")
    .select(["rfqs.id", "rfqs.title", "rfqs.closed_at", total])
    .select((eb) => submittedQuotes(eb))
    .orderBy("rfqs.closed_at")
    .orderBy("rfqs.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "rfqs-to-award",
    title: msg("Closed: ready to compare and award"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: `/rfqs/${r.id}/compare`,
      label: r.title,
      detail: r.closed_at
        ? msgWith("{{count}} quotes · closed {{at}}", { count: Number(r.quoted ?? 0), at: shown.instant(r.closed_at) })
        : msgWith("{{count}} quotes", { count: Number(r.quoted ?? 0) }),
    })),
    empty: msg("Nothing to award. Closed RFQs appear here."),
  };
}

async function invitations({ db, ability, actor, now }: Ctx): Promise<WorkQueue | null> {
  // Only a quoting supplier has invitations to answer; everyone else is not asked.
  const rfqs = accessibleWhere(ability, "read", "Rfq");
  const quotes = accessibleWhere(ability, "quote", "Quote");
  if (!rfqs || !quotes) return null;
  const rows = await db
    .selectFrom("rfqs")
    .innerJoin("organisations as buyer", "buyer.id", "rfqs.org_id")
    .where((eb) => rfqs(eb))
    .where("rfqs.status", "=", "open")
    .where("rfqs.deadline", ">", now)
    // Its own answers only: a submitted quote of its own, or its own invitation declined.
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("quotes")
            .whereRef("quotes.rfq_id", "=", "rfqs.id")
            .where((inner) => quotes(inner))
            .where("quotes.status", "=", "submitted")
            .select(sql.lit(1).as("one")),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("rfq_invitations")
            .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
            .where("rfq_invitations.supplier_org_id", "=", actor.orgId)
            .where("rfq_invitations.status", "=", "declined")
            .select(sql.lit(1).as("one")),
        ),
      ),
    )
    .select(["rfqs.id", "rfqs.title", "rfqs.deadline", "buyer.name as buyerName", total])
    .orderBy("rfqs.deadline")
    .orderBy("rfqs.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "invitations",
    title: msg("Invitations to answer"),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: `/rfqs/${r.id}/quote`,
      label: r.title,
      detail: msgWith("{{buyer}} · deadline {{deadline}}", { buyer: r.buyerName, deadline: shown.instant(r.deadline) }),
    })),
    empty: msg("Every invitation is answered. New ones appear here."),
  };
}

async function answered({ db, ability, now }: Ctx): Promise<WorkQueue | null> {
  const rfqs = accessibleWhere(ability, "ask", "Rfq");
  if (!rfqs) return null;
  const since = new Date(now.getTime() - ANSWERS_RECENT_DAYS * 24 * 3_600_000);
  // Published answers go to every invited supplier alike; the asker is never named.
  const rows = await db
    .selectFrom("rfq_questions")
    .innerJoin("rfqs", "rfqs.id", "rfq_questions.rfq_id")
    .where((eb) => rfqs(eb))
    .where("rfqs.status", "=", "open")
    .where("rfq_questions.answer", "is not", null)
    .where("rfq_questions.answered_at", ">=", since)
    .select([
      "rfq_questions.id",
      "rfq_questions.rfq_id",
      "rfq_questions.question",
      "rfq_questions.answered_at",
      "rfqs.title",
      total,
    ])
    .orderBy("rfq_questions.answered_at", "desc")
    .orderBy("rfq_questions.id")
    .limit(QUEUE_ITEMS_SHOWN)
    .execute();
  return {
    key: "questions-answered",
    title: msgWith("Questions answered (last {{days}} days)", { days: ANSWERS_RECENT_DAYS }),
    count: totalOf(rows),
    items: rows.map((r) => ({
      id: r.id,
      href: `/rfqs/${r.rfq_id}/questions`,
      label: r.title,
      detail: r.answered_at
        ? msgWith("“{{question}}” · answered {{at}}", {
            question: shorten(r.question),
            at: shown.instant(r.answered_at),
          })
        : msgWith("“{{question}}”", { question: shorten(r.question) }),
    })),
    empty: msg("No new answers to questions on open RFQs."),
  };
}

function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
