/**
 * The forms of supplier qualification documents: the documents a category
 * requires (settings), a supplier's upload with its expiry date, the buyer's
 * decision on one, and the organisation's choice to suspend on expiry.
 * Shared by the pages (instant feedback) and the actions (the real check).
 */
import { z } from "zod";

import { attachFileSchema } from "../shared/attachment.schema";
import { dateField, printable, versionField } from "../shared/fields.schema";

const label = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(max, `Keep the ${what} under ${max} characters.`)
    .refine(printable, `Remove the control characters from the ${what}.`);

const reason = z
  .string({ error: "Give a reason." })
  .trim()
  .min(1, "Give a reason.")
  .max(1000, "Keep the reason under 1000 characters.")
  .refine(printable, "Remove the control characters from the reason.");

const uuid = (what: string) => z.string({ error: `Choose a ${what}.` }).uuid(`Choose a ${what}.`);

export const addRequirementSchema = z.object({
  intent: z.literal("require"),
  category: label("category", 100),
  documentType: label("document type", 120),
});

export const removeRequirementSchema = z.object({ intent: z.literal("remove"), id: uuid("requirement") });

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
  buyerOrgId: uuid("customer"),
  documentType: label("document type", 120),
  expiresOn: dateField("expiry date"),
});

export const approveDocumentSchema = z.object({ intent: z.literal("approveDocument"), documentId: uuid("document") });
export const rejectDocumentSchema = z.object({
  intent: z.literal("rejectDocument"),
  documentId: uuid("document"),
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
