/**
 * Sealed bids, as a class: a supplier's pages and data say nothing about the
 * other suppliers on an RFQ. For every route in Remix's route manifest that
 * a supplier can reach, the built server is asked, as Northwind, for the
 * HTML and for the `?_data=` answer, on RFQs where Northwind is alone or
 * has one or two competitors in various states (invited, submitted,
 * declined, asking questions), in several states of its own (invited, quote
 * submitted, closed after the deadline). With Northwind's own ids,
 * references and times put aside, the answers must be identical whatever
 * the others did, and no other supplier's name, id or e-mail may appear
 * anywhere. A route this file does not know fails the test.
 *
 * Runs against the built server (`npx remix build` first), on a private
 * database seeded with the demo.
 */
import { execFileSync } from "node:child_process";

import { decode } from "turbo-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { askQuestion } from "../../../app/models/sourcing/question.server";
import { declineInvitation, submitQuote } from "../../../app/models/sourcing/quote-submission.server";
import { hashPassword } from "../../../app/auth/password.server";
import {
  BUYER,
  GLOBEX,
  GLOBEX_SALES,
  NORTHWIND,
  NORTHWIND_SALES,
  actingAs,
  publishedRfq,
  quoteInput,
  type Demo,
} from "../../factories/demo";
import { createAppServer, http, signInOverHttp, type AppServer } from "../../support/app-server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const THIRD = "Umbrella Supplies";
const THIRD_SALES = "sales@umbrella.test";

/** How each route is tried as a supplier. */
type Reach =
  /** Names an RFQ: compared across the RFQ variants of each state. */
  | { rfq: string }
  /** A list: each RFQ's row compared across the variants. */
  | { list: string }
  /** Names one of Northwind's own purchase orders or invoices: checked for other suppliers' names and ids. */
  | { own: (ids: OwnIds) => string | null }
  /** Not a supplier's data (public, signing out, other roles' pages): why it is left out. */
  | { skip: string };

interface OwnIds {
  po: string;
  invoice: string | null;
  agreement: string;
}

const NOWHERE = "00000000-0000-4000-8000-000000000000";

/** Every route of the app. A route missing here fails the test. */
const ROUTES: Record<string, Reach> = {
  root: { skip: "the layout; its data (the signed-in user) comes with every page below" },
  "routes/_index": { skip: "redirects to the dashboard" },
  "routes/$": { skip: "unknown addresses: a 404 with no data" },
  "routes/login": { skip: "public" },
  "routes/login_.two-factor": { skip: "public" },
  "routes/logout": { skip: "ends the session the test reads with" },
  "routes/healthz": { skip: "public" },
  "routes/register.$token": { skip: "public, by token" },
  "routes/dashboard": { list: "/dashboard" },
  "routes/rfqs._index": { list: "/rfqs" },
  // Sorted by a column the other bidders could move (status), and the CSV of the same list.
  "routes/rfqs[.csv]": { list: "/rfqs.csv?sort=status" },
  "routes/pos._index": { list: "/pos" },
  "routes/pos[.csv]": { list: "/pos.csv" },
  "routes/invoices._index": { list: "/invoices" },
  "routes/invoices[.csv]": { list: "/invoices.csv" },
  // The search finds each closed RFQ the same way whatever the others did (four of them: all within a group).
  "routes/search": { list: "/search?q=Sealed+closed" },
  "routes/approvals": { list: "/approvals" },
  "routes/rfqs.new": { list: "/rfqs/new" },
  "routes/pos.new": { list: "/pos/new" },
  "routes/rfqs.lines-template[.csv]": { list: "/rfqs/lines-template.csv" },
  "routes/settings.approvals": { list: "/settings/approvals" },
  "routes/admin.outbox": { list: "/admin/outbox" },
  "routes/admin.refused-reads": { list: "/admin/refused-reads" },
  "routes/rfqs.$id._index": { rfq: "" },
  "routes/rfqs.$id.quote": { rfq: "/quote" },
  "routes/rfqs.$id.quote_.history": { rfq: "/quote/history" },
  "routes/rfqs.$id.questions": { rfq: "/questions" },
  "routes/rfqs.$id.compare": { rfq: "/compare" },
  "routes/rfqs.$id.compare[.csv]": { rfq: "/compare.csv" },
  "routes/rfqs.$id.edit": { rfq: "/edit" },
  "routes/rfqs.$id.attachments.$attachmentId": { rfq: `/attachments/${NOWHERE}` },
  "routes/rfqs.$id.quote_.attachments.$attachmentId": { rfq: `/quote/attachments/${NOWHERE}` },
  "routes/pos.$id._index": { own: (ids) => `/pos/${ids.po}` },
  "routes/pos.$id.pdf": { own: (ids) => `/pos/${ids.po}/pdf` },
  "routes/pos.$id.ubl": { own: (ids) => `/pos/${ids.po}/ubl` },
  "routes/pos.$id.edit": { own: (ids) => `/pos/${ids.po}/edit` },
  "routes/pos.$id.invoice": { own: (ids) => `/pos/${ids.po}/invoice` },
  "routes/pos.$id.change": { own: (ids) => `/pos/${ids.po}/change` },
  "routes/pos.$id.revisions.$revision": { own: (ids) => `/pos/${ids.po}/revisions/1` },
  "routes/invoices.$id": { own: (ids) => (ids.invoice ? `/invoices/${ids.invoice}` : null) },
  // The buying organisations that asked to work with the supplier: its own answers, never another supplier.
  "routes/relationships": { own: () => "/relationships" },
  // Its own agreements, sent to it: never another supplier's, nor a buyer's call-offs.
  "routes/agreements._index": { own: () => "/agreements" },
  "routes/agreements[.csv]": { own: () => "/agreements.csv" },
  "routes/agreements.$id": { own: (ids) => `/agreements/${ids.agreement}` },
  // Its own agreement's edit is the buyer's: refused to the supplier like any other page it may not use.
  "routes/agreements.$id_.edit": { own: (ids) => `/agreements/${ids.agreement}/edit` },
  "routes/agreements.new": { list: "/agreements/new" },
  "routes/catalogue": { list: "/catalogue" },
  // A buying organisation's view of one supplier: refused to a supplier, whichever id it names.
  "routes/suppliers.$id.scorecard": { list: `/suppliers/${NOWHERE}/scorecard` },
  // Reorder rules and stock are the buying organisation's own: refused to a supplier, compared like any list.
  "routes/reorder._index": { list: "/reorder" },
  "routes/reorder.new": { list: "/reorder/new" },
  "routes/reorder.stock": { list: "/reorder/stock" },
  "routes/reorder.$id": { list: `/reorder/${NOWHERE}` },
  // The buying organisation's supplier list and a supplier's page: refused to a supplier, compared like any list.
  "routes/suppliers._index": { list: "/suppliers" },
  "routes/suppliers.$id._index": { list: `/suppliers/${NOWHERE}` },
  "routes/suppliers.$id.documents.$documentId": { list: `/suppliers/${NOWHERE}/documents/${NOWHERE}` },
  "routes/settings.supplier-documents": { list: "/settings/supplier-documents" },
  "routes/requisitions._index": { list: "/requisitions" },
  "routes/requisitions.new": { list: "/requisitions/new" },
  "routes/requisitions.$id": { list: "/requisitions/00000000-0000-4000-8000-000000000000" },
  "routes/sourcing": { list: "/sourcing" },
  // The buying organisation's settings and audit log: refused to a supplier, compared like any list.
  "routes/settings.organisation": { list: "/settings/organisation" },
  "routes/settings.addresses": { list: "/settings/addresses" },
  "routes/admin.audit": { list: "/admin/audit" },
  "routes/admin.audit[.csv]": { list: "/admin/audit.csv" },
  // A supplier's admin keeps its own colleagues: never anyone of another organisation.
  "routes/admin.users._index": { own: () => "/admin/users" },
  // Its own company profile and bank details, and the public link that confirms a change.
  "routes/company": { own: () => "/company" },
  "routes/company_.bank-confirm.$token": { skip: "public, by token" },
  // Finance's acknowledgements of suppliers' bank changes: refused to a supplier, compared like any list.
  "routes/bank-changes": { list: "/bank-changes" },
  "routes/admin.users.$id": { list: `/admin/users/${NOWHERE}` },
  // A person's own notifications and profile: what concerns the supplier's own user, never another supplier.
  "routes/notifications._index": { own: () => "/notifications" },
  "routes/notifications.settings": { own: () => "/notifications/settings" },
  "routes/notifications.$id": { skip: "follows one notification to its record: a redirect, no data of its own" },
  "routes/profile": { own: () => "/profile" },
  "routes/profile_.two-factor": { own: () => "/profile/two-factor" },
  "routes/signup": { skip: "public" },
  "routes/signup_.confirm.$token": { skip: "public, by token" },
  "routes/signup_.resend": { skip: "public" },
  "routes/forgot-password": { skip: "public" },
  "routes/reset-password.$token": { skip: "public, by token" },
  "routes/invitation.$token": { skip: "public, by token" },
};

/** Northwind's own situations on an RFQ. */
const STATES = ["invited", "submitted", "closed"] as const;
type State = (typeof STATES)[number];
/** What the other suppliers did. */
const VARIANTS = ["alone", "one invited", "one submitted", "two answered"] as const;
type Variant = (typeof VARIANTS)[number];

interface ManifestRoute {
  id: string;
  path?: string;
  parentId?: string;
}

function readManifest(): ManifestRoute[] {
  const script = `import("./build/index.js").then((b) => process.stdout.write(JSON.stringify(Object.values(b.routes).map((r) => ({ id: r.id, path: r.path, parentId: r.parentId })))))`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

let app: AppServer;
let cookie: string;
let manifest: ManifestRoute[];
/** Each RFQ by Northwind's state and the others' variant. */
const rfqs = new Map<string, { id: string; reference: string }>();
/** Names, ids and addresses of the other suppliers: none may reach Northwind. */
let others: string[] = [];
let own: OwnIds;

const key = (state: State, variant: Variant) => `${state}/${variant}`;

async function thirdSupplier(demo: Demo): Promise<string> {
  const acme = demo.actor(BUYER).orgId;
  const org = await demo.db
    .insertInto("organisations")
    .values({ name: THIRD, kind: "supplier" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await demo.db
    .insertInto("users")
    .values({ email: THIRD_SALES, name: "Una Brella", password_hash: await hashPassword("umbrella-password-1") })
    .returning("id")
    .executeTakeFirstOrThrow();
  await demo.db.insertInto("memberships").values({ user_id: user.id, org_id: org.id, role: "supplier" }).execute();
  await demo.db
    .insertInto("supplier_relationships")
    .values({
      buyer_org_id: acme,
      supplier_org_id: org.id,
      categories: [],
      contact_email: THIRD_SALES,
      status: "active",
      qualification_status: "approved",
    })
    .execute();
  return org.id;
}

async function seed(demo: Demo): Promise<void> {
  const thirdOrg = await thirdSupplier(demo);
  const thirdUser = await demo.db
    .selectFrom("users")
    .where("email", "=", THIRD_SALES)
    .select("id")
    .executeTakeFirstOrThrow();
  const thirdActor = { userId: thirdUser.id, orgId: thirdOrg, roles: ["supplier"] as const };
  const base = new Date(Math.floor(demo.now.getTime() / MINUTE) * MINUTE);
  for (const state of STATES) {
    // Open RFQs run to a deadline ahead; the closed ones were published and answered before theirs passed.
    const published = state === "closed" ? new Date(base.getTime() - 3 * HOUR) : base;
    const deadline = state === "closed" ? new Date(base.getTime() - HOUR) : new Date(base.getTime() + 6 * HOUR);
    const answered = new Date(published.getTime() + 30 * MINUTE);
    for (const variant of VARIANTS) {
      const invited = [demo.orgId(NORTHWIND)];
      if (variant !== "alone") invited.push(demo.orgId(GLOBEX));
      if (variant === "two answered") invited.push(thirdOrg);
      const id = await publishedRfq(
        demo,
        {
          title: `Sealed ${state}`,
          deadlineAt: deadline,
          supplierIds: invited,
          lines: [{ itemName: "Hex nut M8", specification: "ISO 4032", quantity: "100", unit: "pcs" }],
        },
        published,
      );
      const input = await quoteInput(demo.db, id, ["1.00"]);
      if (variant === "one submitted" || variant === "two answered") {
        // A competitor answers a minute later than Northwind, and asks something nobody has answered yet.
        const later = new Date(answered.getTime() + MINUTE);
        await submitQuote(demo.as(GLOBEX_SALES, later), { rfqId: id, ...(await quoteInput(demo.db, id, ["0.90"])) });
        await askQuestion(demo.as(GLOBEX_SALES, later), { rfqId: id, question: "Is zinc plating acceptable?" });
      }
      if (variant === "two answered") {
        await declineInvitation(actingAs(demo.db, thirdActor, new Date(answered.getTime() + 2 * MINUTE)), {
          rfqId: id,
          reason: "No capacity this quarter",
        });
      }
      if (state !== "invited") await submitQuote(demo.as(NORTHWIND_SALES, answered), { rfqId: id, ...input });
      const row = await demo.db.selectFrom("rfqs").where("id", "=", id).select("reference").executeTakeFirstOrThrow();
      rfqs.set(key(state, variant), { id, reference: row.reference });
    }
  }
  const globexUsers = await demo.db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .where("memberships.org_id", "in", [demo.orgId(GLOBEX), thirdOrg])
    .select(["users.id", "users.email", "users.name"])
    .execute();
  others = [GLOBEX, demo.orgId(GLOBEX), THIRD, thirdOrg, ...globexUsers.flatMap((u) => [u.id, u.email, u.name])];
  const po = await demo.db
    .selectFrom("purchase_orders")
    .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
    .where("status", "not in", ["draft", "pending_approval", "rejected"])
    .select("id")
    .orderBy("number")
    .executeTakeFirstOrThrow();
  const invoice = await demo.db
    .selectFrom("invoices")
    .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
    .select("id")
    .executeTakeFirst();
  const agreement = await demo.db
    .selectFrom("agreements")
    .where("supplier_org_id", "=", demo.orgId(NORTHWIND))
    .where("sent_at", "is not", null)
    .select("id")
    .executeTakeFirstOrThrow();
  own = { po: po.id, invoice: invoice?.id ?? null, agreement: agreement.id };
}

beforeAll(async () => {
  manifest = readManifest();
  app = await createAppServer("sealed_views", { seed });
  await app.start();
  cookie = await signInOverHttp(app.base, NORTHWIND_SALES);
  // The first read of an invitation marks it viewed; read every RFQ once so each is compared as it stays.
  for (const { id } of rfqs.values()) await http(app.base, "GET", `/rfqs/${id}`, { cookie });
}, 120_000);

afterAll(async () => {
  await app?.destroy();
});

/** A page's data request (single fetch): `<path>.data` answers every matched route's loader data. */
function dataUrl(url: string): string {
  const [path, query] = url.split("?");
  return `${path === "/" ? "/_root" : path}.data${query ? `?${query}` : ""}`;
}

/** The older `?_data=<route id>` request, which a single-fetch app must refuse cleanly. */
const legacyDataUrl = (url: string, routeId: string) =>
  `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;

async function fetchText(url: string): Promise<{ status: number; body: string }> {
  const response = await http(app.base, "GET", url, { cookie });
  return { status: response.status, body: await response.text() };
}

/** Puts aside what is Northwind's own on this RFQ (its ids and reference) and what differs per request. */
function normalise(text: string, rfq: { id: string; reference: string }): string {
  const uuids = new Map<string, string>();
  return (
    text
      .replaceAll(rfq.id, "<rfq>")
      .replaceAll(rfq.reference, "<reference>")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (uuid) => {
        if (!uuids.has(uuid)) uuids.set(uuid, `<id${uuids.size + 1}>`);
        return uuids.get(uuid) as string;
      })
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      // A form's one-time token is new on every load.
      .replace(/ft_[A-Za-z0-9_-]{32}/g, "<form token>")
      // Each scenario is built at its own moment, so the supplier's own history carries other times;
      // what it says and how many steps it has must still be the same.
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/g, "<time>")
      .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g, "<time>")
      // A date in the data stream: ["D", milliseconds], quoted or escaped inside the page.
      .replace(/(\\?"D\\?",)\d{12,}/g, "$1<time>")
  );
}

function expectNoOtherSupplier(body: string, where: string) {
  for (const needle of others) expect(body, `${where} names ${needle}`).not.toContain(needle);
}

describe("what a supplier's pages and data say about other suppliers", () => {
  it("knows every route of the manifest", () => {
    const unknown = manifest.map((r) => r.id).filter((id) => !(id in ROUTES));
    expect(unknown, "routes missing from ROUTES in this file").toEqual([]);
    const gone = Object.keys(ROUTES).filter((id) => !manifest.some((r) => r.id === id));
    expect(gone, "routes in ROUTES that the build no longer has").toEqual([]);
  });

  for (const [routeId, reach] of Object.entries(ROUTES)) {
    if ("rfq" in reach) {
      it(`${routeId}: the same page and data whatever the other bidders did`, async () => {
        for (const state of STATES) {
          const seen = new Map<string, string>();
          for (const variant of VARIANTS) {
            const rfq = rfqs.get(key(state, variant)) as { id: string; reference: string };
            const url = `/rfqs/${rfq.id}${reach.rfq}`;
            const legacy = await fetchText(legacyDataUrl(url, routeId));
            expect(legacy.status, `?_data= of ${routeId}: ${legacy.body.slice(0, 200)}`).toBe(400);
            expectNoOtherSupplier(legacy.body, `?_data= of ${routeId}`);
            for (const [kind, target] of [
              ["html", url],
              ["data", dataUrl(url)],
            ] as const) {
              const { status, body } = await fetchText(target);
              expect(status, `${kind} ${state}/${variant}: ${body.slice(0, 300)}`).toBeLessThan(500);
              expectNoOtherSupplier(body, `${kind} ${routeId} ${state}/${variant}`);
              const shown = `${status}\n${normalise(body, rfq)}`;
              const first = seen.get(kind);
              if (first === undefined) seen.set(kind, shown);
              else
                expect(
                  shown,
                  `${kind} of ${routeId} when ${state}, ${variant} vs alone: ${difference(shown, first)}`,
                ).toBe(first);
            }
          }
        }
      });
    } else if ("list" in reach) {
      it(`${routeId}: each RFQ listed the same whatever the other bidders did`, async () => {
        const legacy = await fetchText(legacyDataUrl(reach.list, routeId));
        expect(legacy.status).toBe(400);
        for (const target of [reach.list, dataUrl(reach.list)]) {
          const response = await http(app.base, "GET", target, { cookie });
          const body = await response.text();
          expect(response.status, `${target}: ${body.slice(0, 300)}`).toBeLessThan(500);
          expectNoOtherSupplier(body, target);
          if (response.status !== 200 || target === reach.list) continue;
          // Each listed RFQ of ours, put aside its own ids, reads the same in every variant of a state.
          const rows = collectRows(await decodeData(body));
          for (const state of STATES) {
            const shown = VARIANTS.map((variant) => {
              const rfq = rfqs.get(key(state, variant)) as { id: string; reference: string };
              const row = rows.get(rfq.id);
              return row === undefined ? "(not listed)" : normalise(JSON.stringify(row), rfq);
            });
            expect(new Set(shown).size, `${routeId} rows for ${state}: ${shown.join(" | ")}`).toBe(1);
          }
        }
      });
    } else if ("own" in reach) {
      it(`${routeId}: a supplier's own document names no other supplier`, async () => {
        const url = reach.own(own);
        if (url === null) return;
        for (const target of [url, dataUrl(url), legacyDataUrl(url, routeId)]) {
          const { status, body } = await fetchText(target);
          expect(status).toBeLessThan(500);
          expectNoOtherSupplier(body, target);
        }
      });
    }
  }
});

/** Where two answers part, with a little context, for the failure message. */
function difference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return `…${a.slice(Math.max(0, i - 60), i + 60)}… instead of …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

/** Single fetch's answer is a turbo-stream; decoded, it is every route's loader data by route id. */
async function decodeData(body: string): Promise<unknown> {
  const stream = new Response(body).body as ReadableStream<Uint8Array>;
  const decoded = await decode(stream);
  await decoded.done;
  return decoded.value;
}

/** Every object in loader data carrying an `id` of one of our RFQs. */
function collectRows(data: unknown): Map<string, unknown> {
  const ids = new Set([...rfqs.values()].map((r) => r.id));
  const found = new Map<string, unknown>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const id = (value as { id?: unknown }).id;
      if (typeof id === "string" && ids.has(id)) found.set(id, value);
      Object.values(value).forEach(walk);
    }
  };
  walk(data);
  return found;
}
