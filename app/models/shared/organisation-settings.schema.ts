/**
 * The organisation settings forms, shared by the page (instant feedback) and
 * the action (the real check): the organisation's particulars, its logo,
 * and its ship-to addresses.
 */
import { z } from "zod";

import { compare } from "../../utils/money";

import { CURRENCIES } from "./vocabularies";
import { blankToUndefined, printable } from "./fields.schema";

/** The zones the runtime knows by their IANA names (Node and every current browser ship the list). */
const IANA_ZONES: ReadonlySet<string> = new Set([
  "UTC",
  ...(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []),
]);

export function isIanaTimeZone(zone: string): boolean {
  if (IANA_ZONES.size > 1) return IANA_ZONES.has(zone);
  // A runtime without the list: ask the formatter, which refuses unknown names.
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .max(max, `Keep the ${label} under ${max} characters.`)
    .refine(printable, `Remove the control characters from the ${label}.`);

const percent = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, { message: `Enter the ${label} as a percentage such as 5 or 2.5.`, abort: true })
    .refine((v) => compare(v, "100") <= 0, `The ${label} is at most 100%.`);

/** Starts every new PO number: capitals, digits and dashes, as a supplier's ledger files it. */
export const PO_PREFIX_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,11}$/;

export const organisationSettingsSchema = z.object({
  intent: z.literal("settings"),
  legalName: text("legal name", 200).pipe(z.string().min(2, "Enter the legal name.")),
  taxId: z.preprocess(blankToUndefined, text("tax ID", 50).optional()),
  billToAddress: text("bill-to address", 500).pipe(z.string().min(5, "Enter the bill-to address.")),
  baseCurrency: z.enum(CURRENCIES, { error: "Choose a currency from the list." }),
  defaultTimeZone: z
    .string({ error: "Enter the time zone." })
    .trim()
    .min(1, "Enter the time zone, like Europe/Berlin.")
    .max(64, "Enter the time zone, like Europe/Berlin.")
    .refine(isIanaTimeZone, "Enter an IANA time zone name, like Europe/Berlin or America/New_York."),
  poNumberPrefix: z
    .string({ error: "Enter the PO number prefix." })
    .trim()
    .toUpperCase()
    .regex(
      PO_PREFIX_PATTERN,
      "Use 1 to 12 letters, digits or dashes, starting with a letter or digit, like PO or ACME-PO.",
    ),
  receiptTolerancePercent: percent("receipt tolerance"),
  invoiceTolerancePercent: percent("match tolerance"),
  /** A checkbox: absent (unticked) is false. */
  requireTwoFactor: z.preprocess((v) => v === "on" || v === "true", z.boolean()).default(false),
});
export type OrganisationSettingsInput = z.infer<typeof organisationSettingsSchema>;

/** PNG or JPEG, checked by its bytes on the server. */
export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_TOO_LARGE = "The logo is larger than 512 KB. Use a smaller PNG or JPEG.";

type PostedFile = { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };
const isPostedFile = (value: unknown): value is PostedFile =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as PostedFile).size === "number" &&
  typeof (value as PostedFile).arrayBuffer === "function";

export const logoUploadSchema = z.object({
  intent: z.literal("logo"),
  // The upload reader names the file field "attachment" when it cuts an oversized body short.
  attachment: z
    .custom<PostedFile>((v) => isPostedFile(v) && v.size > 0, { error: "Choose a PNG or JPEG file." })
    .refine((file) => file.size <= LOGO_MAX_BYTES, LOGO_TOO_LARGE),
});

export const removeLogoSchema = z.object({ intent: z.literal("remove-logo") });

const shipToId = z.string({ error: "Choose an address." }).uuid("Choose an address.");
const version = z.coerce
  .number({ error: "Reload the page and try again." })
  .int("Reload the page and try again.")
  .min(1, "Reload the page and try again.");
const label = text("name", 100).pipe(z.string().min(1, "Name the address, like Main warehouse."));
const address = text("address", 500).pipe(z.string().min(5, "Enter the address."));

export const addShipToSchema = z.object({
  intent: z.literal("add"),
  label,
  address,
  makeDefault: z.preprocess((v) => v === "on" || v === "true", z.boolean()).default(false),
});
export const editShipToSchema = z.object({ intent: z.literal("edit"), id: shipToId, version, label, address });
export const archiveShipToSchema = z.object({ intent: z.literal("archive"), id: shipToId, version });
export const defaultShipToSchema = z.object({ intent: z.literal("make-default"), id: shipToId, version });
export const restoreShipToSchema = z.object({ intent: z.literal("restore"), id: shipToId, version });

export const shipToActionSchema = z.discriminatedUnion("intent", [
  addShipToSchema,
  editShipToSchema,
  archiveShipToSchema,
  defaultShipToSchema,
  restoreShipToSchema,
]);
export type ShipToAction = z.infer<typeof shipToActionSchema>;

/** The organisation page's text forms: the particulars, or removing the logo (the upload is multipart, read apart). */
export const organisationPageSchema = z.discriminatedUnion("intent", [organisationSettingsSchema, removeLogoSchema]);
