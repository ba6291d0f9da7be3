/**
 * The PO page's answers to an issued PO, one schema each: the supplier
 * acknowledges (with an optional promised date) or declines (with a reason),
 * and the buying side cancels (with a reason) before goods arrive.
 */
import { z } from "zod";

import { optionalDateField } from "../shared/fields.schema";
import { poReasonField, poVersionField } from "./approval.schema";
import { msg } from "../../i18n/config";

export const poAcknowledgeSchema = z.object({
  version: poVersionField,
  promisedDate: optionalDateField("promised delivery date"),
});
export const poDeclineSchema = z.object({
  version: poVersionField,
  declineReason: poReasonField(msg("Say why you decline it.")),
});
export const poCancelSchema = z.object({
  version: poVersionField,
  cancelReason: poReasonField(msg("Say why you cancel it.")),
});
