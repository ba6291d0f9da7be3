/**
 * RFQ files and CSV line import. Files: type by extension confirmed by
 * content, size limit, SHA-256 stored, served only to those who may read
 * the RFQ. CSV: every bad row reported by row and column, and nothing
 * imported unless every row is good, through the same request parsing the
 * form uses.
 */
import { createHash } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addRfqAttachment,
  getRfqAttachment,
  listRfqAttachments,
} from "../../../app/models/sourcing/rfq-attachments.server";
import { ATTACHMENT_MAX_BYTES } from "../../../app/models/shared/attachments.server";
import {
  LINES_CSV_TEMPLATE,
  parseLinesCsv,
  readRfqSubmission,
} from "../../../app/models/sourcing/rfq-lines-csv.server";
import { rfqFormSchema } from "../../../app/models/sourcing/rfq.schema";
import { createRfq } from "../../../app/models/sourcing/rfq-draft.server";
import { FormError } from "../../../app/utils/errors";
import {
  auditOf,
  BUYER,
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
import { english } from "../../support/english";
import { translated } from "../../../app/i18n/config";
import { translatorFor } from "../../../app/i18n/translator";

const HOUR = 3_600_000;

let t: TestDb;
let demo: Demo;
let now: Date;

beforeAll(async () => {
  t = await createTestDb("rfq_attachments_csv");
  demo = await seededDemo(t.db);
  now = new Date(Math.ceil(demo.now.getTime() / 60_000) * 60_000);
});

afterAll(async () => {
  await t?.destroy();
});

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe("CSV line import", () => {
  it("reads the template as two good lines", () => {
    const result = parseLinesCsv(LINES_CSV_TEMPLATE);
    expect(result).toEqual({
      ok: true,
      lines: [
        {
          itemName: "Hex bolt M8x40",
          specification: "ISO 4017 8.8 zinc plated",
          quantity: "500",
          unit: "pcs",
          targetPrice: "0.12",
        },
        { itemName: "Cutting oil", specification: "Water-miscible", quantity: "20", unit: "l", targetPrice: undefined },
      ],
    });
  });

  it("reports every bad row by row and column, and imports none", () => {
    const csv = [
      "item,specification,quantity,unit,target_price",
      "Good bolt,,10,pcs,",
      ",no name,5,pcs,",
      "Nut,,-3,crates,",
      "",
      "Washer,,abc,pcs,free",
      'Quoted, "with, comma",2,pcs,1.5',
    ].join("\n");
    const result = parseLinesCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(english)).toEqual([
      "Row 3, item: Enter the item.",
      "Row 4, quantity: The quantity must be more than zero.",
      "Row 4, unit: Use one of pcs, kg, m, l, box, set, h.",
      "Row 6, quantity: The quantity must be a number, like 12 or 12.5.",
      "Row 6, target_price: The target price must be a number, like 12 or 12.5.",
    ]);
    // Said in the reader's words, the row's own problem too: every sentence through the catalogue.
    const pseudo = translated(translatorFor("en-XA"), result.errors[1]);
    expect(pseudo).not.toContain("Row");
    expect(pseudo).not.toContain("more than zero");
    expect(pseudo).toMatch(/⟦.*4.*⟧/);
  });

  it("refuses unknown and missing columns, and rows with too many values", () => {
    const said = (result: ReturnType<typeof parseLinesCsv>) => (result.ok ? result : result.errors.map(english));
    expect(said(parseLinesCsv("item,colour\nBolt,red\n"))).toEqual([
      "Row 1: unknown column “colour”.",
      "Row 1: missing columns “quantity”, “unit”.",
    ]);
    expect(said(parseLinesCsv("item,quantity,unit\nBolt,1,pcs,extra\n"))).toEqual(["Row 2: 4 values but 3 columns."]);
    expect(parseLinesCsv("")).toEqual({ ok: false, errors: ["The file is empty. Start from the template."] });
  });

  function formRequest(csv: string, title = "From CSV") {
    const form = new FormData();
    const fields = {
      title,
      currency: "EUR",
      deadline: "2030-01-10T12:00",
      deadlineTimeZone: "UTC",
      intent: "save",
      "lines[0].itemName": "Typed line",
      "lines[0].quantity": "1",
      "lines[0].unit": "pcs",
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("linesCsv", new File([csv], "lines.csv", { type: "text/csv" }));
    return new Request("http://localhost/rfqs/new", { method: "POST", body: form });
  }

  it("puts the CSV's lines in place of the typed ones when every row is good", async () => {
    const parsed = await readRfqSubmission(formRequest(LINES_CSV_TEMPLATE), rfqFormSchema);
    if (!parsed.ok) throw new Error(await parsed.response.text());
    expect(parsed.value.lines.map((l) => l.itemName)).toEqual(["Hex bolt M8x40", "Cutting oil"]);
    const { id } = await createRfq(demo.as(BUYER, now), parsed.value);
    const lines = await t.db.selectFrom("rfq_lines").where("rfq_id", "=", id).select("item_name").execute();
    expect(lines).toHaveLength(2);
  });

  it("creates nothing from a file with a bad row, keeps the typed lines and names the rows", async () => {
    const before = await t.db.selectFrom("rfqs").select("id").execute();
    const parsed = await readRfqSubmission(
      formRequest("item,quantity,unit\nBolt,1,pcs\nNut,lots,pcs\n", "Bad CSV"),
      rfqFormSchema,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.response.status).toBe(400);
    const reply = (await parsed.response.json()) as {
      error: Record<string, string[]>;
      initialValue: { title: string; lines: { itemName: string }[] };
    };
    expect(reply.error.linesCsv.map(english)).toEqual([
      "Nothing was imported. Fix these rows and upload again:\nRow 3, quantity: The quantity must be a number, like 12 or 12.5.",
    ]);
    expect(reply.initialValue).toMatchObject({ title: "Bad CSV", lines: [{ itemName: "Typed line" }] });
    expect(await t.db.selectFrom("rfqs").select("id").execute()).toHaveLength(before.length);
  });
});

describe("RFQ files", () => {
  let draftId: string;
  let openId: string;

  beforeAll(async () => {
    draftId = (
      await createRfq(
        demo.as(BUYER, now),
        rfqInput({
          title: "Draft with drawing",
          deadlineAt: new Date(now.getTime() + HOUR),
          intent: "save",
          supplierIds: [demo.orgId(NORTHWIND)],
        }),
      )
    ).id;
    openId = await publishedRfq(
      demo,
      { title: "Open with drawing", deadlineAt: new Date(now.getTime() + HOUR), supplierIds: [demo.orgId(NORTHWIND)] },
      now,
    );
  });

  it("stores a PDF with its SHA-256 and logs it", async () => {
    const { id, sha256 } = await addRfqAttachment(demo.as(BUYER), {
      rfqId: openId,
      file: {
        name: "C:\\drawings\\bracket-rev-B.pdf",
        bytes: PDF,
      },
    });
    expect(sha256).toBe(createHash("sha256").update(PDF).digest("hex"));
    const list = await listRfqAttachments(demo.as(BUYER), { rfqId: openId });
    expect(list).toMatchObject([
      { id, filename: "bracket-rev-B.pdf", content_type: "application/pdf", size_bytes: PDF.byteLength, sha256 },
    ]);
    const event = (await auditOf(t.db, openId)).find((e) => e.event === "ATTACHMENT_ADDED");
    expect(event?.data).toMatchObject({ attachmentId: id, sha256 });
  });

  it("serves it to the buyer and the invited supplier, byte for byte", async () => {
    const [file] = await listRfqAttachments(demo.as(BUYER), { rfqId: openId });
    for (const who of [BUYER, NORTHWIND_SALES]) {
      const got = await getRfqAttachment(demo.as(who), { rfqId: openId, attachmentId: file.id });
      expect(Buffer.from(got.content).equals(Buffer.from(PDF))).toBe(true);
    }
  });

  it("hides it, as if it did not exist, from a supplier not invited, another tenant, and on a draft from suppliers", async () => {
    const [file] = await listRfqAttachments(demo.as(BUYER), { rfqId: openId });
    expect(
      (await responseOf(getRfqAttachment(demo.as(GLOBEX_SALES), { rfqId: openId, attachmentId: file.id }))).status,
    ).toBe(404);
    expect(
      (await responseOf(getRfqAttachment(demo.as(INITECH_BUYER), { rfqId: openId, attachmentId: file.id }))).status,
    ).toBe(404);
    const draftFile = await addRfqAttachment(demo.as(BUYER), {
      rfqId: draftId,
      file: {
        name: "logo.png",
        bytes: PNG,
      },
    });
    expect(
      (await responseOf(getRfqAttachment(demo.as(NORTHWIND_SALES), { rfqId: draftId, attachmentId: draftFile.id })))
        .status,
    ).toBe(404);
    // The right file id under the wrong RFQ is no way around it either.
    expect(
      (await responseOf(getRfqAttachment(demo.as(NORTHWIND_SALES), { rfqId: openId, attachmentId: draftFile.id })))
        .status,
    ).toBe(404);
  });

  it.each([
    ["setup.exe", PDF, "Attach PDF, image or office files"],
    ["renamed.pdf", new TextEncoder().encode("MZ\x90\x00 not a pdf"), "The file's content is not PDF"],
    ["empty.pdf", new Uint8Array(0), "The file is empty."],
    ["huge.pdf", new Uint8Array(ATTACHMENT_MAX_BYTES + 1).fill(0x25), "The file is larger than 10 MB."],
  ])("refuses %s and stores nothing", async (name, bytes, message) => {
    const before = (await listRfqAttachments(demo.as(BUYER), { rfqId: openId })).length;
    const error = await addRfqAttachment(demo.as(BUYER), { rfqId: openId, file: { name, bytes } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormError);
    expect((error as FormError).fieldErrors.attachment).toContain(message);
    expect(await listRfqAttachments(demo.as(BUYER), { rfqId: openId })).toHaveLength(before);
  });

  it("refuses a supplier attaching to the buyer's RFQ", async () => {
    const refused = await responseOf(
      addRfqAttachment(demo.as(NORTHWIND_SALES), {
        rfqId: openId,
        file: {
          name: "x.pdf",
          bytes: PDF,
        },
      }),
    );
    expect(refused.status).toBe(403);
  });
});
