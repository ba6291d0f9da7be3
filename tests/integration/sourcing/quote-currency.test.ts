/**
 * The quote's currency: chosen by the supplier (ISO 4217, the RFQ's by
 * default), stored on the quote and each revision, used to round totals,
 * and refused next to the field when it is not a code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { quoteFormSchema } from "../../../app/models/sourcing/quote.schema";
import { diffQuoteRevisions, getOwnRevisionHistory } from "../../../app/models/sourcing/quote-history.server";
import { submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { fieldErrors } from "../../../app/utils/form";
import {
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  seededDemo,
  type Demo,
  actingAs,
} from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("quote_currency");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
});

afterAll(async () => {
  await t?.destroy();
});

const form = (currency: string) => ({
  currency,
  leadTimeDays: "10",
  lines: [{ rfqLineId: "6f1c1d4e-2b1a-4c3d-9e8f-0a1b2c3d4e5f", unitPrice: "1.00" }],
});

describe("the currency field", () => {
  it("takes a code in any case, and blank means the RFQ's", () => {
    expect(quoteFormSchema.parse(form("usd")).currency).toBe("USD");
    expect(quoteFormSchema.parse(form(" ")).currency).toBeUndefined();
  });

  it.each([
    ["US", "Enter the currency as a three-letter ISO 4217 code, like EUR."],
    ["US$", "Enter the currency as a three-letter ISO 4217 code, like EUR."],
    ["XQZ", "That is not an ISO 4217 currency code."],
  ])("puts %s's problem next to the field", (currency, message) => {
    const result = quoteFormSchema.safeParse(form(currency));
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({ currency: message });
  });
});

describe("submitting in a currency", () => {
  it("stores the RFQ's currency when none is chosen, and the chosen one with rounding to its minor unit", async () => {
    const rfqId = await publishedRfq(
      demo,
      {
        title: "Washers in yen",
        deadlineAt: new Date(now.getTime() + HOUR),
        supplierIds: [demo.orgId(NORTHWIND)],
        lines: [{ itemName: "Washer M6", specification: "", quantity: "3", unit: "pcs" }],
      },
      now,
    );
    const northwind = demo.actor(NORTHWIND_SALES);
    await submitQuote(actingAs(t.db, northwind, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["0.5"])) });
    await submitQuote(actingAs(t.db, northwind, new Date(now.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["83.5"])),
      currency: "JPY",
    });

    const quote = await t.db
      .selectFrom("quotes")
      .where("rfq_id", "=", rfqId)
      .select(["id", "currency"])
      .executeTakeFirstOrThrow();
    expect(quote.currency).toBe("JPY");
    const revisions = await t.db
      .selectFrom("quote_revisions")
      .where("quote_id", "=", quote.id)
      .select(["revision", "currency", "subtotal"])
      .orderBy("revision")
      .execute();
    // 3 × 0.5 EUR = 1.50; 3 × 83.5 JPY = 250.5, rounded half-up to whole yen.
    expect(revisions.map((r) => [r.revision, r.currency, Number(r.subtotal).toFixed(2)])).toEqual([
      [1, "EUR", "1.50"],
      [2, "JPY", "251.00"],
    ]);
    const lines = await t.db
      .selectFrom("quote_lines")
      .innerJoin("quote_revisions", "quote_revisions.id", "quote_lines.revision_id")
      .where("quote_revisions.quote_id", "=", quote.id)
      .where("quote_revisions.revision", "=", 2)
      .select("quote_lines.line_total")
      .executeTakeFirstOrThrow();
    expect(lines.line_total).toMatch(/^251(\.0+)?$/);

    const history = await getOwnRevisionHistory(actingAs(t.db, northwind), { rfqId });
    expect(history.revisions.map((r) => r.currency)).toEqual(["JPY", "EUR"]);
    const changes = diffQuoteRevisions(history.revisions[1], history.revisions[0]);
    expect(changes).toContainEqual({ what: "Currency", from: "EUR", to: "JPY" });
  });
});
