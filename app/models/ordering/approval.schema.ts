/**
 * The PO page's approval forms, one schema each: the buyer submits and
 * revises, finance approves and rejects (with a reason). Every one carries
 * the version the person saw, so a decision on a PO changed since is refused.
 */
import { z } from "zod";
import { versionField } from "../shared/fields.schema";
import { msg } from "../../i18n/config";

export const poVersionField = versionField;

/** A reason for stopping a PO: what the other party reads in its mail and on the page. `ask` is a catalogue key. */
export function poReasonField(ask: string) {
  return z.string({ error: ask }).trim().min(3, ask).max(1000, msg("Keep the reason under 1000 characters."));
}

export const poSubmitSchema = z.object({ version: poVersionField });
export const poApproveSchema = z.object({ version: poVersionField });
export const poRejectSchema = z.object({
  version: poVersionField,
  reason: poReasonField(msg("Say why you reject it.")),
});
export const poReviseSchema = z.object({ version: poVersionField });
