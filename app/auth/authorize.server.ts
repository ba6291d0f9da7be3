/**
 * The one way to refuse a person: a row they may not read does not exist
 * for them (404, so its existence does not leak); a row they may read but
 * not act on is forbidden (403, so they learn why nothing happened); a page
 * that serves no one like them (the approval queue, the new-RFQ form) is
 * forbidden too, asked of the ability by subject type, never by role name.
 */
import { msg } from "~/i18n/config";
import { forbidden, notFound } from "../utils/http.server";

import type { Action, AppAbility, SubjectType, TaggedSubject } from "./ability";

/** "No such …" by the row's noun, as catalogue keys; a noun missing here still reads in English. */
const NO_SUCH: Record<string, string> = {
  RFQ: msg("No such RFQ."),
  address: msg("No such address."),
  agreement: msg("No such agreement."),
  "bank change": msg("No such bank change."),
  customer: msg("No such customer."),
  document: msg("No such document."),
  invoice: msg("No such invoice."),
  notification: msg("No such notification."),
  organisation: msg("No such organisation."),
  "purchase order": msg("No such purchase order."),
  "reorder rule": msg("No such reorder rule."),
  request: msg("No such request."),
  requisition: msg("No such requisition."),
  supplier: msg("No such supplier."),
  user: msg("No such user."),
};

export function authorize(
  ability: AppAbility,
  action: Action,
  row: TaggedSubject,
  /** What the row is called in "No such …": "RFQ", "purchase order". */
  noun: string,
): void {
  if (!ability.can("read", row)) throw notFound(NO_SUCH[noun] ?? `No such ${noun}.`);
  if (action !== "read" && !ability.can(action, row)) throw forbidden();
}

/**
 * A page gate: refuses with 403 unless the person may do `action` on some
 * `subjectType` at all (a rule exists, whatever its conditions). It names no
 * row, so it leaks nothing and answers before anything is read; the use case
 * behind the page still authorizes the rows it touches.
 */
export function requireAbility(
  ctx: { ability: AppAbility },
  action: Action,
  subjectType: SubjectType,
  /** The sentence the refusal shows, when the page has a better one than the default. */
  message?: string,
): void {
  if (!ctx.ability.can(action, subjectType)) throw forbidden(message);
}
