/**
 * Organisation settings, kept by the admin of a buying organisation: every
 * refusal (another organisation's address 404, a wrong role 403, bad zone,
 * bad prefix, hostile input, bad or huge logo bytes), every change audited,
 * new PO numbers carry the prefix while old ones keep theirs, the PO PDF
 * carries the logo (read back with poppler's pdfimages), and the receipt
 * and match tolerances set here are the ones receipts and the match use.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderPurchaseOrderPdf } from "../../../app/documents/purchase-order-pdf.server";
import { translated } from "../../../app/i18n/config";
import { serverT } from "../../../app/i18n/i18n.server";
import { submitInvoice } from "../../../app/models/fulfilment/invoice-submission.server";
import { getPurchaseOrderDocument } from "../../../app/models/ordering/document.server";
import { createDirectPo } from "../../../app/models/ordering/draft.server";
import { poFormSchema } from "../../../app/models/ordering/purchase-order.schema";
import {
  LOGO_MAX_BYTES,
  organisationSettingsSchema,
  type OrganisationSettingsInput,
} from "../../../app/models/shared/organisation-settings.schema";
import { checkLogo, removeLogo, uploadLogo } from "../../../app/models/shared/organisation-logo.server";
import {
  getOrganisationSettings,
  saveOrganisationSettings,
} from "../../../app/models/shared/organisation-settings.server";
import { changeShipTo, listShipTos, shipToChoices } from "../../../app/models/shared/ship-to.server";
import { FormError } from "../../../app/utils/errors";
import { parseSubmission } from "../../../app/utils/submission";
import { demoLogoPng } from "../../../db/demo-logo";
import {
  ACME,
  actingAs,
  BUYER,
  FINANCE,
  INITECH_BUYER,
  NORTHWIND,
  NORTHWIND_SALES,
  responseOf,
  seededDemo,
  type Demo,
} from "../../factories/demo";
import { acknowledged, draftPo, poLineIds, poRow, receive } from "../../factories/purchasing";
import { createTestDb, type TestDb } from "../../support/test-db";

const ADMIN = "admin@acme.test";

let t: TestDb;
let demo: Demo;
let dir: string;

beforeAll(async () => {
  t = await createTestDb("organisation_settings", { max: 12 });
  demo = await seededDemo(t.db);
  dir = mkdtempSync(path.join(tmpdir(), "quotient-settings-"));
});

afterAll(async () => {
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const acmeSettings = async () => (await getOrganisationSettings(demo.as(ADMIN))).settings;

async function save(changes: Partial<OrganisationSettingsInput>, as = ADMIN) {
  const current = await acmeSettings();
  return saveOrganisationSettings(demo.as(as), {
    ...current,
    taxId: current.taxId || undefined,
    baseCurrency: "EUR",
    intent: "settings",
    ...changes,
  });
}

/** The errors the form's schema gives for a post, by field. */
function formErrors(fields: Record<string, string | string[]>): Record<string, string[]> {
  const form = new FormData();
  const valid = {
    intent: "settings",
    legalName: "Acme Manufacturing GmbH",
    billToAddress: "Industriestraße 12, 70565 Stuttgart",
    baseCurrency: "EUR",
    defaultTimeZone: "Europe/Berlin",
    poNumberPrefix: "PO",
    receiptTolerancePercent: "5",
    invoiceTolerancePercent: "2",
  };
  for (const [k, v] of Object.entries({ ...valid, ...fields })) for (const item of [v].flat()) form.append(k, item);
  const submission = parseSubmission(form, organisationSettingsSchema);
  return submission.status === "success" ? {} : ((submission.error ?? {}) as Record<string, string[]>);
}

const foreignAdmin = () => actingAs(t.db, { ...demo.actor(INITECH_BUYER), roles: ["admin"] });

describe("the organisation's particulars", () => {
  it("are the admin's: saved, audited with what changed, and a save that changes nothing writes nothing", async () => {
    const before = await t.db.selectFrom("audit_events").where("event", "=", "UPDATE_SETTINGS").select("id").execute();
    const { changed } = await save({ taxId: "DE999888777", defaultTimeZone: "America/New_York" });
    expect(changed.sort()).toEqual(["defaultTimeZone", "taxId"]);
    const org = await t.db
      .selectFrom("organisations")
      .where("id", "=", demo.orgId(ACME))
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ tax_id: "DE999888777", default_time_zone: "America/New_York" });
    const events = await t.db
      .selectFrom("audit_events")
      .where("event", "=", "UPDATE_SETTINGS")
      .selectAll()
      .orderBy("created_at", "desc")
      .execute();
    expect(events.length).toBe(before.length + 1);
    expect(events[0]).toMatchObject({
      org_id: demo.orgId(ACME),
      actor_id: demo.actor(ADMIN).userId,
      entity_type: "organisation",
    });
    expect(events[0].data).toMatchObject({
      before: { taxId: "DE811234567", defaultTimeZone: "Europe/Berlin" },
      after: { taxId: "DE999888777", defaultTimeZone: "America/New_York" },
    });
    expect((await save({})).changed).toEqual([]);
    expect(
      (await t.db.selectFrom("audit_events").where("event", "=", "UPDATE_SETTINGS").select("id").execute()).length,
    ).toBe(before.length + 1);
    await save({ taxId: "DE811234567", defaultTimeZone: "Europe/Berlin" });
  });

  it("refuses buyer and finance with 403, and nobody else's organisation is reachable", async () => {
    for (const who of [BUYER, FINANCE]) {
      expect((await responseOf(save({ legalName: "Taken over" }, who))).status).toBe(403);
      expect((await responseOf(uploadLogo(demo.as(who), { bytes: demoLogoPng() }))).status).toBe(403);
    }
    // A supplier may not even read a buying organisation's settings.
    expect((await responseOf(getOrganisationSettings(demo.as(NORTHWIND_SALES)))).status).toBe(404);
    expect((await acmeSettings()).legalName).toBe("Acme Manufacturing GmbH");
  });

  it("answers a bad zone, a bad prefix and hostile input next to the field", () => {
    for (const zone of ["Mars/Olympus_Mons", "Europe/Berln", "GMT+25", "", "Europe/Berlin\u0000"]) {
      expect(formErrors({ defaultTimeZone: zone }).defaultTimeZone, zone).toBeDefined();
    }
    for (const prefix of ["PO 1", "ÄPO", "-PO", "PREFIXTOOLONG1", "=CMD()", "", "PO/26"]) {
      expect(formErrors({ poNumberPrefix: prefix }).poNumberPrefix, prefix).toBeDefined();
    }
    expect(formErrors({ poNumberPrefix: "acme-po" })).toEqual({});
    expect(formErrors({ receiptTolerancePercent: "101" }).receiptTolerancePercent).toEqual([
      "The receipt tolerance is at most 100%.",
    ]);
    expect(formErrors({ invoiceTolerancePercent: "99999999999999999999" }).invoiceTolerancePercent).toBeDefined();
    expect(formErrors({ invoiceTolerancePercent: "-1" }).invoiceTolerancePercent).toBeDefined();
    expect(formErrors({ legalName: ["Acme", "Evil"] }).legalName).toBeDefined();
    expect(formErrors({ legalName: "Acme\u0007GmbH" }).legalName).toEqual([
      "Remove the control characters from the legal name.",
    ]);
    expect(formErrors({ baseCurrency: "XXX" }).baseCurrency).toEqual(["Choose a currency from the list."]);
    expect(formErrors({ billToAddress: "x".repeat(501) }).billToAddress).toBeDefined();
  });
});

describe("PO numbers", () => {
  it("take the prefix from now on; numbers given keep theirs; concurrent POs never share a number", async () => {
    const earlier = await t.db
      .selectFrom("purchase_orders")
      .where("buyer_org_id", "=", demo.orgId(ACME))
      .select(["id", "number"])
      .execute();
    expect(earlier.length).toBeGreaterThan(0);
    await save({ poNumberPrefix: "ACME-PO" });
    const input = () =>
      poFormSchema.parse({
        supplierOrgId: demo.orgId(NORTHWIND),
        currency: "EUR",
        deliveryAddress: "Gate 3, Stuttgart",
        lines: [{ itemName: "Hex nut M8", quantity: "10", unit: "pcs", unitPrice: "1.00" }],
      });
    const created = await Promise.all(Array.from({ length: 6 }, () => createDirectPo(demo.as(BUYER), input())));
    const year = new Date().getUTCFullYear();
    for (const po of created) expect(po.poNumber).toMatch(new RegExp(`^ACME-PO-${year}-\\d{6}$`));
    expect(new Set(created.map((p) => p.poNumber)).size).toBe(6);
    // The counter is the organisation's whatever the prefix: the new numbers continue it.
    const highest = Math.max(...earlier.map((p) => Number(p.number.slice(-6))));
    expect(Math.min(...created.map((p) => Number(p.poNumber.slice(-6))))).toBeGreaterThan(highest);
    for (const po of earlier) expect((await poRow(t.db, po.id)).number).toBe(po.number);
    await save({ poNumberPrefix: "PO" });
  });
});

describe("the logo", () => {
  it("is checked by its bytes: not an image, a PNG cut short, too large, too many pixels are refused next to the file", async () => {
    const refusal = async (bytes: Uint8Array) => {
      try {
        await checkLogo(bytes);
      } catch (error) {
        // The refusal as the page shows it, values and all.
        if (error instanceof FormError) return translated(serverT(), error.fieldErrors.attachment ?? "");
        throw error;
      }
      return null;
    };
    expect(await refusal(Buffer.from("GIF89a\u0001\u0000\u0001\u0000"))).toMatch(/PNG or JPEG/);
    expect(await refusal(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toMatch(/PNG or JPEG/);
    const png = demoLogoPng();
    expect(await refusal(png.subarray(0, png.length - 20))).toMatch(/could not be read/);
    expect(await refusal(Buffer.concat([png.subarray(0, 8), Buffer.alloc(64, 7)]))).toMatch(/could not be read/);
    expect(await refusal(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toMatch(/could not be read/);
    expect(await refusal(Buffer.alloc(LOGO_MAX_BYTES + 1, 0x89))).toMatch(/larger than 512 KB/);
    expect(await refusal(demoLogoPng(2100))).toMatch(/2100 × 2100 pixels/);
    expect(await refusal(png)).toBeNull();
  });

  it("is printed on the PO PDF as an image, and gone once removed; each change is audited", async () => {
    const poId = (
      await t.db
        .selectFrom("purchase_orders")
        .where("buyer_org_id", "=", demo.orgId(ACME))
        .select("id")
        .executeTakeFirstOrThrow()
    ).id;
    const images = async () => {
      const file = path.join(dir, `po-${Date.now()}.pdf`);
      writeFileSync(file, await renderPurchaseOrderPdf(await getPurchaseOrderDocument(t.db, poId)));
      // pdfimages -list: a header of two lines, then one line per image: page, num, type, width, height, ...
      return execFileSync("pdfimages", ["-list", file], { encoding: "utf8" })
        .trim()
        .split("\n")
        .slice(2)
        .map((line) => line.trim().split(/\s+/));
    };
    // The demo's logo: 64 × 64 pixels, on page 1.
    const seeded = await images();
    expect(seeded).toHaveLength(1);
    expect(seeded[0].slice(0, 5)).toEqual(["1", "0", "image", "64", "64"]);

    await uploadLogo(demo.as(ADMIN), { bytes: demoLogoPng(90) });
    expect((await images())[0].slice(3, 5)).toEqual(["90", "90"]);
    await removeLogo(demo.as(ADMIN));
    expect(await images()).toEqual([]);
    await uploadLogo(demo.as(ADMIN), { bytes: demoLogoPng() });
    const events = await t.db
      .selectFrom("audit_events")
      .where("org_id", "=", demo.orgId(ACME))
      .where("event", "in", ["ADD_LOGO", "REPLACE_LOGO", "REMOVE_LOGO"])
      .select("event")
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual(["ADD_LOGO", "REPLACE_LOGO", "REMOVE_LOGO", "ADD_LOGO"]);
  });
});

describe("ship-to addresses", () => {
  it("keep one default, are offered to RFQ and PO forms, and a PO copies the chosen one's text", async () => {
    const admin = demo.as(ADMIN);
    const { id } = await changeShipTo(admin, {
      intent: "add",
      label: "Ulm depot",
      address: "Acme Manufacturing GmbH\nDepot Ulm\nHafenbad 1\n89073 Ulm",
      makeDefault: true,
    });
    const choices = await shipToChoices(demo.as(BUYER));
    expect(choices.map((c) => [c.label, c.isDefault])).toEqual([
      ["Ulm depot", true],
      ["Esslingen warehouse", false],
      ["Stuttgart plant, goods in", false],
    ]);
    const { poId } = await createDirectPo(
      demo.as(BUYER),
      poFormSchema.parse({
        supplierOrgId: demo.orgId(NORTHWIND),
        currency: "EUR",
        shipToId: id,
        lines: [{ itemName: "Hex nut M8", quantity: "10", unit: "pcs", unitPrice: "1.00" }],
      }),
    );
    expect((await poRow(t.db, poId)).delivery_address).toBe(
      "Acme Manufacturing GmbH\nDepot Ulm\nHafenbad 1\n89073 Ulm",
    );

    const version = async () =>
      (await t.db.selectFrom("ship_to_addresses").where("id", "=", id).select("version").executeTakeFirstOrThrow())
        .version;
    await changeShipTo(admin, {
      intent: "edit",
      id,
      version: await version(),
      label: "Ulm depot",
      address: "Depot Ulm, 89073 Ulm",
    });
    // The PO keeps the address it was written with.
    expect((await poRow(t.db, poId)).delivery_address).toContain("Hafenbad 1");
    // A stale form is refused.
    await expect(
      changeShipTo(admin, { intent: "edit", id, version: 1, label: "Old", address: "Old address 1" }),
    ).rejects.toBeInstanceOf(FormError);
    await changeShipTo(admin, { intent: "archive", id, version: await version() });
    const after = await shipToChoices(demo.as(BUYER));
    expect(after.map((c) => c.label)).not.toContain("Ulm depot");
    // An archived address is no longer one a form may name.
    await expect(
      createDirectPo(
        demo.as(BUYER),
        poFormSchema.parse({
          supplierOrgId: demo.orgId(NORTHWIND),
          currency: "EUR",
          shipToId: id,
          lines: [{ itemName: "Hex nut M8", quantity: "10", unit: "pcs", unitPrice: "1.00" }],
        }),
      ),
    ).rejects.toMatchObject({ fieldErrors: { shipToId: "Choose one of your organisation's ship-to addresses." } });
    const events = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", id)
      .select("event")
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual(["ADD_SHIP_TO", "EDIT_SHIP_TO", "ARCHIVE_SHIP_TO"]);
  });

  it("refuse another organisation's admin with 404 and a buyer with 403; a PO form may not name another organisation's address", async () => {
    const acmeShipTo = await t.db
      .selectFrom("ship_to_addresses")
      .where("org_id", "=", demo.orgId(ACME))
      .where("archived_at", "is", null)
      .selectAll()
      .executeTakeFirstOrThrow();
    const archive = { intent: "archive" as const, id: acmeShipTo.id, version: acmeShipTo.version };
    expect((await responseOf(changeShipTo(foreignAdmin(), archive))).status).toBe(404);
    expect((await responseOf(changeShipTo(demo.as(BUYER), archive))).status).toBe(403);
    expect(
      (
        await responseOf(
          changeShipTo(demo.as(BUYER), { intent: "add", label: "Mine", address: "Somewhere 1", makeDefault: false }),
        )
      ).status,
    ).toBe(403);
    const initech = actingAs(t.db, demo.actor(INITECH_BUYER));
    await expect(
      createDirectPo(initech, {
        ...poFormSchema.parse({
          supplierOrgId: demo.orgId(NORTHWIND),
          currency: "USD",
          shipToId: acmeShipTo.id,
          lines: [{ itemName: "Paper", quantity: "1", unit: "pcs", unitPrice: "1.00" }],
        }),
      }),
    ).rejects.toMatchObject({ fieldErrors: { shipToId: "Choose one of your organisation's ship-to addresses." } });
    expect(
      (await t.db.selectFrom("ship_to_addresses").where("id", "=", acmeShipTo.id).selectAll().executeTakeFirstOrThrow())
        .archived_at,
    ).toBeNull();
  });

  it("restores an archived address: offered again, not as default, audited; refused to others and when stale", async () => {
    const admin = demo.as(ADMIN);
    const { id } = await changeShipTo(admin, {
      intent: "add",
      label: "Reutlingen annex",
      address: "Acme Manufacturing GmbH\nAnnex\nLederstraße 4\n72764 Reutlingen",
      makeDefault: false,
    });
    const row = () => t.db.selectFrom("ship_to_addresses").where("id", "=", id).selectAll().executeTakeFirstOrThrow();
    // Only an archived address is restored.
    await expect(changeShipTo(admin, { intent: "restore", id, version: (await row()).version })).rejects.toMatchObject({
      fieldErrors: { form: "This address is in use already." },
    });
    await changeShipTo(admin, { intent: "archive", id, version: (await row()).version });
    const archived = await row();
    expect((await listShipTos(admin)).archived.find((a) => a.id === id)?.can).toMatchObject({ restore: true });
    expect((await shipToChoices(demo.as(BUYER))).map((c) => c.label)).not.toContain("Reutlingen annex");

    const restore = { intent: "restore" as const, id, version: archived.version };
    expect((await responseOf(changeShipTo(foreignAdmin(), restore))).status).toBe(404);
    expect((await responseOf(changeShipTo(demo.as(BUYER), restore))).status).toBe(403);
    await expect(changeShipTo(admin, { ...restore, version: archived.version - 1 })).rejects.toBeInstanceOf(FormError);
    expect((await row()).archived_at).not.toBeNull();

    const defaultBefore = (await shipToChoices(demo.as(BUYER))).filter((c) => c.isDefault).map((c) => c.label);
    await changeShipTo(admin, restore);
    expect(await row()).toMatchObject({ archived_at: null, is_default: false, version: archived.version + 1 });
    const choices = await shipToChoices(demo.as(BUYER));
    expect(choices.find((c) => c.label === "Reutlingen annex")).toMatchObject({ isDefault: false });
    // Whatever was the default stays so.
    expect(choices.filter((c) => c.isDefault).map((c) => c.label)).toEqual(defaultBefore);
    // The same form sent twice: the second finds a newer version and changes nothing.
    await expect(changeShipTo(admin, restore)).rejects.toBeInstanceOf(FormError);
    const events = await t.db
      .selectFrom("audit_events")
      .where("entity_id", "=", id)
      .select(["event", "actor_id", "org_id", "data"])
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.event)).toEqual(["ADD_SHIP_TO", "ARCHIVE_SHIP_TO", "RESTORE_SHIP_TO"]);
    expect(events[2]).toMatchObject({
      actor_id: demo.actor(ADMIN).userId,
      org_id: demo.orgId(ACME),
      data: { label: "Reutlingen annex", isDefault: false },
    });
  });

  it("a chosen address and a typed one together are refused next to the typed one", () => {
    const submission = parseSubmission(
      new URLSearchParams({
        supplierOrgId: demo.orgId(NORTHWIND),
        currency: "EUR",
        shipToId: "00000000-0000-4000-8000-000000000001",
        deliveryAddress: "Somewhere else 5",
        "lines[0].itemName": "Hex nut",
        "lines[0].quantity": "1",
        "lines[0].unit": "pcs",
        "lines[0].unitPrice": "1",
      }),
      poFormSchema,
    );
    expect(submission.status).toBe("error");
    expect(submission.status === "error" && submission.error?.deliveryAddress?.[0]).toMatch(/Clear this address/);
  });
});

describe("tolerances set here", () => {
  it("are the ones receipts are held to", async () => {
    await save({ receiptTolerancePercent: "0" });
    const poId = await draftPo(
      demo,
      [{ itemName: "Hex nut M8", specification: "", quantity: "100", unit: "pcs" }],
      ["20.00"],
    );
    await acknowledged(demo, poId);
    await expect(receive(demo, poId, ["101"])).rejects.toBeInstanceOf(FormError);
    await save({ receiptTolerancePercent: "10" });
    await receive(demo, poId, ["110"]);
    expect((await poRow(t.db, poId)).status).toBe("received");
    await save({ receiptTolerancePercent: "5" });
  });

  it("are the ones the invoice match is held to", async () => {
    const poId = await draftPo(
      demo,
      [{ itemName: "Washer M8", specification: "", quantity: "10", unit: "pcs" }],
      ["200.00"],
    );
    await acknowledged(demo, poId);
    await receive(demo, poId, ["10"]);
    const [lineId] = await poLineIds(t.db, poId);
    const invoice = (number: string) =>
      submitInvoice(demo.as(NORTHWIND_SALES), {
        poId,
        invoiceNumber: number,
        issuedOn: "2026-11-22",
        dueOn: "",
        lines: [{ poLineId: lineId, quantity: "10", unitPrice: "202.00", taxRate: "0" }],
      });
    await save({ invoiceTolerancePercent: "0" });
    const disputed = await invoice("TOL-1");
    expect(
      (
        await t.db
          .selectFrom("invoices")
          .where("id", "=", disputed.invoiceId)
          .select("status")
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe("disputed");
    await save({ invoiceTolerancePercent: "2" });
    const poId2 = await draftPo(
      demo,
      [{ itemName: "Washer M8", specification: "", quantity: "10", unit: "pcs" }],
      ["200.00"],
    );
    await acknowledged(demo, poId2);
    await receive(demo, poId2, ["10"]);
    const [lineId2] = await poLineIds(t.db, poId2);
    const matched = await submitInvoice(demo.as(NORTHWIND_SALES), {
      poId: poId2,
      invoiceNumber: "TOL-2",
      issuedOn: "2026-11-22",
      dueOn: "",
      lines: [{ poLineId: lineId2, quantity: "10", unitPrice: "202.00", taxRate: "0" }],
    });
    expect(
      (await t.db.selectFrom("invoices").where("id", "=", matched.invoiceId).select("status").executeTakeFirstOrThrow())
        .status,
    ).toBe("matched");
  });
});
