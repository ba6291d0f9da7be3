/**
 * A delivery is booked once. Every goods receipt carries the supplier's
 * delivery note number; the same note again on one PO is refused next to
 * the field unless the buyer confirms a second delivery, while another PO
 * may carry the same note. The form sent again after success (the same
 * quantities under the PO's new version) is refused, and identical receipts
 * posted at once, to the model and over HTTP to the page's action, book
 * exactly one delivery: the others are refused cleanly, never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { receiptFormSchema } from "../../../app/models/fulfilment/receipt.schema";
import { recordReceipt } from "../../../app/models/fulfilment/receipt.server";
import { FormError } from "../../../app/utils/errors";
import { parseSubmission } from "../../../app/utils/submission";
import { StaleVersionError } from "../../../workflows/errors";
import { BUYER, seededDemo, type Demo } from "../../factories/demo";
import { acknowledged, draftPo, poLineIds, poRow, poVersion } from "../../factories/purchasing";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";
import { createTestDb, postgresReachable, type TestDb } from "../../support/test-db";
import { english, englishErrors } from "../../support/english";

const onPostgres = await postgresReachable();
const concurrently = onPostgres ? "at once" : "one after another (pglite: a single connection, so sequential)";

let t: TestDb;
let demo: Demo;

beforeAll(async () => {
  t = await createTestDb("receipt_delivery_notes", { max: 16 });
  demo = await seededDemo(t.db);
});

afterAll(async () => {
  await t?.destroy();
});

/** An acknowledged PO of 1000 hex nuts (2,000 EUR: one approval), so a delivery booked twice stays within the receipt tolerance. */
async function acknowledgedPo(): Promise<string> {
  const poId = await draftPo(
    demo,
    [{ itemName: "Hex nut M8", specification: "ISO 4032", quantity: "1000", unit: "pcs" }],
    ["2.00"],
  );
  await acknowledged(demo, poId);
  return poId;
}

async function book(
  poId: string,
  deliveryNote: string,
  quantity: string,
  options: { confirm?: boolean; version?: number } = {},
) {
  const [lineId] = await poLineIds(t.db, poId);
  return recordReceipt(demo.as(BUYER), {
    poId,
    version: options.version ?? (await poVersion(t.db, poId)),
    deliveryNote,
    confirmSecondDelivery: options.confirm,
    receivedOn: "2026-11-20",
    note: "",
    lines: [{ poLineId: lineId, quantity }],
  });
}

const receiptsOf = (poId: string) =>
  t.db
    .selectFrom("receipts")
    .innerJoin("receipt_lines", "receipt_lines.receipt_id", "receipts.id")
    .where("receipts.po_id", "=", poId)
    .select(["receipts.id", "receipts.delivery_note", "receipt_lines.quantity"])
    .orderBy("receipts.created_at")
    .execute();

const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

async function settle<T>(tasks: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  if (onPostgres) return Promise.allSettled(tasks.map((task) => task()));
  const results: PromiseSettledResult<T>[] = [];
  for (const task of tasks)
    results.push(
      await task().then(
        (value) => ({ status: "fulfilled" as const, value }),
        (reason: unknown) => ({ status: "rejected" as const, reason }),
      ),
    );
  return results;
}

describe("the delivery note of a goods receipt", () => {
  it("is stored on the receipt, trimmed, and returned with what was booked", async () => {
    const poId = await acknowledgedPo();
    const booked = await book(poId, "  DN-100  ", "100");
    expect(booked).toMatchObject({
      deliveryNote: "DN-100",
      receivedOn: "2026-11-20",
      lines: [{ itemName: "Hex nut M8", unit: "pcs", quantity: "100" }],
    });
    expect(await receiptsOf(poId)).toEqual([{ id: booked.receiptId, delivery_note: "DN-100", quantity: "100.000" }]);
  });

  it("refuses the form sent again after success (the PO's new version, the same note): 100 stays 100", async () => {
    const poId = await acknowledgedPo();
    await book(poId, "DN-123", "100");
    const before = await poRow(t.db, poId);
    // What the old form did: the same quantities again, carrying the version the page now shows.
    const refusal = await refusalOf(book(poId, "DN-123", "100", { version: before.version }));
    expect(refusal).toBeInstanceOf(FormError);
    expect(englishErrors((refusal as FormError).fieldErrors)).toEqual({
      deliveryNote:
        "Delivery note DN-123 was already booked on this PO on 2026-11-20: confirm it is a second delivery.",
    });
    expect(await receiptsOf(poId)).toHaveLength(1);
    expect(await poRow(t.db, poId)).toEqual(before);
  });

  it("compares notes without regard to case or surrounding spaces", async () => {
    const poId = await acknowledgedPo();
    await book(poId, "dn-77", "10");
    const refusal = await refusalOf(book(poId, " DN-77 ", "10"));
    expect(englishErrors((refusal as FormError).fieldErrors).deliveryNote).toMatch(
      /^Delivery note dn-77 was already booked/,
    );
    expect(await receiptsOf(poId)).toHaveLength(1);
  });

  it("accepts the same note again when the buyer confirms it is a second delivery", async () => {
    const poId = await acknowledgedPo();
    await book(poId, "DN-200", "100");
    await book(poId, "DN-200", "50", { confirm: true });
    const rows = await receiptsOf(poId);
    expect(rows.map((r) => [r.delivery_note, r.quantity])).toEqual([
      ["DN-200", "100.000"],
      ["DN-200", "50.000"],
    ]);
    expect((await poRow(t.db, poId)).status).toBe("partially_received");
  });

  it("lets another PO carry the same note", async () => {
    const first = await acknowledgedPo();
    const second = await acknowledgedPo();
    await book(first, "DN-300", "100");
    await book(second, "DN-300", "100");
    expect(await receiptsOf(second)).toHaveLength(1);
  });

  it("is required, trimmed and at most 60 characters, in the form's schema", () => {
    const form = (deliveryNote: string | null) => {
      const data = new FormData();
      data.set("version", "3");
      if (deliveryNote !== null) data.set("deliveryNote", deliveryNote);
      data.set("receivedOn", "2026-11-20");
      data.set("lines[0].poLineId", "7a1c0b8e-4a57-4b43-9f55-2f4c2d1f1a10");
      data.set("lines[0].quantity", "1");
      return parseSubmission(data, receiptFormSchema);
    };
    const errorsOf = (deliveryNote: string | null) => {
      const parsed = form(deliveryNote);
      return parsed.status === "error" ? parsed.error : null;
    };
    const ask = ["Enter the delivery note number from the supplier's paperwork."];
    expect(errorsOf(null)).toMatchObject({ deliveryNote: ask });
    expect(errorsOf("   ")).toMatchObject({ deliveryNote: ask });
    expect(errorsOf("x".repeat(61))?.deliveryNote?.map(english)).toEqual([
      "Keep the delivery note number to 60 characters or fewer.",
    ]);
    const ok = form(" DN-1 ");
    expect(ok.status).toBe("success");
    expect(ok.status === "success" && ok.value).toMatchObject({ deliveryNote: "DN-1", confirmSecondDelivery: false });
  });

  it("is held by the database for every new receipt: blank or untrimmed is refused", async () => {
    const poId = await acknowledgedPo();
    const po = await poRow(t.db, poId);
    const insert = (note: string) =>
      t.db
        .insertInto("receipts")
        .values({
          po_id: poId,
          buyer_org_id: po.buyer_org_id,
          received_by: demo.actor(BUYER).userId,
          received_on: "2026-11-20",
          delivery_note: note,
        })
        .execute();
    await expect(insert("")).rejects.toThrow(/receipts_delivery_note_check/);
    await expect(insert(" DN-1")).rejects.toThrow(/receipts_delivery_note_check/);
    await expect(insert("x".repeat(61))).rejects.toThrow(/receipts_delivery_note_check/);
    expect(await receiptsOf(poId)).toHaveLength(0);
  });
});

describe(`identical receipts posted ${concurrently}`, () => {
  it("book one delivery; every other is refused as a repeat or a stale form", async () => {
    const poId = await acknowledgedPo();
    const seen = await poVersion(t.db, poId);
    const results = await settle(Array.from({ length: 8 }, () => () => book(poId, "DN-400", "100", { version: seen })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      const isRepeat = r.reason instanceof FormError && "deliveryNote" in r.reason.fieldErrors;
      expect(isRepeat || r.reason instanceof StaleVersionError, String(r.reason)).toBe(true);
    }
    expect((await receiptsOf(poId)).map((r) => r.quantity)).toEqual(["100.000"]);
    expect((await poRow(t.db, poId)).version).toBe(seen + 1);
  });

  it("book one even when each confirms a second delivery (a double click on a confirmed form)", async () => {
    const poId = await acknowledgedPo();
    await book(poId, "DN-500", "100");
    const seen = await poVersion(t.db, poId);
    const results = await settle(
      Array.from({ length: 6 }, () => () => book(poId, "DN-500", "100", { version: seen, confirm: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected"))
      expect(r.reason).toBeInstanceOf(StaleVersionError);
    expect((await receiptsOf(poId)).map((r) => r.quantity)).toEqual(["100.000", "100.000"]);
  });
});

// Over HTTP, to the page's action in the built server (`npx remix build` first), on real Postgres.
describe.runIf(onPostgres)("the PO page's receipt form posted twice at once", () => {
  let app: AppServer;
  let poId = "";
  let lineId = "";

  beforeAll(async () => {
    app = await createAppServer("receipts", {
      seed: async (seeded) => {
        poId = await draftPo(
          seeded,
          [{ itemName: "Hex nut M8", specification: "ISO 4032", quantity: "1000", unit: "pcs" }],
          ["2.00"],
        );
        await acknowledged(seeded, poId);
        [lineId] = await poLineIds(seeded.db, poId);
      },
    });
    await app.start();
  }, 120_000);

  afterAll(async () => {
    await app?.destroy();
  });

  it("books one receipt; the others get a 400 next to the field or a 409, never a 5xx", async () => {
    const cookie = await signInOverHttp(app.base, BUYER);
    const version = await app.withDb((db) => poVersion(db, poId));
    const form = {
      intent: "receive",
      version: String(version),
      deliveryNote: "DN-600",
      receivedOn: "2026-11-20",
      "lines[0].poLineId": lineId,
      "lines[0].quantity": "100",
    };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => http(app.base, "POST", `/pos/${poId}?index`, { cookie, form })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(
      statuses.filter((s) => s !== 200).every((s) => s === 400 || s === 409),
      statuses.join(","),
    ).toBe(true);
    // Posted as a browser without JavaScript does: the page comes back, with the answer where the form is.
    for (const response of responses) {
      // React marks where text pieces join with empty comments; a reader sees the text without them.
      const page = (await response.text()).replaceAll("<!-- -->", "");
      if (response.status === 200) {
        expect(page).toContain("Just recorded: delivery note DN-600");
        // The form starts empty again: nothing to send twice.
        expect(page).not.toContain('value="DN-600"');
      }
      if (response.status === 400) {
        expect(page).toContain("Delivery note DN-600 was already booked on this PO on 2026-11-20");
        expect(page).toMatch(/aria-invalid="true"[^>]*aria-describedby="deliveryNote-error/);
      }
      if (response.status === 409) expect(page).toContain("changed by someone else");
    }
    const booked = await app.withDb((db) =>
      db
        .selectFrom("receipts")
        .innerJoin("receipt_lines", "receipt_lines.receipt_id", "receipts.id")
        .where("receipts.po_id", "=", poId)
        .select(["receipts.delivery_note", "receipt_lines.quantity"])
        .execute(),
    );
    expect(booked).toEqual([{ delivery_note: "DN-600", quantity: "100.000" }]);
    // The same form once more, with the version the page now shows: refused next to the field.
    const again = await http(app.base, "POST", `/pos/${poId}?index`, {
      cookie,
      form: { ...form, version: String(version + 1) },
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("confirm it is a second delivery");
  });
});
