/**
 * Builders shared by the purchasing tests: a draft PO of Acme's awarded to
 * Northwind, and the steps that take it to acknowledged and received, all
 * through the domain functions the pages call.
 */
import { expect } from "vitest";

import { awardRfq } from "./award";
import { acknowledgePo } from "../../app/models/ordering/supplier-answers.server";
import { approvePo, submitPo } from "../../app/models/ordering/approval.server";
import { submitQuote } from "../../app/models/sourcing/quote-submission.server";
import { recordReceipt } from "../../app/models/fulfilment/receipt.server";
import { closeDueRfqs } from "../../app/models/sourcing/rfq-schedule.server";
import type { RfqFormInput } from "../../app/models/sourcing/rfq.schema";
import type { Db } from "../../db/client.server";
import { BUYER, FINANCE, NORTHWIND, NORTHWIND_SALES, publishedRfq, quoteInput, type Demo } from "./demo";

const MINUTE = 60_000;
let counter = 0;

export const poRow = (db: Db, id: string) =>
  db.selectFrom("purchase_orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
export const poVersion = async (db: Db, id: string) => (await poRow(db, id)).version;
export const poLineIds = async (db: Db, id: string) =>
  (await db.selectFrom("purchase_order_lines").where("po_id", "=", id).select("id").orderBy("position").execute()).map(
    (l) => l.id,
  );

export const ONE_LINE = (quantity: string): RfqFormInput["lines"] => [
  { itemName: "Hex nut M8", specification: "ISO 4032", quantity, unit: "pcs" },
];

/** A draft PO of Acme's, awarded to Northwind at the given prices. */
export async function draftPo(demo: Demo, lines: RfqFormInput["lines"], prices: string[]): Promise<string> {
  const db = demo.db;
  counter += 1;
  const createdAt = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + counter * 10 * MINUTE);
  const deadline = new Date(createdAt.getTime() + 60 * MINUTE);
  const rfqId = await publishedRfq(
    demo,
    { title: `Purchasing test ${counter}`, lines, deadlineAt: deadline, supplierIds: [demo.orgId(NORTHWIND)] },
    createdAt,
  );
  await submitQuote(demo.as(NORTHWIND_SALES, new Date(createdAt.getTime() + MINUTE)), {
    rfqId,
    ...(await quoteInput(db, rfqId, prices)),
  });
  await closeDueRfqs(db, new Date(deadline.getTime() + 1_000));
  const rfq = await db.selectFrom("rfqs").where("id", "=", rfqId).select("version").executeTakeFirstOrThrow();
  const { poId } = await awardRfq(demo.as(BUYER, new Date(deadline.getTime() + 2_000)), {
    rfqId,
    supplierOrgId: demo.orgId(NORTHWIND),
    version: rfq.version,
  });
  return poId;
}

/** Submitted by the buyer; with `approveBy` approved (and so issued) too. */
export async function submitted(demo: Demo, poId: string, approveBy: string[] = []) {
  await submitPo(demo.as(BUYER, new Date()), { id: poId, version: await poVersion(demo.db, poId) });
  for (const email of approveBy)
    await approvePo(demo.as(email, new Date()), { id: poId, version: await poVersion(demo.db, poId) });
}

export async function acknowledged(demo: Demo, poId: string) {
  await submitted(demo, poId, [FINANCE]);
  await acknowledgePo(demo.as(NORTHWIND_SALES, new Date()), {
    id: poId,
    version: await poVersion(demo.db, poId),
    promisedDate: null,
  });
  expect((await poRow(demo.db, poId)).status).toBe("acknowledged");
}

let deliveryNotes = 0;

/** Books a delivery of the given quantities per line, each under a delivery note of its own unless one is given. */
export async function receive(demo: Demo, poId: string, quantities: string[], deliveryNote?: string) {
  const ids = await poLineIds(demo.db, poId);
  deliveryNotes += 1;
  return recordReceipt(demo.as(BUYER), {
    poId,
    version: await poVersion(demo.db, poId),
    receivedOn: "2026-11-20",
    deliveryNote: deliveryNote ?? `DN-${deliveryNotes}`,
    note: "",
    lines: quantities.map((quantity, i) => ({ poLineId: ids[i], quantity })),
  });
}
