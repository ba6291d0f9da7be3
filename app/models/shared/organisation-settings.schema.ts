/**
 * The organisation settings forms, shared by the page (instant feedback) and
 * the action (the real check): the organisation's particulars, its logo,
 * and its ship-to addresses.
 */
import { z } from "zod";

import { msg, msgWith } from "../../i18n/config";
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

/** The sentences asking for a text field, saying it is too long and that it holds control characters: catalogue keys. */
const text = (said: { enter: string; long: string; control: string }, max: number) =>
  z.string({ error: said.enter }).trim().max(max, msgWith(said.long, { max })).refine(printable, said.control);

/** The sentences asking for a percentage and saying it is not one, catalogue keys. */
const percent = (said: { enter: string; shape: string; most: string }) =>
  z
    .string({ error: said.enter })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,2})?$/, { message: said.shape, abort: true })
    .refine((v) => compare(v, "100") <= 0, said.most);

/** Starts every new PO number: capitals, digits and dashes, as a supplier's ledger files it. */
export const PO_PREFIX_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,11}$/;

export const organisationSettingsSchema = z.object({
  intent: z.literal("settings"),
  legalName: text(
    {
      enter: msg("Enter the legal name."),
      long: msg("Keep the legal name under {{max}} characters."),
      control: msg("Remove the control characters from the legal name."),
    },
    200,
  ).pipe(z.string().min(2, msg("Enter the legal name."))),
  taxId: z.preprocess(
    blankToUndefined,
    text(
      {
        enter: msg("Enter the tax ID."),
        long: msg("Keep the tax ID under {{max}} characters."),
        control: msg("Remove the control characters from the tax ID."),
      },
      50,
    ).optional(),
  ),
  billToAddress: text(
    {
      enter: msg("Enter the bill-to address."),
      long: msg("Keep the bill-to address under {{max}} characters."),
      control: msg("Remove the control characters from the bill-to address."),
    },
    500,
  ).pipe(z.string().min(5, msg("Enter the bill-to address."))),
  baseCurrency: z.enum(CURRENCIES, { error: msg("Choose a currency from the list.") }),
  defaultTimeZone: z
    .string({ error: msg("Enter the time zone.") })
    .trim()
    .min(1, msg("Enter the time zone, like Europe/Berlin."))
    .max(64, msg("Enter the time zone, like Europe/Berlin."))
    .refine(isIanaTimeZone, msg("Enter an IANA time zone name, like Europe/Berlin or America/New_York.")),
  poNumberPrefix: z
    .string({ error: msg("Enter the PO number prefix.") })
    .trim()
    .toUpperCase()
    .regex(
      PO_PREFIX_PATTERN,
      "Use 1 to 12 letters, digits or dashes, starting with a letter or digit, like PO or ACME-PO.",
    ),
  receiptTolerancePercent: percent({
    enter: msg("Enter the receipt tolerance."),
    shape: msg("Enter the receipt tolerance as a percentage such as 5 or 2.5."),
    most: msg("The receipt tolerance is at most 100%."),
  }),
  invoiceTolerancePercent: percent({
    enter: msg("Enter the match tolerance."),
    shape: msg("Enter the match tolerance as a percentage such as 5 or 2.5."),
    most: msg("The match tolerance is at most 100%."),
  }),
  /** A checkbox: absent (unticked) is false. */
  requireTwoFactor: z.preprocess((v) => v === "on" || v === "true", z.boolean()).default(false),
});
export type OrganisationSettingsInput = z.infer<typeof organisationSettingsSchema>;

/** PNG or JPEG, checked by its bytes on the server. */
export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_TOO_LARGE = msg("The logo is larger than 512 KB. Use a smaller PNG or JPEG.");

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
    .custom<PostedFile>((v) => isPostedFile(v) && v.size > 0, { error: msg("Choose a PNG or JPEG file.") })
    .refine((file) => file.size <= LOGO_MAX_BYTES, LOGO_TOO_LARGE),
});

export const removeLogoSchema = z.object({ intent: z.literal("remove-logo") });

const shipToId = z.string({ error: msg("Choose an address.") }).uuid(msg("Choose an address."));
const version = z.coerce
  .number({ error: msg("Reload the page and try again.") })
  .int(msg("Reload the page and try again."))
  .min(1, msg("Reload the page and try again."));
const label = text(
  {
    enter: msg("Enter the name."),
    long: msg("Keep the name under {{max}} characters."),
    control: msg("Remove the control characters from the name."),
  },
  100,
).pipe(z.string().min(1, msg("Name the address, like Main warehouse.")));
const address = text(
  {
    enter: msg("Enter the address."),
    long: msg("Keep the address under {{max}} characters."),
    control: msg("Remove the control characters from the address."),
  },
  500,
).pipe(z.string().min(5, msg("Enter the address.")));

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
