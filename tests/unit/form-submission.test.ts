/**
 * The one parse both sides of a form run (app/utils/submission.ts) and the
 * action's replies (submission.server.ts): the same message for the same
 * input in the browser and on the server, blanks reaching the schema as
 * typed, hostile names dropped, NUL refused, domain errors placed by the
 * input's name.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { poFormSchema } from "../../app/models/ordering/purchase-order.schema";
import { invoiceFormSchema } from "../../app/models/fulfilment/invoice.schema";
import { rfqFormSchema } from "../../app/models/sourcing/rfq.schema";
import { FormError } from "../../app/utils/errors";
import { parseSubmission } from "../../app/utils/submission";
import { inputName, readSubmission, replyWithError, type FormReply } from "../../app/utils/submission.server";
import { TransitionRefusedError } from "../../workflows/errors";

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

/** The errors of a parse, or none when it passed. */
const errorsOf = (result: { status?: string }) =>
  ("error" in result ? (result.error as Record<string, string[] | null> | undefined) : undefined) ?? {};

const SUPPLIER = "7c1d6a7e-2a1b-4b8e-9b1a-1a2b3c4d5e6f";
const goodPo: [string, string][] = [
  ["supplierOrgId", SUPPLIER],
  ["currency", "EUR"],
  ["deliveryAddress", "1 Quay Street, Bristol"],
  ["lines[0].itemName", "Torque wrench"],
  ["lines[0].quantity", "2"],
  ["lines[0].unit", "pcs"],
  ["lines[0].unitPrice", "180"],
  ["lines[0].taxRate", "20"],
];

describe("parseSubmission", () => {
  it("gives the schema's own message for a blank field, not zod's generic one", () => {
    const result = parseSubmission(form([["issuedOn", ""]]), invoiceFormSchema);
    expect(errorsOf(result).issuedOn).toEqual(["Enter the invoice date."]);
    expect(errorsOf(result).invoiceNumber).toEqual(["Enter your invoice number."]);
  });

  it("keys errors by the input's name and makes one ticked checkbox a list", () => {
    const result = parseSubmission(
      form([
        ["title", "Ab"],
        ["lines[0].itemName", "Bolt"],
        ["lines[0].quantity", "ten"],
        ["lines[0].unit", "pcs"],
        ["supplierIds", "not-a-uuid"],
      ]),
      rfqFormSchema,
    );
    expect(errorsOf(result)).toMatchObject({
      title: ["The title needs at least 3 characters."],
      "lines[0].quantity": ["The quantity must be a number, like 12 or 12.5."],
      "supplierIds[0]": ["Choose suppliers from the list."],
    });
  });

  it("passes a good form with the schema's output", () => {
    const result = parseSubmission(form(goodPo), poFormSchema);
    expect(result.status).toBe("success");
    if (result.status !== "success") return;
    expect(result.value.lines).toEqual([
      { itemName: "Torque wrench", specification: "", quantity: "2", unit: "pcs", unitPrice: "180", taxRate: "20" },
    ]);
  });
});

describe("readSubmission", () => {
  it("drops names that are no field path (conform would throw on them) and reads the rest", () => {
    const data = new FormData();
    for (const name of ["9W'2u-\">", "a..b", "x]", "title"]) data.append(name, "Valid title");
    const parsed = readSubmission(data, z.object({ title: z.string() }));
    expect(parsed.ok && parsed.value).toEqual({ title: "Valid title" });
  });

  it("answers a bad post with 400, the errors by name and what was typed", async () => {
    const read = readSubmission(form([...goodPo.slice(1), ["lines[0].quantity", "two"]]), poFormSchema);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.response.status).toBe(400);
    const reply = (await read.response.json()) as FormReply;
    expect(reply.status).toBe("error");
    expect(reply.error?.supplierOrgId).toEqual(["Choose a supplier."]);
    expect(reply.initialValue).toMatchObject({ deliveryAddress: "1 Quay Street, Bristol" });
  });

  it("refuses NUL in any field before the database sees it", async () => {
    const read = readSubmission(
      form([...goodPo.slice(0, 2), ["deliveryAddress", "1 Quay\u0000 Street"], ...goodPo.slice(3)]),
      poFormSchema,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const reply = (await read.response.json()) as FormReply;
    expect(reply.error?.deliveryAddress).toEqual(["Remove the control character (NUL) from this field."]);
  });

  it("drops reserved, polluting and absurd names instead of failing or obeying them", () => {
    const read = readSubmission(
      form([
        ...goodPo,
        ["__intent__", "{not json"],
        ["__state__", "{not json"],
        ["__proto__.polluted", "yes"],
        ["constructor.prototype.polluted", "yes"],
        ["lines[99999999].itemName", "far away"],
      ]),
      poFormSchema,
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.lines).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers 'add line' without JavaScript with the list grown, nothing saved and no error shown", async () => {
    const read = readSubmission(
      form([...goodPo, ["__intent__", JSON.stringify({ type: "insert", payload: { name: "lines" } })]]),
      poFormSchema,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.response.status).toBe(200);
    const reply = (await read.response.json()) as FormReply;
    expect(reply.status).toBeUndefined();
    expect((reply.initialValue as { lines: unknown[] }).lines).toHaveLength(2);
  });

  it("never sends a password back", async () => {
    const read = readSubmission(
      form([
        ["deliveryAddress", "x"],
        ["password", "hunter2hunter2"],
      ]),
      poFormSchema,
      {
        hideFields: ["password"],
      },
    );
    if (read.ok) throw new Error("expected a refusal");
    expect(JSON.stringify(await read.response.json())).not.toContain("hunter2");
  });
});

describe("replyWithError", () => {
  const submission = () => {
    const read = readSubmission(form(goodPo), poFormSchema);
    if (!read.ok) throw new Error("expected a good post");
    return read.submission;
  };

  it("puts a domain field error next to the input it names", async () => {
    const response = replyWithError(
      submission(),
      new FormError({ "lines.0.quantity": "Too many.", supplierOrgId: "Not active." }),
    );
    expect(response.status).toBe(400);
    const reply = (await response.json()) as FormReply;
    expect(reply.error).toMatchObject({ "lines[0].quantity": ["Too many."], supplierOrgId: ["Not active."] });
    expect(reply.initialValue).toMatchObject({ lines: [{ itemName: "Torque wrench" }] });
  });

  it("puts a workflow refusal at the top of the form with its status", async () => {
    const response = replyWithError(submission(), new TransitionRefusedError("Only a draft can be edited."));
    expect(response.status).toBe(409);
    expect(((await response.json()) as FormReply).error?.[""]).toEqual(["Only a draft can be edited."]);
  });

  it("rethrows what it does not know", () => {
    expect(() => replyWithError(submission(), new Error("boom"))).toThrow("boom");
  });

  it("names nested rows the way inputs do", () => {
    expect(inputName("lines.12.unitPrice")).toBe("lines[12].unitPrice");
    expect(inputName("title")).toBe("title");
  });
});
