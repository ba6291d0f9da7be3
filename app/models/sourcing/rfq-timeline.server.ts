/**
 * An RFQ's history in words for its page. The buying organisation reads it
 * whole: created, published with whom it invited, each supplier opening,
 * declining or quoting (never a price), questions and answers, the deadline,
 * closing, award or cancellation. An invited supplier reads only its own
 * side: its invitation, its own quotes, questions and award, the deadline
 * and what the buyer told every bidder (an extension, a cancellation).
 * Nothing there names another supplier or says how many there are, and the
 * buyer's people appear as their organisation.
 */
import { subject } from "../../auth/ability";
import { msg, msgWith } from "../../i18n/config";
import type { Ctx } from "../shared/context.server";
import type { TimelineEntry } from "../shared/timeline";
import { actorOf, describeEvent, writtenTimes } from "../shared/timeline";
import { loadRfqFor } from "./rfq.server";

/** Kept in the audit log but no part of the story: refusals are the admin's, reminders repeat the deadline. */
const NOT_TOLD = ["SEALED_READ_REFUSED", "DEADLINE_REMINDER_SENT", "UPDATE_DRAFT"];

/** Each text is a catalogue key with its values (msgWith), put in the reader's words by the page. */
const entry = (id: string, at: Date, text: string): TimelineEntry => ({ id, at, text });
/** A list's "and" belongs to the sentence, so a translation places it: all but the last, and the last. */
const listed = (list: readonly string[]) => ({
  first: list.slice(0, -1).join(", "),
  last: list[list.length - 1] ?? "",
});
const reasonOf = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

export async function getRfqTimeline(ctx: Ctx, { id }: { id: string }): Promise<TimelineEntry[]> {
  const rfq = await loadRfqFor(ctx, id);
  const buyerSide = ctx.ability.can("readInternal", subject("Rfq", rfq));
  const entries = buyerSide ? await buyerTimeline(ctx, rfq) : await supplierTimeline(ctx, rfq);
  // Stable: entries at one instant keep the order they were gathered in (the log's own order first).
  const sorted = entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  // A supplier's entries are named by position, never by row id: ids are counted across every bidder, so they
  // would tell how many others acted in between.
  return buyerSide ? sorted : sorted.map((e, i) => ({ ...e, id: `step-${i + 1}` }));
}

type RfqRow = Awaited<ReturnType<typeof loadRfqFor>>;

async function buyerTimeline({ db }: Ctx, rfq: RfqRow): Promise<TimelineEntry[]> {
  const [events, invitations, revisions, questions] = await Promise.all([
    db
      .selectFrom("audit_events")
      .leftJoin("users", "users.id", "audit_events.actor_id")
      .where("audit_events.entity_type", "=", "rfq")
      .where("audit_events.entity_id", "=", rfq.id)
      .where("audit_events.event", "not in", NOT_TOLD)
      .select([
        "audit_events.id",
        "audit_events.event",
        "audit_events.to_state",
        "audit_events.data",
        "audit_events.created_at",
        "users.name as actorName",
      ])
      .orderBy("audit_events.id")
      .execute(),
    db
      .selectFrom("rfq_invitations")
      .leftJoin("organisations", "organisations.id", "rfq_invitations.supplier_org_id")
      .where("rfq_invitations.rfq_id", "=", rfq.id)
      .select([
        "rfq_invitations.id",
        "rfq_invitations.created_at",
        "rfq_invitations.invited_email",
        "organisations.name as supplierName",
      ])
      .orderBy("rfq_invitations.created_at")
      .execute(),
    db
      .selectFrom("quote_revisions")
      .innerJoin("quotes", "quotes.id", "quote_revisions.quote_id")
      .innerJoin("organisations", "organisations.id", "quotes.supplier_org_id")
      .innerJoin("users", "users.id", "quote_revisions.submitted_by")
      .where("quotes.rfq_id", "=", rfq.id)
      .select([
        "quote_revisions.id",
        "quote_revisions.revision",
        "quote_revisions.received_at",
        "organisations.name as supplierName",
        "users.name as submittedBy",
      ])
      .execute(),
    questionsOf(db, rfq.id, null),
  ]);
  const supplierOf = new Map(invitations.map((i) => [i.id, i.supplierName ?? i.invited_email ?? "a supplier"]));
  const invitationEvents =
    invitations.length === 0
      ? []
      : await db
          .selectFrom("audit_events")
          .leftJoin("users", "users.id", "audit_events.actor_id")
          .where("audit_events.entity_type", "=", "invitation")
          .where(
            "audit_events.entity_id",
            "in",
            invitations.map((i) => i.id),
          )
          .where("audit_events.event", "in", ["VIEW", "DECLINE", "WITHDRAW"])
          .select([
            "audit_events.id",
            "audit_events.entity_id",
            "audit_events.event",
            "audit_events.data",
            "audit_events.created_at",
            "users.name as actorName",
          ])
          .execute();

  const written = writtenTimes([...events, ...invitationEvents]);
  const timed = <T extends { id: string; created_at: Date }>(raw: T) => ({
    ...raw,
    created_at: written.get(raw.id) ?? raw.created_at,
  });
  const out: TimelineEntry[] = events
    .map((raw) => {
      const e = timed(raw);
      const who = actorOf(e.actorName, e.data);
      const data = e.data ?? {};
      const key = `rfq:${e.id}`;
      switch (e.event) {
        case "PUBLISH": {
          // Who the RFQ went to when it was published; later invitations have their own entries.
          const invited = invitations
            .filter((i) => i.created_at.getTime() <= e.created_at.getTime())
            .map((i) => supplierOf.get(i.id) as string)
            .sort((a, b) => a.localeCompare(b));
          const text =
            invited.length === 0
              ? msgWith("{{who}} published the RFQ", { who })
              : invited.length === 1
                ? msgWith("{{who}} published the RFQ, inviting {{supplier}}", { who, supplier: invited[0] })
                : msgWith("{{who}} published the RFQ, inviting {{first}} and {{last}}", { who, ...listed(invited) });
          return entry(key, e.created_at, text);
        }
        case "INVITED_BY_EMAIL": {
          const emails = Array.isArray(data.emails) ? data.emails.filter((x) => typeof x === "string") : [];
          const text =
            emails.length === 0
              ? msgWith("{{who}} invited a supplier by email", { who })
              : emails.length === 1
                ? msgWith("{{who}} invited {{email}} by email", { who, email: emails[0] })
                : msgWith("{{who}} invited {{first}} and {{last}} by email", { who, ...listed(emails) });
          return entry(key, e.created_at, text);
        }
        case "REGISTRATION_LINK_SENT":
          return entry(
            key,
            e.created_at,
            typeof data.email === "string"
              ? msgWith("Quotient mailed a link to register and quote to {{email}}", { email: data.email })
              : msg("Quotient mailed a link to register and quote to a supplier"),
          );
        case "INVITED_EXISTING_SUPPLIER":
          return entry(
            key,
            e.created_at,
            typeof data.email === "string"
              ? msgWith("Quotient invited {{email}}, already registered, to quote", { email: data.email })
              : msg("Quotient invited a supplier, already registered, to quote"),
          );
        case "QUESTION_ASKED":
        case "ANSWER_PUBLISHED":
          // Told from the questions themselves, with who asked.
          return null;
        case "ATTACHMENT_ADDED":
          return entry(
            key,
            e.created_at,
            typeof data.filename === "string"
              ? msgWith("{{who}} attached {{file}}", { who, file: data.filename })
              : msgWith("{{who}} attached a file", { who }),
          );
        case "CANCEL": {
          const reason = reasonOf(data.reason);
          return entry(
            key,
            e.created_at,
            reason
              ? msgWith("{{who}} cancelled the RFQ: “{{reason}}”", { who, reason })
              : msgWith("{{who}} cancelled the RFQ", { who }),
          );
        }
        case "EXTEND_DEADLINE":
          return entry(key, e.created_at, msgWith("{{who}} extended the deadline", { who }));
        case "QUOTES_COMPARED":
          return entry(key, e.created_at, msgWith("{{who}} unsealed the quotes to compare them", { who }));
        default:
          return entry(key, e.created_at, describeEvent({ ...e, entityType: "rfq" }));
      }
    })
    .filter((e): e is TimelineEntry => e !== null);

  for (const raw of invitationEvents) {
    const e = timed(raw);
    const supplier = supplierOf.get(e.entity_id ?? "") ?? "";
    const reason = reasonOf(e.data?.reason);
    const values = { person: e.actorName ?? "", supplier, reason: reason ?? "" };
    // "Nora Lindqvist of Northwind Components", or the organisation alone when no person is known.
    const sentence = e.actorName
      ? e.event === "VIEW"
        ? msg("{{person}} of {{supplier}} opened the invitation")
        : e.event !== "DECLINE"
          ? msg("{{person}} of {{supplier}} withdrew the quote")
          : reason
            ? msg("{{person}} of {{supplier}} declined to quote: “{{reason}}”")
            : msg("{{person}} of {{supplier}} declined to quote")
      : e.event === "VIEW"
        ? msg("{{supplier}} opened the invitation")
        : e.event !== "DECLINE"
          ? msg("{{supplier}} withdrew the quote")
          : reason
            ? msg("{{supplier}} declined to quote: “{{reason}}”")
            : msg("{{supplier}} declined to quote");
    const text = msgWith(sentence, values);
    out.push(entry(`invitation:${e.id}`, e.created_at, text));
  }
  for (const r of revisions) {
    out.push(
      entry(
        `revision:${r.id}`,
        r.received_at,
        r.revision === 1
          ? msgWith("{{person}} of {{supplier}} submitted a quote", { person: r.submittedBy, supplier: r.supplierName })
          : msgWith("{{person}} of {{supplier}} revised the quote (revision {{revision}})", {
              person: r.submittedBy,
              supplier: r.supplierName,
              revision: r.revision,
            }),
      ),
    );
  }
  for (const q of questions) {
    out.push(
      entry(
        `question:${q.id}`,
        q.created_at,
        msgWith("{{person}} of {{supplier}} asked a question", { person: q.askedBy, supplier: q.supplierName }),
      ),
    );
    if (q.answered_at) {
      out.push(
        entry(
          `answer:${q.id}`,
          q.answered_at,
          q.answeredBy
            ? msgWith("{{person}} answered {{supplier}}'s question", { person: q.answeredBy, supplier: q.supplierName })
            : msgWith("The buyer answered {{supplier}}'s question", { supplier: q.supplierName }),
        ),
      );
    }
  }
  return out;
}

async function supplierTimeline({ db, actor, now }: Ctx, rfq: RfqRow): Promise<TimelineEntry[]> {
  const buyer = (
    await db.selectFrom("organisations").where("id", "=", rfq.org_id).select("name").executeTakeFirstOrThrow()
  ).name;
  const invitation = await db
    .selectFrom("rfq_invitations")
    .where("rfq_id", "=", rfq.id)
    .where("supplier_org_id", "=", actor.orgId)
    .select(["id", "created_at"])
    .executeTakeFirstOrThrow();
  const quote = await db
    .selectFrom("quotes")
    .where("rfq_id", "=", rfq.id)
    .where("supplier_org_id", "=", actor.orgId)
    .select("id")
    .executeTakeFirst();
  const [ownEvents, revisions, questions, told] = await Promise.all([
    db
      .selectFrom("audit_events")
      .leftJoin("users", "users.id", "audit_events.actor_id")
      .where((eb) =>
        eb.or([
          eb.and([eb("audit_events.entity_type", "=", "invitation"), eb("audit_events.entity_id", "=", invitation.id)]),
          ...(quote
            ? [eb.and([eb("audit_events.entity_type", "=", "quote"), eb("audit_events.entity_id", "=", quote.id)])]
            : []),
        ]),
      )
      .where("audit_events.event", "in", ["VIEW", "DECLINE", "WITHDRAW", "AWARD", "AWARD_PARTIALLY", "NOT_AWARD"])
      .select([
        "audit_events.id",
        "audit_events.entity_type",
        "audit_events.event",
        "audit_events.data",
        "audit_events.created_at",
        "users.name as actorName",
      ])
      .execute(),
    quote
      ? db
          .selectFrom("quote_revisions")
          .innerJoin("users", "users.id", "quote_revisions.submitted_by")
          .where("quote_revisions.quote_id", "=", quote.id)
          .select(["quote_revisions.id", "quote_revisions.revision", "quote_revisions.received_at", "users.name"])
          .execute()
      : Promise.resolve([]),
    questionsOf(db, rfq.id, actor.orgId),
    // What the buyer told every invited supplier alike.
    db
      .selectFrom("audit_events")
      .where("entity_type", "=", "rfq")
      .where("entity_id", "=", rfq.id)
      .where("event", "in", ["EXTEND_DEADLINE", "CANCEL"])
      .select(["id", "event", "data", "created_at"])
      .execute(),
  ]);

  const written = writtenTimes([...ownEvents, ...told]);
  // Invited when the RFQ went out, or when added to it later.
  const invitedAt =
    rfq.published_at && rfq.published_at.getTime() > invitation.created_at.getTime()
      ? rfq.published_at
      : invitation.created_at;
  const out: TimelineEntry[] = [
    entry("invited", invitedAt, msgWith("{{buyer}} invited your company to quote", { buyer })),
  ];
  for (const raw of ownEvents) {
    // A quote's award carries no instant of its own: it is the RFQ's award.
    const award = raw.entity_type === "quote" && rfq.awarded_at ? rfq.awarded_at : null;
    const e = { ...raw, created_at: award ?? written.get(raw.id) ?? raw.created_at };
    const who = actorOf(e.actorName, e.data);
    const key = `${e.entity_type}:${e.id}`;
    const reason = reasonOf(e.data?.reason);
    if (e.event === "VIEW") out.push(entry(key, e.created_at, msgWith("{{who}} opened the invitation", { who })));
    if (e.event === "DECLINE") {
      const text = reason
        ? msgWith("{{who}} declined to quote: “{{reason}}”", { who, reason })
        : msgWith("{{who}} declined to quote", { who });
      out.push(entry(key, e.created_at, text));
    }
    if (e.event === "WITHDRAW" && e.entity_type === "invitation")
      out.push(entry(key, e.created_at, msgWith("{{who}} withdrew your quote", { who })));
    if (e.event === "AWARD") out.push(entry(key, e.created_at, msgWith("{{buyer}} awarded your quote", { buyer })));
    if (e.event === "AWARD_PARTIALLY")
      out.push(entry(key, e.created_at, msgWith("{{buyer}} awarded you part of the RFQ", { buyer })));
    if (e.event === "NOT_AWARD")
      out.push(entry(key, e.created_at, msgWith("{{buyer}} did not award your quote", { buyer })));
  }
  for (const r of revisions) {
    out.push(
      entry(
        `revision:${r.id}`,
        r.received_at,
        r.revision === 1
          ? msgWith("{{person}} submitted your quote", { person: r.name })
          : msgWith("{{person}} revised your quote (revision {{revision}})", { person: r.name, revision: r.revision }),
      ),
    );
  }
  for (const q of questions) {
    out.push(entry(`question:${q.id}`, q.created_at, msgWith("{{person}} asked a question", { person: q.askedBy })));
    if (q.answered_at)
      out.push(entry(`answer:${q.id}`, q.answered_at, msgWith("{{buyer}} answered your question", { buyer })));
  }
  const cancel = told.find((e) => e.event === "CANCEL");
  const cancelled = cancel ? { created_at: written.get(cancel.id) ?? cancel.created_at } : null;
  for (const raw of told) {
    const e = { ...raw, created_at: written.get(raw.id) ?? raw.created_at };
    const reason = reasonOf(e.data?.reason);
    const text =
      e.event !== "CANCEL"
        ? msgWith("{{buyer}} extended the deadline", { buyer })
        : reason
          ? msgWith("{{buyer}} cancelled the RFQ: “{{reason}}”", { buyer, reason })
          : msgWith("{{buyer}} cancelled the RFQ", { buyer });
    out.push(entry(`rfq:${e.id}`, e.created_at, text));
  }
  // The deadline is the supplier's to know; when the RFQ actually closed may follow another bidder's visit.
  const deadline = new Date(rfq.deadline);
  if (deadline.getTime() <= now.getTime() && (!cancelled || cancelled.created_at.getTime() > deadline.getTime())) {
    out.push(entry("deadline", deadline, msg("The deadline passed: quotes can no longer be submitted or revised")));
  }
  return out;
}

/** An RFQ's questions with who asked and answered; only one supplier's when `supplierOrgId` is given. */
function questionsOf(db: Ctx["db"], rfqId: string, supplierOrgId: string | null) {
  let query = db
    .selectFrom("rfq_questions")
    .innerJoin("organisations", "organisations.id", "rfq_questions.supplier_org_id")
    .innerJoin("users as asker", "asker.id", "rfq_questions.asked_by")
    .leftJoin("users as answerer", "answerer.id", "rfq_questions.answered_by")
    .where("rfq_questions.rfq_id", "=", rfqId)
    .select([
      "rfq_questions.id",
      "rfq_questions.created_at",
      "rfq_questions.answered_at",
      "organisations.name as supplierName",
      "asker.name as askedBy",
      "answerer.name as answeredBy",
    ]);
  if (supplierOrgId) query = query.where("rfq_questions.supplier_org_id", "=", supplierOrgId);
  return query.execute();
}
