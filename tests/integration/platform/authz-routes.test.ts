/**
 * The authorization sweep: every route in Remix's own route manifest (the
 * built server's `routes`), tried with GET and POST, signed out, as every
 * demo user and as another organisation, on objects that are not theirs.
 * Every attempt must be refused (403, 404, or a redirect to /login when
 * signed out) and the database must be exactly as before.
 *
 * A route this file does not know fails the test: whoever adds a route
 * registers it in ROUTES below (who may use it, and which kind of object
 * each URL parameter names). See tests/README.md.
 *
 * Runs against the built server (`npx remix build` first) in a child
 * process, on a private database seeded with the demo.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPglite, createPostgres, type Db, type DbHandle } from "../../../db/client.server";
import { migrateToLatest } from "../../../db/migrate.server";
import type { Role } from "../../../db/schema";
import { renderPurchaseOrderPdf } from "../../../app/documents/purchase-order-pdf.server";
import { getPurchaseOrderDocument } from "../../../app/models/ordering/document.server";
import { closeDueRfqs } from "../../../app/models/sourcing/rfq-schedule.server";
import { deliverPendingMail, enqueueMail } from "../../../emails/outbox.server";
import { createMailTransport } from "../../../emails/transport.server";
import { seededDemo } from "../../factories/demo";
import { createTestDb, type TestDb } from "../../support/test-db";
import { freePort } from "../../support/app-server";

// Chosen when the server starts: files run side by side.
let PORT = 0;
let BASE = "";
const PASSWORD = "quotient-demo";
const NOWHERE = "00000000-0000-4000-8000-000000000000";

type ParamKind =
  | "rfq"
  | "po"
  | "invoice"
  | "attachment"
  | "notification"
  | "agreement"
  | "user"
  | "supplier"
  | "reorderRule"
  | "document"
  | "requisition";
type FormSample = (ids: Ids) => Record<string, string>;

interface RouteRule {
  /** Anyone may call it, signed in or not (it must still change nothing with a junk form). */
  public?: true;
  /** Roles that may use a route without parameters; anyone else gets 403/404. */
  roles?: readonly Role[];
  /** What each URL parameter names; the sweep fills in objects the user may not see. */
  params?: Record<string, ParamKind>;
  /**
   * Bodies that pass the action's form schema, so the refusal is proved to come from
   * authorization. On pages without parameters, roles allowed there post a junk form instead.
   */
  forms?: FormSample[];
  /** A supplier organisation's admin (supplier and admin roles) may use it too: its colleagues. */
  supplierAdmin?: true;
}

const ALL: readonly Role[] = ["buyer", "finance", "admin", "supplier"];

/** Every route of the app. A route missing here fails the sweep. */
const ROUTES: Record<string, RouteRule> = {
  root: { public: true },
  "routes/_index": { public: true },
  // Any unknown address: a 404 inside the header, signed in or not.
  "routes/$": { public: true },
  "routes/login": { public: true },
  // The second step of a sign-in: without the step's cookie it only sends people back to the password.
  "routes/login_.two-factor": { public: true },
  "routes/logout": { public: true },
  "routes/healthz": { public: true },
  "routes/dashboard": { roles: ALL },
  "routes/rfqs._index": { roles: ALL },
  "routes/rfqs[.csv]": { roles: ALL },
  "routes/pos._index": { roles: ALL },
  "routes/pos[.csv]": { roles: ALL },
  // Searches only what each person may read, kind by kind.
  "routes/search": { roles: ALL },
  "routes/approvals": { roles: ["finance"] },
  "routes/rfqs.new": { roles: ["buyer"] },
  "routes/rfqs.$id._index": {
    params: { id: "rfq" },
    forms: [
      () => ({ intent: "publish", version: "1" }),
      () => ({ intent: "close", version: "2" }),
      () => ({ intent: "cancel", version: "1", reason: "No longer needed" }),
    ],
  },
  "routes/rfqs.$id.compare": {
    params: { id: "rfq" },
    forms: [
      (ids) => ({ award: ids.anySupplierOrg, version: "3" }),
      (ids) => ({
        award: "lines",
        version: "3",
        "lines[0].rfqLineId": "00000000-0000-4000-8000-000000000001",
        "lines[0].supplierOrgId": ids.anySupplierOrg,
        justification: "Local stock",
      }),
    ],
  },
  "routes/rfqs.$id.quote": {
    params: { id: "rfq" },
    forms: [() => ({ leadTimeDays: "10", "lines[0].unitPrice": "1.00" })],
  },
  "routes/pos.$id._index": {
    params: { id: "po" },
    forms: [
      () => ({ intent: "submit", version: "1" }),
      () => ({ intent: "approve", version: "2" }),
      () => ({ intent: "reject", version: "2", reason: "Price too high" }),
      () => ({ intent: "acknowledge", version: "4" }),
      () => ({ intent: "cancel", version: "4", cancelReason: "Bought from stock instead" }),
      () => ({
        intent: "receive",
        version: "5",
        deliveryNote: "DN-1",
        receivedOn: "2026-11-20",
        "lines[0].poLineId": NOWHERE,
        "lines[0].quantity": "1",
      }),
    ],
  },
  "routes/pos.$id.pdf": { params: { id: "po" } },
  "routes/pos.$id.ubl": { params: { id: "po" } },
  "routes/pos.$id.edit": {
    params: { id: "po" },
    forms: [
      (ids) => ({
        version: "1",
        supplierOrgId: ids.anySupplierOrg,
        currency: "EUR",
        deliveryAddress: "Gate 3, Stuttgart",
        "lines[0].itemName": "Hex nut M8",
        "lines[0].quantity": "10",
        "lines[0].unit": "pcs",
        "lines[0].unitPrice": "1.00",
      }),
    ],
  },
  "routes/pos.$id.invoice": {
    params: { id: "po" },
    forms: [
      () => ({
        invoiceNumber: "INV-1",
        issuedOn: "2026-11-20",
        "lines[0].poLineId": NOWHERE,
        "lines[0].quantity": "1",
        "lines[0].unitPrice": "1.00",
        "lines[0].taxRate": "19",
      }),
    ],
  },
  "routes/pos.new": { roles: ["buyer"] },
  "routes/pos.$id.change": {
    params: { id: "po" },
    forms: [
      () => ({
        version: "4",
        reason: "Production plan changed",
        "lines[0].itemName": "Hex nut M8",
        "lines[0].quantity": "10",
        "lines[0].unit": "pcs",
        "lines[0].unitPrice": "1.00",
      }),
    ],
  },
  "routes/pos.$id.revisions.$revision": { params: { id: "po" } },
  "routes/invoices._index": { roles: ALL },
  "routes/invoices[.csv]": { roles: ALL },
  "routes/invoices.$id": {
    params: { id: "invoice" },
    forms: [
      () => ({ version: "1" }),
      () => ({
        intent: "resubmit",
        version: "1",
        "lines[0].poLineId": NOWHERE,
        "lines[0].quantity": "1",
        "lines[0].unitPrice": "1.00",
        "lines[0].taxRate": "0",
      }),
    ],
  },
  "routes/rfqs.$id.edit": { params: { id: "rfq" } },
  "routes/rfqs.$id.questions": {
    params: { id: "rfq" },
    forms: [
      () => ({ intent: "ask", question: "When is the delivery due?" }),
      () => ({ intent: "answer", questionId: NOWHERE, answer: "Next week." }),
    ],
  },
  "routes/rfqs.$id.quote_.history": { params: { id: "rfq" } },
  "routes/rfqs.$id.compare[.csv]": { params: { id: "rfq" } },
  "routes/rfqs.$id.attachments.$attachmentId": { params: { id: "rfq", attachmentId: "attachment" } },
  "routes/rfqs.$id.quote_.attachments.$attachmentId": { params: { id: "rfq", attachmentId: "attachment" } },
  // The token in the URL is the credential; the sweep's ":token" is no token, so nothing may be written.
  "routes/register.$token": { public: true },
  // Sign-up and its links: public, and a junk form or a made-up token writes nothing.
  "routes/signup": { public: true },
  "routes/signup_.confirm.$token": { public: true },
  "routes/signup_.resend": { public: true },
  "routes/forgot-password": { public: true },
  "routes/reset-password.$token": { public: true },
  // Everyone's own profile; the page only ever touches the signed-in person's row.
  "routes/profile": { roles: ALL },
  "routes/profile_.two-factor": { roles: ALL },
  "routes/invitation.$token": { public: true },
  "routes/admin.users._index": {
    roles: ["admin"],
    supplierAdmin: true,
    forms: [() => ({ intent: "invite", email: "someone@acme-new.test", roles: "buyer" })],
  },
  "routes/admin.users.$id": {
    params: { id: "user" },
    forms: [
      () => ({ intent: "roles", roles: "finance" }),
      () => ({ intent: "deactivate" }),
      () => ({ intent: "reinvite" }),
      () => ({ intent: "reactivate" }),
      () => ({ intent: "resetTwoFactor", password: "quotient-demo" }),
    ],
  },
  "routes/rfqs.lines-template[.csv]": { roles: ["buyer"] },
  // The admin reads the approval policy beside the settings it keeps; only finance saves it.
  "routes/settings.approvals": {
    roles: ["finance", "admin"],
    forms: [() => ({ thresholdOne: "1000", thresholdTwo: "5000" })],
  },
  "routes/admin.refused-reads": { roles: ["admin"] },
  "routes/admin.outbox": { roles: ["admin"], forms: [(ids) => ({ intent: "retry", id: ids.initechFailedMail })] },
  "routes/notifications._index": { roles: ALL, forms: [() => ({ intent: "markAllRead" })] },
  "routes/notifications.settings": {
    roles: ALL,
    forms: [() => ({ intent: "saveMailChoices", byMail: "po_issued" })],
  },
  // Following someone else's notification: it does not exist for them, and stays unread.
  "routes/notifications.$id": { params: { id: "notification" } },
  "routes/settings.organisation": {
    roles: ["admin"],
    forms: [
      () => ({
        intent: "settings",
        legalName: "Taken Over Ltd",
        billToAddress: "1 Elsewhere Road, Leeds",
        baseCurrency: "GBP",
        defaultTimeZone: "Europe/London",
        poNumberPrefix: "HACK",
        receiptTolerancePercent: "50",
        invoiceTolerancePercent: "50",
      }),
      () => ({ intent: "remove-logo" }),
    ],
  },
  "routes/settings.addresses": {
    roles: ["admin"],
    forms: [
      () => ({ intent: "add", label: "Elsewhere", address: "1 Elsewhere Road, Leeds", makeDefault: "on" }),
      () => ({ intent: "archive", id: NOWHERE, version: "1" }),
      () => ({ intent: "restore", id: NOWHERE, version: "1" }),
    ],
  },
  "routes/admin.audit": { roles: ["admin"] },
  "routes/admin.audit[.csv]": { roles: ["admin"] },
  "routes/agreements._index": { roles: ["buyer", "finance", "supplier"] },
  "routes/agreements[.csv]": { roles: ["buyer", "finance", "supplier"] },
  "routes/agreements.new": {
    roles: ["buyer"],
    forms: [
      (ids) => ({
        key: "00000000-0000-4000-8000-0000000000a1",
        supplierOrgId: ids.anySupplierOrg,
        title: "Framework",
        currency: "EUR",
        validFrom: "2027-01-01",
        validTo: "2027-12-31",
        "items[0].itemName": "Hex nut M8",
        "items[0].unit": "pcs",
        "items[0].unitPrice": "0.05",
      }),
    ],
  },
  "routes/agreements.$id": {
    params: { id: "agreement" },
    forms: [
      () => ({ intent: "send", version: "1" }),
      () => ({ intent: "acknowledge", version: "2" }),
      () => ({ intent: "decline", version: "2", reason: "Prices no longer hold" }),
      () => ({ intent: "cancel", version: "1", reason: "Made by mistake" }),
      () => ({ intent: "close", version: "3", reason: "Supplier merged" }),
      () => ({
        intent: "callOff",
        key: "00000000-0000-4000-8000-0000000000a2",
        "lines[0].itemId": NOWHERE,
        "lines[0].quantity": "1",
      }),
    ],
  },
  "routes/agreements.$id_.edit": {
    params: { id: "agreement" },
    forms: [
      () => ({
        version: "1",
        title: "Framework",
        validFrom: "2027-01-01",
        validTo: "2027-12-31",
        "items[0].itemName": "Hex nut M8",
        "items[0].unit": "pcs",
        "items[0].unitPrice": "0.05",
      }),
    ],
  },
  // A supplier organisation the reader's organisation has no relationship with: 404, and suppliers never.
  "routes/suppliers.$id.scorecard": { params: { id: "supplier" } },
  "routes/company": {
    roles: ["supplier"],
    forms: [
      () => ({ intent: "profile", name: "Taken", legalName: "Taken Ltd", address: "1 Elsewhere Road, Leeds" }),
      () => ({ intent: "propose", accountHolder: "Thief", iban: "DE89370400440532013000", bic: "COBADEFFXXX" }),
      () => ({ intent: "confirm", changeId: NOWHERE }),
    ],
  },
  "routes/company_.bank-confirm.$token": { public: true },
  "routes/bank-changes": {
    roles: ["finance"],
    forms: [() => ({ intent: "acknowledge", id: NOWHERE })],
  },
  "routes/reorder._index": { roles: ["buyer", "admin"], forms: [() => ({ intent: "run" })] },
  "routes/reorder.new": {
    roles: ["buyer", "admin"],
    forms: [() => ({ itemId: NOWHERE, siteId: NOWHERE, reorderPoint: "10", policy: "fixed", fixedQuantity: "20" })],
  },
  "routes/reorder.stock": {
    roles: ["buyer", "admin"],
    forms: [() => ({ intent: "count", siteId: NOWHERE, itemName: "Hex nut M8", unit: "pcs", quantity: "5" })],
  },
  "routes/reorder.$id": {
    params: { id: "reorderRule" },
    forms: [
      () => ({ intent: "pause", id: NOWHERE, version: "1" }),
      () => ({
        intent: "save",
        id: NOWHERE,
        version: "1",
        reorderPoint: "10",
        policy: "fixed",
        fixedQuantity: "20",
      }),
    ],
  },
  "routes/suppliers._index": {
    roles: ["buyer", "admin"],
    forms: [() => ({ email: "new-supplier@sweep.test", contactName: "Sam", categories: "Fasteners" })],
  },
  "routes/suppliers.$id._index": {
    params: { id: "supplier" },
    forms: [
      () => ({ intent: "approve", version: "1" }),
      () => ({ intent: "block", version: "1", reason: "Counterfeit parts" }),
      () => ({ intent: "approveDocument", documentId: NOWHERE }),
    ],
  },
  "routes/suppliers.$id.documents.$documentId": { params: { id: "supplier", documentId: "document" } },
  "routes/settings.supplier-documents": {
    roles: ["buyer", "admin"],
    forms: [() => ({ intent: "require", category: "Fasteners", documentType: "Sweep certificate" })],
  },
  "routes/catalogue": { roles: ["buyer", "finance", "requester"] },
  "routes/requisitions._index": { roles: ["buyer", "finance", "admin", "requester"] },
  "routes/requisitions.new": {
    roles: ["requester"],
    forms: [
      (ids) => ({
        costCentre: "CC-1",
        reason: "Needed on the line",
        "lines[0].itemName": "Seal",
        "lines[0].unit": "pcs",
        "lines[0].unitPrice": "5",
        "lines[0].quantity": "1",
        "lines[0].wantedBy": "2099-01-01",
        "lines[0].shipToId": ids.anySupplierOrg,
      }),
    ],
  },
  "routes/requisitions.$id": {
    params: { id: "requisition" },
    forms: [
      () => ({ intent: "approve", version: "1" }),
      () => ({ intent: "reject", version: "1", reason: "Not needed" }),
      () => ({ intent: "cancel", version: "1", reason: "Not needed" }),
    ],
  },
  "routes/sourcing": { roles: ["buyer"], forms: [() => ({ lineIds: NOWHERE })] },
  "routes/relationships": {
    roles: ["supplier"],
    forms: [
      () => ({ intent: "accept", id: NOWHERE, version: "1" }),
      () => ({ intent: "decline", id: NOWHERE, version: "1", reason: "Not for us." }),
    ],
  },
};

/** Whether this person may use a route without parameters: by their first role, or as a supplier's admin. */
function mayUse(rule: RouteRule, p: Principal): boolean {
  if (p.role === null) return false;
  return (rule.roles?.includes(p.role) ?? false) || (rule.supplierAdmin === true && p.supplierAdmin === true);
}

/** Objects of each kind that an organisation may not see. */
const FOREIGN: Record<ParamKind, (db: Db, orgId: string) => Promise<string[]>> = {
  async rfq(db, orgId) {
    const rows = await db
      .selectFrom("rfqs")
      .select("id")
      .where("org_id", "<>", orgId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("rfq_invitations")
              .select("rfq_invitations.id")
              .whereRef("rfq_invitations.rfq_id", "=", "rfqs.id")
              .where("rfq_invitations.supplier_org_id", "=", orgId),
          ),
        ),
      )
      .execute();
    return rows.map((r) => r.id);
  },
  async invoice(db, orgId) {
    const rows = await db
      .selectFrom("invoices")
      .select("id")
      .where("buyer_org_id", "<>", orgId)
      .where("supplier_org_id", "<>", orgId)
      .execute();
    return rows.map((r) => r.id);
  },
  async attachment(db, orgId) {
    // Attachments of RFQs the organisation neither owns nor was invited to.
    const rfqs = await FOREIGN.rfq(db, orgId);
    if (rfqs.length === 0) return [];
    const rows = await db
      .selectFrom("attachments")
      .select("id")
      .where("owner_type", "=", "rfq")
      .where("owner_id", "in", rfqs)
      .execute();
    return rows.map((r) => r.id);
  },
  async notification(db, orgId) {
    // A few are enough: each is tried by every person, and the seed tells many.
    const rows = await db.selectFrom("notifications").select("id").where("org_id", "<>", orgId).limit(3).execute();
    return rows.map((r) => r.id);
  },
  async agreement(db, orgId) {
    const rows = await db
      .selectFrom("agreements")
      .select("id")
      .where("buyer_org_id", "<>", orgId)
      .where("supplier_org_id", "<>", orgId)
      .execute();
    return rows.map((r) => r.id);
  },
  async reorderRule(db, orgId) {
    const rows = await db.selectFrom("reorder_rules").select("id").where("org_id", "<>", orgId).execute();
    return rows.map((r) => r.id);
  },
  async document(db, orgId) {
    const rows = await db.selectFrom("supplier_documents").select("id").where("buyer_org_id", "<>", orgId).execute();
    return rows.map((r) => r.id);
  },
  async requisition(db, orgId) {
    const rows = await db.selectFrom("requisitions").select("id").where("org_id", "<>", orgId).execute();
    return rows.map((r) => r.id);
  },
  async user(db, orgId) {
    // People of every other organisation: an admin sees and changes only its own.
    const rows = await db.selectFrom("memberships").select("user_id").distinct().where("org_id", "<>", orgId).execute();
    return rows.map((r) => r.user_id);
  },
  async supplier(db, orgId) {
    // Every organisation the reader's organisation does not buy from, itself included when it is a supplier.
    const rows = await db
      .selectFrom("organisations")
      .select("id")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("supplier_relationships")
              .select("supplier_relationships.id")
              .whereRef("supplier_relationships.supplier_org_id", "=", "organisations.id")
              .where("supplier_relationships.buyer_org_id", "=", orgId),
          ),
        ),
      )
      .execute();
    return rows.map((r) => r.id);
  },
  async po(db, orgId) {
    const rows = await db
      .selectFrom("purchase_orders")
      .select("id")
      .where("buyer_org_id", "<>", orgId)
      .where("supplier_org_id", "<>", orgId)
      .execute();
    return rows.map((r) => r.id);
  },
};

const USERS = [
  "buyer@acme.test",
  "finance@acme.test",
  "controller@acme.test",
  "admin@acme.test",
  "sales@northwind.test",
  "accounts@northwind.test",
  "sales@globex.test",
  "buyer@initech.test",
];

interface Ids {
  anySupplierOrg: string;
  /** A failed mail of Initech's, for Acme's admin to be refused. */
  initechFailedMail: string;
}

interface ManifestRoute {
  id: string;
  path?: string;
  parentId?: string;
  index?: boolean;
  hasLoader: boolean;
  hasAction: boolean;
}

interface Principal {
  email: string | null;
  role: Role | null;
  /** Holds the supplier and the admin role of a supplier organisation. */
  supplierAdmin?: boolean;
  orgId: string | null;
  cookie: string | null;
  foreign: Record<ParamKind, string[]>;
}

function readManifest(): ManifestRoute[] {
  const script = `import("./build/index.js").then((b) => process.stdout.write(JSON.stringify(Object.values(b.routes).map((r) => ({ id: r.id, path: r.path, parentId: r.parentId, index: r.index, hasLoader: typeof r.module.loader === "function", hasAction: typeof r.module.action === "function" })))))`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

function fullPath(route: ManifestRoute, byId: Map<string, ManifestRoute>): string {
  const parts: string[] = [];
  for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? byId.get(r.parentId) : undefined) {
    if (r.path) parts.unshift(r.path);
  }
  return `/${parts.join("/")}`;
}

/** One number per table: a change anywhere shows. Sessions and sign-in bookkeeping are expected to change. */
async function checksum(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not like 'kysely_%' and table_name not in ('sessions', 'sign_in_attempts')
    order by table_name`.execute(db);
  const sums: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    // Sign-ins and refused sealed reads are recorded by design; anything else in the log is a change.
    const filter =
      table_name === "audit_events"
        ? sql`where t.event not in ('SIGN_IN', 'SIGN_IN_FAILED') and t.event not like '%_REFUSED'`
        : sql``;
    const row = await sql<{ sum: string | null; n: string }>`
      select md5(string_agg(t::text, '|' order by t::text)) as sum, count(*)::text as n
      from ${sql.table(table_name)} t ${filter}`.execute(db);
    sums[table_name] = `${row.rows[0].n}:${row.rows[0].sum ?? ""}`;
  }
  return sums;
}

async function request(
  method: "GET" | "POST",
  url: string,
  cookie: string | null,
  form?: Record<string, string>,
): Promise<Response> {
  return fetch(`${BASE}${url}`, {
    method,
    redirect: "manual",
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: method === "POST" ? new URLSearchParams(form ?? {}).toString() : undefined,
  });
}

async function signIn(email: string): Promise<string> {
  const response = await request("POST", "/login", null, { email, password: PASSWORD, redirectTo: "/dashboard" });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return cookie.split(";")[0];
}

let testDb: TestDb | null = null;
let dataDir: string;
let server: ChildProcess | null = null;
let serverOutput = "";
let manifest: ManifestRoute[];
let ids: Ids;
const principals: Principal[] = [];

/** Opens the sweep's database: the Postgres test database, or the embedded one the server uses. */
async function openDb(): Promise<DbHandle> {
  if (testDb?.url) return createPostgres(testDb.url, { max: 2 });
  return createPglite(path.join(dataDir, "pglite"));
}

async function startServer(): Promise<void> {
  if (!PORT) {
    PORT = await freePort();
    BASE = `http://127.0.0.1:${PORT}`;
  }
  server = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "0",
      SESSION_SECRET: "authz-sweep-session-secret",
      SMTP_URL: "",
      ...(testDb?.url ? { DATABASE_URL: testDb.url } : { DATABASE_URL: "" }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (c: Buffer) => (serverOutput += c.toString()));
  server.stderr?.on("data", (c: Buffer) => (serverOutput += c.toString()));
  const until = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${serverOutput}`);
    const ok = await fetch(`${BASE}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error(`server did not start:\n${serverOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server?.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

let before: Record<string, string>;

beforeAll(async () => {
  manifest = readManifest();
  dataDir = mkdtempSync(path.join(tmpdir(), "quotient-authz-"));
  testDb = await createTestDb("authz", { migrate: false });
  if (!testDb.url) {
    // The server opens the embedded database itself; the sweep reads it only while the server is stopped.
    await testDb.destroy();
    testDb = null;
  }
  const handle = await openDb();
  await migrateToLatest(handle.db);
  const demo = await seededDemo(handle.db);
  // What the server would do when it starts, so that starting it changes nothing.
  await closeDueRfqs(handle.db, new Date());
  // Mail the seed queued would be sent by the server's worker during the sweep; send it now.
  const transport = createMailTransport({ mailDir: path.join(dataDir, "mail") });
  const renderAttachment = async (a: { poId: string }) => {
    const document = await getPurchaseOrderDocument(handle.db, a.poId);
    return { filename: "po.pdf", content: await renderPurchaseOrderPdf(document), contentType: "application/pdf" };
  };
  while (
    (await deliverPendingMail({ db: handle.db, transport, from: "test@quotient.test", renderAttachment })).sent > 0
  );
  const initechFailedMail = await enqueueMail(handle.db, {
    orgId: demo.orgId("Initech"),
    to: "someone@initech-supplier.test",
    subject: "Could not be sent",
    text: "Hello",
  });
  await handle.db.updateTable("email_outbox").set({ status: "failed" }).where("id", "=", initechFailedMail).execute();
  ids = { anySupplierOrg: demo.orgId("Northwind Components"), initechFailedMail };
  const nowhere = () => ({
    rfq: [NOWHERE],
    po: [NOWHERE],
    invoice: [NOWHERE],
    attachment: [NOWHERE],
    notification: [NOWHERE],
    agreement: [NOWHERE],
    user: [NOWHERE],
    supplier: [NOWHERE],
    reorderRule: [NOWHERE],
    document: [NOWHERE],
    requisition: [NOWHERE],
  });
  principals.push({ email: null, role: null, orgId: null, cookie: null, foreign: nowhere() });
  for (const email of USERS) {
    const actor = demo.actor(email);
    const foreign: Record<ParamKind, string[]> = nowhere();
    for (const kind of Object.keys(FOREIGN) as ParamKind[]) {
      foreign[kind].push(...(await FOREIGN[kind](handle.db, actor.orgId)));
    }
    principals.push({
      email,
      role: actor.roles[0],
      supplierAdmin: actor.roles.includes("supplier") && actor.roles.includes("admin"),
      orgId: actor.orgId,
      cookie: null,
      foreign,
    });
  }
  // Taken before the server starts (the embedded database has one user at a time); signing in
  // only touches what the checksum leaves out.
  before = await checksum(handle.db);
  await handle.close();
  await startServer();
  for (const p of principals) if (p.email) p.cookie = await signIn(p.email);
}, 180_000);

afterAll(async () => {
  await stopServer();
  await testDb?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("authorization sweep over every route", () => {
  it("knows every route in the manifest, and the build is up to date with app/routes", () => {
    const unknown = manifest.filter((r) => !ROUTES[r.id]).map((r) => r.id);
    expect(unknown, "routes without an entry in ROUTES of tests/integration/authz-routes.test.ts").toEqual([]);
    const files = readdirSync("app/routes").map((f) => `routes/${f.replace(/\.(tsx?|jsx?)$/, "")}`);
    const built = new Set(manifest.map((r) => r.id));
    expect(
      files.filter((f) => !built.has(f)),
      "route files missing from build/: run `npx remix build`",
    ).toEqual([]);
    // The main kinds have something foreign to at least one user, or the sweep would prove little.
    // (Kinds the demo does not seed, like invoices, are still probed with a made-up id.)
    for (const kind of ["rfq", "po", "agreement", "reorderRule"] as const) {
      expect(
        principals.some((p) => p.foreign[kind].length > 1),
        kind,
      ).toBe(true);
    }
  });

  it("refuses every GET and POST that is not the user's, and changes nothing", async () => {
    const byId = new Map(manifest.map((r) => [r.id, r]));
    const failures: string[] = [];
    const check = (ok: boolean, what: string, status: number, location: string | null) => {
      if (!ok) failures.push(`${what} -> ${status}${location ? ` ${location}` : ""}`);
    };
    let attempts = 0;
    // Signing out ends the session the rest of the sweep uses, so it goes last.
    const ordered = [...manifest].sort((a, b) => Number(a.id === "routes/logout") - Number(b.id === "routes/logout"));

    for (const route of ordered) {
      const rule = ROUTES[route.id];
      if (!rule) continue;
      const template = fullPath(route, byId);
      const postSuffix = route.index ? "?index" : "";
      for (const p of principals) {
        const who = p.email ?? "signed out";
        const urls = [template];
        for (const [name, kind] of Object.entries(rule.params ?? {})) {
          const next: string[] = [];
          for (const url of urls) for (const id of p.foreign[kind]) next.push(url.replace(`:${name}`, id));
          urls.splice(0, urls.length, ...next);
        }
        // On a page without parameters a role that may use it would really change things with a valid
        // form; it gets a junk one (and must be told what is wrong), everyone else the valid ones.
        const allowed = !rule.params && mayUse(rule, p);
        const forms = allowed ? [{}] : (rule.forms?.map((f) => f(ids)) ?? [{}]);
        for (const url of urls) {
          const get = await request("GET", url, p.cookie);
          attempts += 1;
          const location = get.headers.get("location");
          const status = get.status;
          await get.arrayBuffer();
          if (status >= 500) failures.push(`GET ${url} as ${who} -> ${status}`);
          const refused = status === 403 || status === 404;
          const toLogin = status >= 300 && status < 400 && (location ?? "").startsWith("/login");
          if (rule.public) {
            // Nothing to refuse; the checksum still proves nothing changed.
          } else if (!p.email) {
            check(toLogin || refused, `GET ${url} signed out`, status, location);
          } else if (rule.params) {
            check(refused, `GET ${url} as ${who}`, status, location);
          } else if (!mayUse(rule, p)) {
            check(refused, `GET ${url} as ${who}`, status, location);
          }

          for (const form of forms) {
            const post = await request("POST", `${url}${postSuffix}`, p.cookie, form);
            attempts += 1;
            const pl = post.headers.get("location");
            const ps = post.status;
            await post.arrayBuffer();
            const what = `POST ${url} ${JSON.stringify(form)} as ${who}`;
            if (ps >= 500) failures.push(`${what} -> ${ps}`);
            if (!route.hasAction) {
              check(ps === 405 || ps === 403 || ps === 404 || (!p.email && !rule.public && ps === 302), what, ps, pl);
              continue;
            }
            const postRefused = ps === 403 || ps === 404;
            if (rule.public) continue;
            if (!p.email)
              check(postRefused || (ps >= 300 && ps < 400 && (pl ?? "").startsWith("/login")), what, ps, pl);
            else if (rule.params || !mayUse(rule, p)) check(postRefused, what, ps, pl);
            // An allowed role posting a junk form to a page without parameters must be told what is wrong.
            else check(ps >= 400 && ps < 500, what, ps, pl);
          }
        }
      }
    }
    expect(failures, serverOutput.slice(-4000)).toEqual([]);
    expect(attempts).toBeGreaterThan(200);

    await stopServer();
    const handle = await openDb();
    try {
      const after = await checksum(handle.db);
      expect(after).toEqual(before);
      expect(Object.keys(after).length).toBeGreaterThan(5);
    } finally {
      await handle.close();
    }
  }, 420_000);
});
