/**
 * Each hostile shape found by hand against the running server, one test
 * each: a NUL byte, a year 0000 or a 30 February, a field sent twice, an
 * empty invitation list, an odd file name, a multipart body without (or
 * with a broken) boundary, a redirect target outside Latin-1. Every one
 * must come back as a clear message beside its field (or a 400 for a body
 * that cannot be read), never a 5xx, and write nothing.
 *
 * Needs real Postgres, to fingerprint the tables while the server runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createAppServer, signInOverHttp, tableChecksums, type AppServer } from "../../support/app-server";
import { postgresReachable } from "../../support/test-db";

let app: AppServer;
const cookies = new Map<string, string>();
let own: {
  draftRfq: string;
  draftVersion: number;
  openRfq: string;
  openVersion: number;
  invitedRfq: string;
  acknowledgedPo: string;
  acknowledgedVersion: number;
  poLine: string;
  invoicePo: string;
};

const BUYER = "buyer@acme.test";
const FINANCE = "finance@acme.test";
const NORTHWIND = "sales@northwind.test";

const onPostgres = await postgresReachable();
if (!onPostgres) console.info("[test-db] hostile-input: no Postgres reachable, so these tests are not run here");

beforeAll(async () => {
  if (!onPostgres) return;
  app = await createAppServer("hostile");
  await app.start();
  own = await app.withDb(async (db) => {
    const org = async (name: string) =>
      (await db.selectFrom("organisations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
    const acme = await org("Acme Manufacturing");
    const northwind = await org("Northwind Components");
    const rfq = (status: "draft" | "open") =>
      db
        .selectFrom("rfqs")
        .select(["id", "version"])
        .where("org_id", "=", acme)
        .where("status", "=", status)
        .orderBy("created_at")
        .executeTakeFirstOrThrow();
    const draft = await rfq("draft");
    const open = await rfq("open");
    const invited = await db
      .selectFrom("rfqs")
      .innerJoin("rfq_invitations", "rfq_invitations.rfq_id", "rfqs.id")
      .select("rfqs.id")
      .where("rfq_invitations.supplier_org_id", "=", northwind)
      .where("rfqs.status", "=", "open")
      .executeTakeFirstOrThrow();
    const po = await db
      .selectFrom("purchase_orders")
      .select(["id", "version"])
      .where("buyer_org_id", "=", acme)
      .where("status", "=", "acknowledged")
      .executeTakeFirstOrThrow();
    const line = await db
      .selectFrom("purchase_order_lines")
      .select("id")
      .where("po_id", "=", po.id)
      .where("kind", "=", "item")
      .executeTakeFirstOrThrow();
    const invoicePo = await db
      .selectFrom("purchase_orders")
      .select("id")
      .where("supplier_org_id", "=", northwind)
      // One that can still be invoiced, so the page shows the form and each error beside its field.
      .where("status", "in", ["acknowledged", "partially_received", "received"])
      .executeTakeFirstOrThrow();
    return {
      draftRfq: draft.id,
      draftVersion: draft.version,
      openRfq: open.id,
      openVersion: open.version,
      invitedRfq: invited.id,
      acknowledgedPo: po.id,
      acknowledgedVersion: po.version,
      poLine: line.id,
      invoicePo: invoicePo.id,
    };
  });
  for (const email of [BUYER, FINANCE, NORTHWIND]) cookies.set(email, await signInOverHttp(app.base, email));
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

type Fields = [string, string][];

function serverErrors(): string {
  return app
    .output()
    .split("\n")
    .filter((l) => l.includes('"level":50'))
    .slice(-3)
    .join("\n");
}

/** A request as `as`, checked to be refused (4xx, never 5xx) without a change to any table. */
async function refused(
  as: string | null,
  url: string,
  init: { method?: "GET" | "POST"; body?: BodyInit; headers?: Record<string, string> },
): Promise<{ status: number; text: string }> {
  const before = await app.withDb(tableChecksums);
  const response = await fetch(`${app.base}${url}`, {
    method: init.method ?? "POST",
    redirect: "manual",
    headers: { ...(as ? { Cookie: cookies.get(as) as string } : {}), ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  expect(response.status, `${url}: ${text.slice(0, 300)}\n${serverErrors()}`).toBeLessThan(500);
  expect(response.status, `${url} was accepted`).toBeGreaterThanOrEqual(400);
  expect(text).not.toContain("Unexpected Server Error");
  expect(await app.withDb(tableChecksums)).toEqual(before);
  return { status: response.status, text };
}

function post(as: string, url: string, fields: Fields) {
  const body = new URLSearchParams();
  for (const [k, v] of fields) body.append(k, v);
  return refused(as, url, { body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

/** The page as HTML, refused with status 400 and the message shown on it. */
function expectMessage(result: { status: number; text: string }, message: string | RegExp) {
  expect(result.status).toBe(400);
  if (typeof message === "string") expect(result.text).toContain(message);
  else expect(result.text).toMatch(message);
}

const NUL = "Remove the control character (NUL) from this field.";
const YEAR = "Enter a year from 1900 to 9999.";
const TWICE = "This field was sent more than once. Enter one value.";

function rfqForm(overrides: Record<string, string> = {}): Fields {
  const base: Record<string, string> = {
    intent: "save",
    title: "Hostile input probe",
    description: "A request",
    currency: "EUR",
    deadline: "2030-01-15T15:00",
    deadlineTimeZone: "UTC",
    deliveryAddress: "Dock 4",
    category: "Fasteners",
    wantedBy: "2030-02-01",
    "lines[0].itemName": "Bolt",
    "lines[0].specification": "M8",
    "lines[0].quantity": "10",
    "lines[0].unit": "pcs",
    ...overrides,
  };
  return Object.entries(base);
}

describe.runIf(onPostgres)("hostile input gets a message beside its field, never a 5xx", () => {
  for (const field of [
    "title",
    "description",
    "deliveryAddress",
    "category",
    "lines[0].itemName",
    "lines[0].specification",
  ]) {
    it(`a NUL byte in the RFQ form's ${field}`, async () => {
      expectMessage(await post(BUYER, "/rfqs/new", rfqForm({ [field]: "bad\u0000text" })), NUL);
      expectMessage(
        await post(BUYER, `/rfqs/${own.draftRfq}/edit`, [
          ...rfqForm({ [field]: "bad\u0000text" }),
          ["version", String(own.draftVersion)],
        ]),
        NUL,
      );
    });
  }

  for (const list of ["/rfqs", "/pos", "/invoices"]) {
    it(`a NUL byte in the search of ${list}`, async () => {
      const result = await refused(BUYER, `${list}?q=bolt%00&status=%00`, { method: "GET" });
      expect(result.status).toBe(400);
      expect(result.text).toContain("control character");
    });
  }

  it("a year 0000 as the RFQ's date wanted", async () => {
    expectMessage(await post(BUYER, "/rfqs/new", rfqForm({ wantedBy: "0000-01-01" })), YEAR);
  });

  it("a year 0000 as the RFQ's deadline", async () => {
    expectMessage(
      await post(BUYER, "/rfqs/new", rfqForm({ deadline: "0000-01-01T10:00" })),
      "Enter the deadline as a date and time.",
    );
  });

  it("a year 0000 as a new PO's delivery date", async () => {
    const result = await post(BUYER, "/pos/new", [
      ["supplierOrgId", "00000000-0000-4000-8000-000000000000"],
      ["currency", "EUR"],
      ["deliveryDate", "0000-06-01"],
      ["lines[0].itemName", "Bolt"],
      ["lines[0].quantity", "1"],
      ["lines[0].unit", "pcs"],
      ["lines[0].unitPrice", "1"],
    ]);
    expectMessage(result, YEAR);
  });

  it("a year 0000 as the quote's validity date", async () => {
    const result = await post(NORTHWIND, `/rfqs/${own.invitedRfq}/quote`, [
      ["intent", "submit"],
      ["leadTimeDays", "10"],
      ["validUntil", "0000-12-31"],
    ]);
    expectMessage(result, YEAR);
  });

  for (const receivedOn of ["2026-02-30", "0000-01-01"]) {
    it(`${receivedOn} as the day goods were received`, async () => {
      const result = await post(BUYER, `/pos/${own.acknowledgedPo}?index`, [
        ["intent", "receive"],
        ["version", String(own.acknowledgedVersion)],
        ["deliveryNote", "DN-hostile-1"],
        ["receivedOn", receivedOn],
        ["lines[0].poLineId", own.poLine],
        ["lines[0].quantity", "1"],
      ]);
      expectMessage(result, receivedOn === "2026-02-30" ? "That date does not exist." : YEAR);
    });
  }

  for (const [field, value] of [
    ["issuedOn", "2026-02-30"],
    ["issuedOn", "0000-01-01"],
    ["dueOn", "2026-02-30"],
    ["dueOn", "0000-01-01"],
  ] as const) {
    it(`${value} as the invoice's ${field}`, async () => {
      const result = await post(NORTHWIND, `/pos/${own.invoicePo}/invoice`, [
        ["invoiceNumber", `INV-hostile-${field}-${value}`],
        ["issuedOn", field === "issuedOn" ? value : "2030-01-10"],
        ["dueOn", field === "dueOn" ? value : "2030-02-10"],
        ["lines[0].poLineId", own.poLine],
        ["lines[0].quantity", "1"],
      ]);
      expectMessage(result, value === "2026-02-30" ? "That date does not exist." : YEAR);
    });
  }

  it("a year 0000 as the promised date of an acknowledgement", async () => {
    const result = await post(NORTHWIND, `/pos/${own.acknowledgedPo}?index`, [
      ["intent", "acknowledge"],
      ["version", String(own.acknowledgedVersion)],
      ["promisedDate", "0000-01-01"],
    ]);
    expectMessage(result, YEAR);
  });

  it("a year 0000 as the new deadline of an open RFQ", async () => {
    const result = await post(BUYER, `/rfqs/${own.openRfq}?index`, [
      ["intent", "extend"],
      ["version", String(own.openVersion)],
      ["newDeadline", "0000-01-01T10:00"],
    ]);
    expectMessage(result, "Enter the new deadline as a date and time.");
  });

  it("the category sent twice on the RFQ forms", async () => {
    const twice: Fields = [...rfqForm({ title: "" }), ["category", "Second"]];
    expectMessage(await post(BUYER, "/rfqs/new", twice), TWICE);
    expectMessage(
      await post(BUYER, `/rfqs/${own.draftRfq}/edit`, [...twice, ["version", String(own.draftVersion)]]),
      TWICE,
    );
  });

  it("the currency sent twice on the quote form", async () => {
    const result = await post(NORTHWIND, `/rfqs/${own.invitedRfq}/quote`, [
      ["intent", "submit"],
      ["leadTimeDays", "x"],
      ["currency", "EUR"],
      ["currency", "USD"],
    ]);
    expectMessage(result, TWICE);
  });

  it("other single fields sent twice: the title, the lead time, the receipt's date", async () => {
    expectMessage(await post(BUYER, "/rfqs/new", [...rfqForm(), ["title", "Another"]]), TWICE);
    expectMessage(
      await post(NORTHWIND, `/rfqs/${own.invitedRfq}/quote`, [
        ["intent", "submit"],
        ["leadTimeDays", "1"],
        ["leadTimeDays", "2"],
      ]),
      TWICE,
    );
    expectMessage(
      await post(BUYER, `/pos/${own.acknowledgedPo}?index`, [
        ["intent", "receive"],
        ["version", String(own.acknowledgedVersion)],
        ["deliveryNote", "DN-hostile-2"],
        ["receivedOn", "2026-01-02"],
        ["receivedOn", "2026-01-03"],
        ["lines[0].poLineId", own.poLine],
        ["lines[0].quantity", "1"],
      ]),
      TWICE,
    );
  });

  it("an invitation by email with no addresses", async () => {
    const result = await post(BUYER, `/rfqs/${own.openRfq}?index`, [["intent", "invite"]]);
    expectMessage(result, "Enter at least one email address.");
  });

  for (const name of ["a;b.pdf", "a=b.pdf", 'x"; name="intent.pdf', "façade€.pdf"]) {
    it(`an upload named ${JSON.stringify(name)}`, async () => {
      const boundary = "----quotientboundary7";
      const body = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="intent"',
        "",
        "attach",
        `--${boundary}`,
        `Content-Disposition: form-data; name="attachment"; filename="${name}"`,
        "Content-Type: application/pdf",
        "",
        "%PDF-1.4 not really",
        `--${boundary}--`,
        "",
      ].join("\r\n");
      const before = await app.withDb(tableChecksums);
      const response = await fetch(`${app.base}/rfqs/${own.openRfq}?index`, {
        method: "POST",
        redirect: "manual",
        headers: {
          Cookie: cookies.get(BUYER) as string,
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
        },
        body,
      });
      const text = await response.text();
      expect(response.status, `${text.slice(0, 300)}\n${serverErrors()}`).toBeLessThan(500);
      // A name with ";" or "=" is a legal file name: it is attached under that name. A header broken by a
      // quote inside the name is a body that cannot be read: a 400 that says so, and nothing written.
      if (response.status >= 400) {
        expect(response.status).toBe(400);
        expect(text).toContain("This form could not be read.");
        expect(await app.withDb(tableChecksums)).toEqual(before);
      } else {
        const stored = await app.withDb((db) =>
          db.selectFrom("attachments").select("filename").where("filename", "=", name).executeTakeFirst(),
        );
        expect(stored?.filename).toBe(name);
      }
    });
  }

  const MULTIPART_TARGETS: [string, () => string][] = [
    [BUYER, () => "/rfqs/new"],
    [BUYER, () => `/rfqs/${own.openRfq}?index`],
    [NORTHWIND, () => `/rfqs/${own.invitedRfq}/quote`],
    [BUYER, () => `/pos/${own.acknowledgedPo}?index`],
    [BUYER, () => "/pos/new"],
  ];
  for (const [as, url] of MULTIPART_TARGETS) {
    for (const [label, contentType, body] of [
      [
        "without a boundary",
        "multipart/form-data",
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
      ],
      ["with a broken boundary", "multipart/form-data; boundary=x", "--y\r\nnonsense\r\n"],
      [
        "with an unterminated part",
        "multipart/form-data; boundary=x",
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
      ],
    ] as const) {
      it(`a multipart body ${label} to ${as} ${url.toString().includes("quote") ? "quote" : ""}`, async () => {
        const result = await refused(as, url(), { body, headers: { "Content-Type": contentType } });
        expect(result.status).toBe(400);
        expect(result.text.length).toBeGreaterThan(0);
      });
    }
  }

  it("a sign-in whose redirect target holds a character above U+00FF", async () => {
    const sessions = () =>
      app.withDb(async (db) =>
        Number(
          (
            await db
              .selectFrom("sessions")
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
    const before = await sessions();
    const response = await fetch(`${app.base}/login?redirectTo=${encodeURIComponent("/rfqs/€")}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: BUYER, password: "quotient-demo", redirectTo: "/rfqs/€✓" }),
    });
    expect(response.status, serverErrors()).toBeLessThan(500);
    if (response.status === 302) {
      // Signed in, and sent to the same place, percent-encoded.
      expect(response.headers.get("location")).toBe("/rfqs/%E2%82%AC%E2%9C%93");
      expect(await sessions()).toBe(before + 1);
    } else {
      expect(await sessions()).toBe(before);
    }
    const page = await fetch(`${app.base}/login?redirectTo=${encodeURIComponent("/€")}`);
    expect(page.status).toBe(200);
  });
  it("a list's query string the page cannot use is a message on the page, and a 400 for a data request", async () => {
    const page = async (url: string) => {
      const response = await fetch(`${app.base}${url}`, { headers: { Cookie: cookies.get(BUYER) as string } });
      return { status: response.status, text: await response.text() };
    };
    for (const [url, message] of [
      ["/rfqs?status=bogus", "Choose a status from the list."],
      ["/pos?status=bogus", "Choose a status from the list."],
      ["/invoices?status=bogus", "Choose a status from the list."],
      ["/rfqs?sort=price", "Choose a column of the list to sort by."],
      ["/rfqs?q=bolt&q=nut", "appears more than once in the address"],
      ["/pos?after=%21%21%21", "This link to the next page is broken."],
      [`/rfqs?q=${"x".repeat(201)}`, "Keep the search under 200 characters."],
      [`/rfqs/${own.openRfq}/compare?page=%00`, "control character"],
    ] as const) {
      const shown = await page(url);
      expect(shown.status, url).toBe(400);
      expect(shown.text, url).toContain(message);
    }
    const data = await page("/rfqs.data?q=%00");
    expect(data.status).toBe(400);
    expect(data.text).toContain("control character");
  });

  it("a forged cursor with a year 0000 reads as the first page", async () => {
    const forged = Buffer.from(
      JSON.stringify(["0000-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"]),
    ).toString("base64url");
    for (const list of ["/rfqs", "/pos"]) {
      const response = await fetch(`${app.base}${list}?after=${forged}`, {
        headers: { Cookie: cookies.get(BUYER) as string },
      });
      expect(response.status, `${list}\n${serverErrors()}`).toBe(200);
    }
  });

  it("a revision in the quote history's address that is no number", async () => {
    const response = await fetch(`${app.base}/rfqs/${own.invitedRfq}/quote/history?from=abc`, {
      headers: { Cookie: cookies.get(NORTHWIND) as string },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose a revision from the list.");
  });
});
