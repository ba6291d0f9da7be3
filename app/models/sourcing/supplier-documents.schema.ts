/**
 * The forms of supplier qualification documents: the documents a category
 * requires (settings), a supplier's upload with its expiry date, the buyer's
 * decision on one, and the organisation's choice to suspend on expiry.
 * Shared by the pages (instant feedback) and the actions (the real check).
 */
import { msg } from "../../i18n/config";
import { z } from "zod";

import { attachFileSchema } from "../shared/attachment.schema";
import { dateField, printable, versionField } from "../shared/fields.schema";

/** A short text field's messages, whole sentences per field so each translates on its own. */
type LabelMessages = { missing: string; tooLong: string; control: string };

const CATEGORY: LabelMessages = {
  missing: msg("Enter the category."),
  tooLong: msg("Keep the category under 100 characters."),
  control: msg("Remove the control characters from the category."),
};

const DOCUMENT_TYPE: LabelMessages = {
  missing: msg("Enter the document type."),
  tooLong: msg("Keep the document type under 120 characters."),
  control: msg("Remove the control characters from the document type."),
};

const label = (messages: LabelMessages, max: number) =>
  z
    .string({ error: messages.missing })
    .trim()
    .min(1, messages.missing)
    .max(max, messages.tooLong)
    .refine(printable, messages.control);

const reason = z
  .string({ error: msg("Give a reason.") })
  .trim()
  .min(1, msg("Give a reason."))
  .max(1000, msg("Keep the reason under 1000 characters."))
  .refine(printable, msg("Remove the control characters from the reason."));

const uuid = (message: string) => z.string({ error: message }).uuid(message);

export const addRequirementSchema = z.object({
  intent: z.literal("require"),
  category: label(CATEGORY, 100),
  documentType: label(DOCUMENT_TYPE, 120),
});

export const removeRequirementSchema = z.object({
  intent: z.literal("remove"),
  id: uuid(msg("Choose a requirement.")),
});

export const expirySettingSchema = z.object({
  intent: z.literal("expiry"),
  // An unticked checkbox sends nothing.
  suspendOnExpiry: z
    .union([z.literal("on"), z.literal("")])
    .optional()
    .transform((v) => v === "on"),
});

export const requirementsActionSchema = z.discriminatedUnion("intent", [
  addRequirementSchema,
  removeRequirementSchema,
  expirySettingSchema,
]);

/** A supplier's upload: which customer, which document, until when; the file itself as on every attach form. */
export const uploadDocumentSchema = attachFileSchema.extend({
  buyerOrgId: uuid(msg("Choose a customer.")),
  documentType: label(DOCUMENT_TYPE, 120),
  expiresOn: dateField("expiry date"),
});

export const approveDocumentSchema = z.object({
  intent: z.literal("approveDocument"),
  documentId: uuid(msg("Choose a document.")),
});
export const rejectDocumentSchema = z.object({
  intent: z.literal("rejectDocument"),
  documentId: uuid(msg("Choose a document.")),
  reason,
});

export const approveSupplierSchema = z.object({ intent: z.literal("approve"), version: versionField });
export const liftSupplierSchema = z.object({ intent: z.literal("lift"), version: versionField });
export const suspendSupplierSchema = z.object({ intent: z.literal("suspend"), version: versionField, reason });
export const blockSupplierSchema = z.object({ intent: z.literal("block"), version: versionField, reason });
export const unblockSupplierSchema = z.object({ intent: z.literal("unblock"), version: versionField, reason });

export const qualifySchema = z.discriminatedUnion("intent", [
  approveSupplierSchema,
  liftSupplierSchema,
  suspendSupplierSchema,
  blockSupplierSchema,
  unblockSupplierSchema,
]);

export type QualifyInput = z.infer<typeof qualifySchema>;
