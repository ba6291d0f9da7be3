/**
 * The buyer's side of an RFQ's life before the quotes: the full form stored
 * as typed, a draft edited through UPDATE_DRAFT, the deadline extended while
 * open (and refused once it has passed), and cancelling with a reason. Every
 * change is checked in the database, the audit log and the outbox; every
 * "now" is passed in, nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rfqEditSchema, rfqFormSchema } from "../../../app/models/sourcing/rfq.schema";
import { cancelRfq, extendRfqDeadline } from "../../../app/models/sourcing/rfq-lifecycle.server";
import { createRfq, getDraftForm, updateDraftRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { getRfqPage } from "../../../app/models/sourcing/rfq-queries.server";
import { formDataToObject } from "../../../app/utils/form";
import { instantToZonedLocal } from "../../../app/utils/time";
import { StaleVersionError, TransitionRefusedError } from "../../../workflows/errors";
import {
  NORTHWIND_ACCOUNTS,
  auditOf,
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  responseOf,
  rfqInput,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("rfq_draft_deadline");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

afterAll(async () => {
  await t?.destroy();
});

const outboxFor = (subjectPart: string) =>
  t.db
    .selectFrom("email_outbox")
    .where("subject", "like", `%${subjectPart}%`)
    .select(["to_address", "subject", "text_body"])
    .orderBy("to_address")
    .execute();

describe("the RFQ form", () => {
  it("stores every field, including category, terms, incoterm, wanted-by date and target prices", async () => {
    const form = new FormData();
    const fields: Record<string, string> = {
      title: "Stainless hinges",
      description: "For the new cabinet line",
      category: "Hardware",
      currency: "EUR",
      deadline: instantToZonedLocal(new Date(now.getTime() + 48 * HOUR), "Europe/Berlin"),
      deadlineTimeZone: "Europe/Berlin",
      deliveryAddress: "Gate 3",
      wantedBy: "2027-03-15",
      paymentTerms: "Net 45",
      incoterm: "DAP",
      "lines[0].itemName": "Hinge 40 mm",
      "lines[0].specification": "A2 stainless",
      "lines[0].quantity": "800",
      "lines[0].unit": "pcs",
      "lines[0].targetPrice": "1.25",
      "lines[1].itemName": "Hinge 60 mm",
      "lines[1].quantity": "200",
      "lines[1].unit": "pcs",
      "lines[1].targetPrice": "",
      intent: "save",
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const input = rfqFormSchema.parse(formDataToObject(form));
    const { id, status } = await createRfq(demo.as(BUYER, now), input);
    expect(status).toBe("draft");

    const rfq = await t.db.selectFrom("rfqs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(rfq).toMatchObject({
      category: "Hardware",
      wanted_by: "2027-03-15",
      payment_terms: "Net 45",
      incoterm: "DAP",
    });
    const lines = await t.db
      .selectFrom("rfq_lines")
      .where("rfq_id", "=", id)
      .select(["item_name", "target_price"])
      .orderBy("position")
      .execute();
    expect(lines.map((l) => [l.item_name, l.target_price === null ? null : Number(l.target_price)])).toEqual([
      ["Hinge 40 mm", 1.25],
      ["Hinge 60 mm", null],
    ]);
  });

  it.each([
    ["wantedBy", "2027-02-30", "That date does not exist."],
    ["incoterm", "XYZ", "Choose an Incoterm from the list."],
    ["paymentTerms", "Whenever", "Choose payment terms from the list."],
    ["lines.0.targetPrice", "-3", "The target price must be more than zero."],
    ["lines.0.targetPrice", "cheap", "The target price must be a number, like 12 or 12.5."],
  ])("refuses %s = %j with a message for that field", (field, value, message) => {
    const base = rfqInput({ deadlineAt: new Date(now.getTime() + HOUR) });
    const raw: Record<string, unknown> = { ...base, lines: base.lines.map((l) => ({ ...l })) };
    if (field.startsWith("lines.0.")) (raw.lines as Record<string, unknown>[])[0].targetPrice = value;
    else raw[field] = value;
    const result = rfqFormSchema.safeParse(raw);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join(".") === field);
    expect(issue?.message).toBe(message);
  });
});

describe("editing a draft", () => {
  let id: string;

  beforeAll(async () => {
    id = (
      await createRfq(
        demo.as(BUYER, now),
        rfqInput({ title: "Draft to edit", deadlineAt: new Date(now.getTime() + 24 * HOUR), intent: "save" }),
      )
    ).id;
  });

  it("prefills the form with what was saved", async () => {
    const { values } = await getDraftForm(demo.as(BUYER), { id });
    expect(values.title).toBe("Draft to edit");
    expect(values.lines).toEqual([
      { itemName: "Hex nut M8", specification: "ISO 4032, 8", quantity: "100", unit: "pcs", targetPrice: "" },
    ]);
    expect(values.version).toBe("1");
    // Round trip: what the form shows parses back into the same draft.
    expect(rfqEditSchema.safeParse({ ...values, intent: "save" }).success).toBe(true);
  });

  it("replaces header, lines and invitations through UPDATE_DRAFT and logs it", async () => {
    const edit = {
      ...rfqInput({
        title: "Draft, edited",
        deadlineAt: new Date(now.getTime() + 30 * HOUR),
        intent: "save",
        incoterm: "FCA",
        lines: [
          { itemName: "Washer M8", specification: "", quantity: "50", unit: "pcs", targetPrice: "0.04" },
          { itemName: "Washer M10", specification: "", quantity: "70", unit: "pcs" },
        ],
        supplierIds: [demo.orgId(GLOBEX)],
      }),
      version: 1,
    };
    const result = await updateDraftRfq(demo.as(BUYER, now), { id, ...edit });
    expect(result.status).toBe("draft");

    const rfq = await t.db.selectFrom("rfqs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(rfq).toMatchObject({ title: "Draft, edited", incoterm: "FCA", status: "draft", version: 2 });
    const lines = await t.db
      .selectFrom("rfq_lines")
      .where("rfq_id", "=", id)
      .select(["position", "item_name"])
      .orderBy("position")
      .execute();
    expect(lines).toEqual([
      { position: 1, item_name: "Washer M8" },
      { position: 2, item_name: "Washer M10" },
    ]);
    const invited = await t.db
      .selectFrom("rfq_invitations")
      .where("rfq_id", "=", id)
      .select("supplier_org_id")
      .execute();
    expect(invited).toEqual([{ supplier_org_id: demo.orgId(GLOBEX) }]);
    const events = (await auditOf(t.db, id)).map((e) => [e.event, e.from_state, e.to_state]);
    expect(events).toEqual([
      ["CREATE", null, "draft"],
      ["UPDATE_DRAFT", "draft", "draft"],
    ]);
  });

  it("refuses an edit made from a stale page and changes nothing", async () => {
    const stale = { ...rfqInput({ title: "Lost update", deadlineAt: new Date(now.getTime() + HOUR) }), version: 1 };
    await expect(updateDraftRfq(demo.as(BUYER, now), { id, ...stale, intent: "save" })).rejects.toThrow(
      StaleVersionError,
    );
    const rfq = await t.db.selectFrom("rfqs").select(["title", "version"]).where("id", "=", id).executeTakeFirst();
    expect(rfq).toEqual({ title: "Draft, edited", version: 2 });
    expect(await t.db.selectFrom("rfq_lines").where("rfq_id", "=", id).select("id").execute()).toHaveLength(2);
  });

  it("publishes from the edit form, mailing only the suppliers now invited", async () => {
    const edit = {
      ...rfqInput({
        title: "Draft, published",
        deadlineAt: new Date(now.getTime() + 30 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
      }),
      version: 2,
    };
    expect((await updateDraftRfq(demo.as(BUYER, now), { id, ...edit })).status).toBe("open");
    const mails = await outboxFor("Draft, published");
    expect(mails.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, NORTHWIND_SALES]);
  });

  it("refuses to edit an RFQ that is no longer a draft, and leaves it untouched", async () => {
    // Version 4: created 1, edited 2, edited and published 3 and 4.
    const edit = { ...rfqInput({ title: "Too late", deadlineAt: new Date(now.getTime() + 40 * HOUR) }), version: 4 };
    await expect(updateDraftRfq(demo.as(BUYER, now), { id, ...edit, intent: "save" })).rejects.toThrow(
      new TransitionRefusedError("Only a draft RFQ can be edited; this one is open."),
    );
    const rfq = await t.db.selectFrom("rfqs").select(["title", "status"]).where("id", "=", id).executeTakeFirst();
    expect(rfq).toEqual({ title: "Draft, published", status: "open" });
  });

  it("hides a draft from another organisation's buyer (404, no hint it exists)", async () => {
    const draft = await createRfq(
      demo.as(BUYER, now),
      rfqInput({ title: "Acme secret draft", deadlineAt: new Date(now.getTime() + HOUR), intent: "save" }),
    );
    const refused = await responseOf(getDraftForm(demo.as(INITECH_BUYER), { id: draft.id }));
    expect(refused.status).toBe(404);
  });
});

describe("extending the deadline", () => {
  let id: string;
  let deadline: Date;

  beforeAll(async () => {
    deadline = new Date(now.getTime() + 2 * HOUR);
    id = await publishedRfq(
      demo,
      {
        title: "Extendable bolts",
        deadlineAt: deadline,
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      },
      now,
    );
  });

  it("moves the deadline later, tells every invited supplier and logs both deadlines", async () => {
    const later = new Date(deadline.getTime() + 24 * HOUR);
    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    await extendRfqDeadline(demo.as(BUYER, now), {
      id,
      version: rfq.version,
      newDeadline: instantToZonedLocal(later, "Europe/Berlin"),
    });

    const after = await t.db.selectFrom("rfqs").select(["deadline", "status"]).where("id", "=", id).executeTakeFirst();
    expect(after?.status).toBe("open");
    expect(new Date(after!.deadline).toISOString()).toBe(later.toISOString());
    const mails = await outboxFor("Deadline extended: Extendable bolts");
    expect(mails.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    // In the reader's zone, named: the demo's suppliers read UTC.
    expect(mails[0].text_body).toContain(`New deadline: ${later.toISOString().slice(0, 16).replace("T", " ")} UTC;`);
    const event = (await auditOf(t.db, id)).find((e) => e.event === "EXTEND_DEADLINE");
    expect(event?.data).toMatchObject({ deadline: later.toISOString(), previousDeadline: deadline.toISOString() });
    deadline = later;
  });

  it("refuses a new deadline earlier than the current one, next to the field's meaning", async () => {
    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    const earlier = new Date(deadline.getTime() - HOUR);
    await expect(
      extendRfqDeadline(demo.as(BUYER, now), {
        id,
        version: rfq.version,
        newDeadline: instantToZonedLocal(earlier, "Europe/Berlin"),
      }),
    ).rejects.toThrow(/must be later than the current one/);
  });

  it("refuses any extension once the deadline has passed, even if the RFQ has not been closed yet", async () => {
    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    const mailsBefore = (await outboxFor("Deadline extended")).length;
    const oneSecondLate = new Date(deadline.getTime() + 1000);
    await expect(
      extendRfqDeadline(demo.as(BUYER, oneSecondLate), {
        id,
        version: rfq.version,
        newDeadline: instantToZonedLocal(new Date(deadline.getTime() + 48 * HOUR), "Europe/Berlin"),
      }),
    ).rejects.toThrow(/has already passed; the RFQ can no longer be extended/);
    const after = await t.db.selectFrom("rfqs").select(["deadline", "version"]).where("id", "=", id).executeTakeFirst();
    expect(new Date(after!.deadline).toISOString()).toBe(deadline.toISOString());
    expect(after?.version).toBe(rfq.version);
    expect(await outboxFor("Deadline extended")).toHaveLength(mailsBefore);
  });

  it("offers extending on the buyer's page only while the deadline is ahead", async () => {
    const before = await getRfqPage(demo.as(BUYER, now), { id });
    expect(before.possible).toContain("EXTEND_DEADLINE");
    const supplierView = await getRfqPage(demo.as(NORTHWIND_SALES, now), { id });
    expect(supplierView.possible).toEqual([]);
  });
});

describe("cancelling", () => {
  it("tells every invited supplier of a published RFQ why it was cancelled", async () => {
    const id = await publishedRfq(
      demo,
      {
        title: "Cancelled castings",
        deadlineAt: new Date(now.getTime() + 5 * HOUR),
        supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
      },
      now,
    );
    const rfq = await t.db.selectFrom("rfqs").select("version").where("id", "=", id).executeTakeFirstOrThrow();
    await cancelRfq(demo.as(BUYER, now), { id, version: rfq.version, reason: "The project was stopped." });
    const mails = await outboxFor("RFQ cancelled: Cancelled castings");
    expect(mails.map((m) => m.to_address)).toEqual([NORTHWIND_ACCOUNTS, GLOBEX_SALES, NORTHWIND_SALES]);
    expect(mails[0].text_body).toContain("Reason given: The project was stopped.");
    const event = (await auditOf(t.db, id)).find((e) => e.event === "CANCEL");
    expect(event).toMatchObject({ from_state: "open", to_state: "cancelled" });
    const stored = await t.db.selectFrom("rfqs").select("cancel_reason").where("id", "=", id).executeTakeFirst();
    expect(stored?.cancel_reason).toBe("The project was stopped.");
  });

  it("sends nothing for a draft nobody was shown", async () => {
    const draft = await createRfq(
      demo.as(BUYER, now),
      rfqInput({
        title: "Quiet draft",
        deadlineAt: new Date(now.getTime() + HOUR),
        intent: "save",
        supplierIds: [demo.orgId(NORTHWIND)],
      }),
    );
    await cancelRfq(demo.as(BUYER, now), { id: draft.id, version: 1, reason: "Typed by mistake" });
    expect(await outboxFor("Quiet draft")).toEqual([]);
  });

  it("refuses a blank reason and changes nothing", async () => {
    const draft = await createRfq(
      demo.as(BUYER, now),
      rfqInput({ title: "Kept draft", deadlineAt: new Date(now.getTime() + HOUR), intent: "save" }),
    );
    await expect(cancelRfq(demo.as(BUYER, now), { id: draft.id, version: 1, reason: "  " })).rejects.toThrow(
      "Give a reason for cancelling the RFQ.",
    );
    const stored = await t.db.selectFrom("rfqs").select("status").where("id", "=", draft.id).executeTakeFirst();
    expect(stored?.status).toBe("draft");
  });
});
