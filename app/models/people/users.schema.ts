/**
 * An admin's forms for the organisation's people: invite an address with
 * one or more roles, change someone's roles, deactivate, reactivate, invite again.
 */
import { z } from "zod";

import { emailField, newPasswordField, personNameField } from "./fields.schema";
import { msg } from "../../i18n/config";

/** The roles of a buying organisation, as the forms offer them (labels are catalogue keys). */
export const ROLE_CHOICES = [
  { value: "requester", label: msg("Requester") },
  { value: "buyer", label: msg("Buyer") },
  { value: "finance", label: msg("Finance") },
  { value: "admin", label: msg("Admin") },
] as const;

/** The roles of a supplier organisation: everyone is a supplier (sales, accounts); its admin also keeps the company. */
export const SUPPLIER_ROLE_CHOICES = [
  { value: "supplier", label: msg("Supplier (quotes, orders, invoices)") },
  { value: "admin", label: msg("Admin (company profile and colleagues)") },
] as const;

/** Which list the form offers; the server checks the roles against the organisation's kind. */
export function roleChoicesFor(supplierSide: boolean) {
  return supplierSide ? SUPPLIER_ROLE_CHOICES : ROLE_CHOICES;
}

const roleValue = z.enum(["requester", "buyer", "finance", "admin", "supplier"], {
  error: msg("Choose roles from the list."),
});

const rolesField = z
  .array(roleValue, { error: msg("Choose at least one role.") })
  .min(1, msg("Choose at least one role."))
  .max(4, msg("Choose roles from the list."))
  .transform((roles) => [...new Set(roles)]);

export const inviteSchema = z.object({
  intent: z.literal("invite", { error: msg("Unknown action.") }),
  email: emailField,
  roles: rolesField,
});

export type InviteInput = z.infer<typeof inviteSchema>;

export const rolesSchema = z.object({
  intent: z.literal("roles", { error: msg("Unknown action.") }),
  roles: rolesField,
});

export const userActionSchema = z.object({
  intent: z.enum(["deactivate", "reinvite", "reactivate"], { error: msg("Unknown action.") }),
});

/** The invited person's answer: their name and a password. */
export const acceptInvitationSchema = z.object({
  name: personNameField,
  password: newPasswordField,
});
