/**
 * Files on quotes: checked like RFQ files (type by extension confirmed by
 * content, size, SHA-256), waiting on the quote until submitted, then part
 * of that revision. Sealed like the prices: the buyer's organisation opens
 * them only once the RFQ is closed (before that a 403, logged), another
 * supplier never (404, logged).
 */
import { createHash } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addQuoteAttachment,
  getQuoteAttachment,
  listReceivedQuoteFiles,
  removeQuoteAttachment,
} from "../../../app/models/sourcing/quote-files.server";
import { getOwnQuoteForm, submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { getOwnRevisionHistory } from "../../../app/models/sourcing/quote-history.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { FormError } from "../../../app/utils/errors";
import {
  auditOf,
  BUYER,
  FINANCE,
  GLOBEX,
  GLOBEX_SALES,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  publishedRfq,
  quoteInput,
  responseOf,
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
let rfqId: string;
let deadline: Date;

const DATASHEET = new TextEncoder().encode("%PDF-1.4\n% Northwind datasheet M10\n%%EOF\n");
const CERTIFICATE = new TextEncoder().encode("%PDF-1.4\n% ISO 9001 certificate\n%%EOF\n");
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  t = await createTestDb("quote_attachments");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / MINUTE) * MINUTE);
  deadline = new Date(now.getTime() + 2 * HOUR);
  rfqId = await publishedRfq(
    demo,
    {
      title: "Hex bolts M10 with certificates",
      deadlineAt: deadline,
      supplierIds: [demo.orgId(NORTHWIND), demo.orgId(GLOBEX)],
    },
    now,
  );
});

afterAll(async () => {
  await t?.destroy();
});

const refusedReads = async () =>
  (await auditOf(t.db, rfqId)).filter((e) => e.event === "SEALED_READ_REFUSED" && e.data.where === "quote_attachment");

describe("attaching", () => {
  it("refuses a file whose content is not its type, an empty one, and an unknown type, next to the field", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect(
      addQuoteAttachment(actingAs(t.db, northwind, now), { rfqId, file: { name: "sheet.pdf", bytes: png } }),
    ).rejects.toThrow(
      new FormError({ attachment: "The file's content is not PDF; check that it is not damaged or renamed." }),
    );
    await expect(
      addQuoteAttachment(actingAs(t.db, northwind, now), {
        rfqId,
        file: { name: "sheet.pdf", bytes: new Uint8Array() },
      }),
    ).rejects.toThrow("The file is empty.");
    await expect(
      addQuoteAttachment(actingAs(t.db, northwind, now), { rfqId, file: { name: "run.exe", bytes: DATASHEET } }),
    ).rejects.toThrow(/Attach PDF, image or office files/);
    expect((await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId })).pendingFiles).toEqual([]);
  });

  it("keeps a draft's file on the quote, for the supplier only, and a stranger cannot remove it", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const added = await addQuoteAttachment(actingAs(t.db, northwind, now), {
      rfqId,
      file: { name: "datasheet.pdf", bytes: DATASHEET },
    });
    expect(added.sha256).toBe(sha(DATASHEET));
    const form = await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId });
    expect(form.pendingFiles.map((f) => [f.filename, f.sha256])).toEqual([["datasheet.pdf", sha(DATASHEET)]]);
    expect((await getOwnQuoteForm(demo.as(GLOBEX_SALES), { rfqId })).pendingFiles).toEqual([]);

    const own = await getQuoteAttachment(demo.as(NORTHWIND_SALES), {
      rfqId,
      attachmentId: added.id,
    });
    expect(Buffer.from(own.content).equals(Buffer.from(DATASHEET))).toBe(true);

    const globex = demo.actor(GLOBEX_SALES);
    expect(
      (await responseOf(removeQuoteAttachment(actingAs(t.db, globex), { rfqId, attachmentId: added.id }))).status,
    ).toBe(404);
    expect((await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId })).pendingFiles).toHaveLength(1);
  });

  it("removes a file not yet submitted", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    const extra = await addQuoteAttachment(actingAs(t.db, northwind, now), {
      rfqId,
      file: { name: "wrong.pdf", bytes: CERTIFICATE },
    });
    await removeQuoteAttachment(actingAs(t.db, northwind), { rfqId, attachmentId: extra.id });
    expect((await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId })).pendingFiles.map((f) => f.filename)).toEqual([
      "datasheet.pdf",
    ]);
    expect(
      await t.db.selectFrom("attachments").where("id", "=", extra.id).select("id").executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe("submitting", () => {
  it("makes the draft's files part of the revision, and a later file part of the next one", async () => {
    const northwind = demo.actor(NORTHWIND_SALES);
    await submitQuote(actingAs(t.db, northwind, now), { rfqId, ...(await quoteInput(t.db, rfqId, ["0.31"])) });
    expect((await getOwnQuoteForm(actingAs(t.db, northwind), { rfqId })).pendingFiles).toEqual([]);

    await addQuoteAttachment(actingAs(t.db, northwind, now), {
      rfqId,
      file: { name: "iso9001.pdf", bytes: CERTIFICATE },
    });
    await submitQuote(actingAs(t.db, northwind, new Date(now.getTime() + MINUTE)), {
      rfqId,
      ...(await quoteInput(t.db, rfqId, ["0.29"])),
    });

    const history = await getOwnRevisionHistory(actingAs(t.db, northwind), { rfqId });
    expect(history.revisions.map((r) => [r.revision, r.files.map((f) => f.filename)])).toEqual([
      [2, ["iso9001.pdf"]],
      [1, ["datasheet.pdf"]],
    ]);
    const stored = await t.db
      .selectFrom("attachments")
      .innerJoin("quote_revisions", "quote_revisions.id", "attachments.owner_id")
      .where("attachments.owner_type", "=", "quote_revision")
      .select(["attachments.filename", "quote_revisions.revision"])
      .orderBy("quote_revisions.revision")
      .execute();
    expect(stored).toEqual([
      { filename: "datasheet.pdf", revision: 1 },
      { filename: "iso9001.pdf", revision: 2 },
    ]);
  });
});

describe("sealed until the RFQ closes", () => {
  async function northwindFiles() {
    const history = await getOwnRevisionHistory(demo.as(NORTHWIND_SALES), { rfqId });
    return history.revisions.flatMap((r) => r.files);
  }

  it("refuses the buyer and finance with a 403 and logs each attempt", async () => {
    const [file] = await northwindFiles();
    const before = (await refusedReads()).length;
    const buyer = await responseOf(getQuoteAttachment(demo.as(BUYER), { rfqId, attachmentId: file.id }));
    expect(buyer.status).toBe(403);
    expect(buyer.text).toMatch(/sealed until the RFQ closes/);
    expect((await responseOf(getQuoteAttachment(demo.as(FINANCE), { rfqId, attachmentId: file.id }))).status).toBe(403);
    const refused = await refusedReads();
    expect(refused).toHaveLength(before + 2);
    expect(refused[refused.length - 2]).toMatchObject({
      actor_id: demo.actor(BUYER).userId,
      data: { where: "quote_attachment", role: "buyer" },
    });
    // Nor is it listed for the buyer.
    const rfq = await demo.rfq("Hex bolts M10 with certificates");
    expect(await listReceivedQuoteFiles(demo.as(BUYER), { rfq })).toEqual([]);
  });

  it("gives another supplier, and another organisation, a 404 by id, and logs it", async () => {
    const [file] = await northwindFiles();
    const before = (await refusedReads()).length;
    const globex = await responseOf(getQuoteAttachment(demo.as(GLOBEX_SALES), { rfqId, attachmentId: file.id }));
    expect(globex.status).toBe(404);
    expect(globex.text).not.toContain(file.filename);
    expect(
      (await responseOf(getQuoteAttachment(demo.as(INITECH_BUYER), { rfqId, attachmentId: file.id }))).status,
    ).toBe(404);
    expect((await refusedReads()).length).toBe(before + 2);
  });

  it("opens the files to the buyer and finance once closed, never to another supplier", async () => {
    await closeDueRfqs(t.db, new Date(deadline.getTime() + 1000));
    const files = await northwindFiles();
    for (const who of [BUYER, FINANCE]) {
      for (const f of files) {
        const got = await getQuoteAttachment(demo.as(who), { rfqId, attachmentId: f.id });
        expect(got.sha256).toBe(f.sha256);
      }
    }
    const rfq = await demo.rfq("Hex bolts M10 with certificates");
    expect(
      (await listReceivedQuoteFiles(demo.as(BUYER), { rfq })).map((f) => [f.supplierName, f.revision, f.filename]),
    ).toEqual([
      [NORTHWIND, 1, "datasheet.pdf"],
      [NORTHWIND, 2, "iso9001.pdf"],
    ]);
    expect(
      (await responseOf(getQuoteAttachment(demo.as(GLOBEX_SALES), { rfqId, attachmentId: files[0].id }))).status,
    ).toBe(404);
  });

  it("refuses new files after the deadline", async () => {
    await expect(
      addQuoteAttachment(demo.as(GLOBEX_SALES, new Date(deadline.getTime() + 2000)), {
        rfqId,
        file: { name: "late.pdf", bytes: DATASHEET },
      }),
    ).rejects.toThrow("Files can be attached only while the RFQ is open for quotes.");
  });
});
