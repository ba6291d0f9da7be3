/**
 * The supplier's answer to a buying organisation that asked to work with it:
 * accept, or decline with an optional reason. Shared by the page (instant
 * feedback) and the action (the real check).
 */
import { msg } from "../../i18n/config";
import { z } from "zod";

import { printable, versionField } from "../shared/fields.schema";

const which = {
  id: z.string({ error: msg("Choose a request.") }).uuid(msg("Choose a request.")),
  version: versionField.min(1, msg("Reload the page and try again.")),
};

export const acceptRelationshipSchema = z.object({ intent: z.literal("accept"), ...which });

export const declineRelationshipSchema = z.object({
  intent: z.literal("decline"),
  ...which,
  reason: z
    .string()
    .trim()
    .max(1000, msg("Keep the reason under 1000 characters."))
    .refine(printable, msg("Remove the control characters from the reason."))
    .optional(),
});

export const relationshipDecisionSchema = z.discriminatedUnion("intent", [
  acceptRelationshipSchema,
  declineRelationshipSchema,
]);
