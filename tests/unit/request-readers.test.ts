/**
 * The one reader of posts and query strings (app/utils/submission.server.ts,
 * app/utils/query.server.ts), on hostile shapes: each becomes a field error
 * or a 400 with a sentence, never an exception a route would turn into a 500.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";

import { rfqFormSchema } from "../../app/models/sourcing/rfq.schema";
import { quoteFormSchema } from "../../app/models/sourcing/quote.schema";
import { readQuery } from "../../app/utils/query.server";
import { MAX_FIELD_CHARS, readForm, readFormBody, readSubmission } from "../../app/utils/submission.server";
import { calendarDateProblem, zonedLocalToInstant } from "../../app/utils/time";

const TWICE = "This field was sent more than once. Enter one value.";

async function thrown(promise: Promise<unknown> | (() => unknown)): Promise<Response> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  return ((await response.json()) as { error: Record<string, string[]> }).error;
}

const post = (body: BodyInit, type: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": type } });

describe("readSubmission: hostile shapes beside their field", () => {
  it("a single-value field sent twice, or as a list or an object, keeps its first value", async () => {
    const data = new FormData();
    data.append("currency", "EUR");
    data.append("currency", "USD");
    data.append("leadTimeDays", "5");
    data.append("notes[0]", "x");
    data.append("freight.amount", "1");
    const parsed = readSubmission(data, quoteFormSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const reply = (await parsed.response.json()) as { error: Record<string, string[]>; initialValue: object };
    expect(reply.error.currency).toEqual([TWICE]);
    expect(reply.error.notes).toEqual([TWICE]);
    expect(reply.error.freight).toEqual([TWICE]);
    // The re-render gets one value, not a list a <select> cannot show.
    expect(reply.initialValue).toMatchObject({ currency: "EUR" });
  });

  it("a field that takes a list may be sent many times", () => {
    const data = new FormData();
    for (const [k, v] of Object.entries({
      title: "Bolts",
      currency: "EUR",
      deadline: "2030-01-15T15:00",
      deadlineTimeZone: "UTC",
      "lines[0].itemName": "Bolt",
      "lines[0].quantity": "1",
      "lines[0].unit": "pcs",
    }))
      data.append(k, v);
    data.append("supplierIds", "00000000-0000-4000-8000-000000000001");
    data.append("supplierIds", "00000000-0000-4000-8000-000000000002");
    const parsed = readSubmission(data, rfqFormSchema);
    expect(parsed.ok && parsed.value.supplierIds).toHaveLength(2);
  });

  it("text longer than any field takes is refused before the schema", async () => {
    const data = new FormData();
    data.append("reason", "x".repeat(MAX_FIELD_CHARS + 1));
    const parsed = readSubmission(data, z.object({ reason: z.string() }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect((await errorsOf(parsed.response)).reason).toEqual(["This text is far too long for this field."]);
  });
});

describe("readFormBody and readForm: the body itself", () => {
  it("reads a file whose name holds ';' or '='", async () => {
    const data = new FormData();
    data.append("attachment", new File(["%PDF"], "a;b=c.pdf"));
    const formData = await readFormBody(new Request("http://localhost/x", { method: "POST", body: data }), {
      maxBytes: 10_000,
    });
    expect((formData?.get("attachment") as File).name).toBe("a;b=c.pdf");
  });

  it("a multipart body without a boundary, with a broken one, or cut off is a 400", async () => {
    for (const request of [
      post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', "multipart/form-data"),
      post("--y\r\nnonsense\r\n", "multipart/form-data; boundary=x"),
      post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', "multipart/form-data; boundary=x"),
      post("a=b", "application/json"),
    ]) {
      const response = await thrown(readForm(request, z.object({ a: z.string() })));
      expect(response.status).toBe(400);
      expect(await response.text()).toBe("This form could not be read. Reload the page and send it again.");
    }
  });

  it("a body over the limit is not read: null for an upload form to say so, 413 for any other", async () => {
    expect(
      await readFormBody(post("a=" + "x".repeat(100), "application/x-www-form-urlencoded"), { maxBytes: 50 }),
    ).toBe(null);
    const big = post("a=" + "x".repeat(3 * 1024 * 1024), "application/x-www-form-urlencoded");
    expect((await thrown(readForm(big, z.object({ a: z.string() })))).status).toBe(413);
  });
});

describe("readQuery", () => {
  const schema = z.object({
    q: z.string().max(10, "Keep the search short.").default(""),
    ids: z.array(z.string()).default([]),
  });
  const read = (query: string) => readQuery(new Request(`http://localhost/list?${query}`), schema);

  it("reads the schema's names and ignores others", () => {
    expect(read("q=bolt&ids=a&ids=b&utm_source=x")).toEqual({ q: "bolt", ids: ["a", "b"] });
  });

  it("refuses a control character, a name given twice that takes one value, an overlong or invalid value", async () => {
    for (const [query, message] of [
      ["q=a%00b", "The address holds a control character in “q”. Remove it and try again."],
      ["q=a&q=b", "“q” appears more than once in the address. Keep one and try again."],
      [`q=${"x".repeat(1_001)}`, "The value of “q” in the address is far too long. Shorten it and try again."],
      ["q=elevenchars", "“q” in the address: Keep the search short."],
    ]) {
      const response = await thrown(() => read(query));
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toBe(message);
    }
  });
});

describe("dates from forms", () => {
  it("a real day from 1900 to 9999, and a wall-clock time that exists", () => {
    expect(calendarDateProblem("2028-02-29")).toBeNull();
    expect(calendarDateProblem("2026-02-30")).toBe("That date does not exist.");
    expect(calendarDateProblem("0000-01-01")).toBe("Enter a year from 1900 to 9999.");
    expect(zonedLocalToInstant("0000-01-01T10:00", "UTC")).toBeNull();
    expect(zonedLocalToInstant("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedLocalToInstant("2026-01-01T24:00", "UTC")).toBeNull();
    expect(zonedLocalToInstant("2026-01-01T10:00", "UTC")?.toISOString()).toBe("2026-01-01T10:00:00.000Z");
  });
});
