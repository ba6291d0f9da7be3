/**
 * The one way a model refuses a person: a row they may not read does not
 * exist for them (404, so its existence does not leak); a row they may read
 * but not act on is forbidden (403, so they learn why nothing happened).
 */
import { forbidden, notFound } from "../utils/http.server";

import type { Action, AppAbility, TaggedSubject } from "./ability";

export function authorize(
  ability: AppAbility,
  action: Action,
  row: TaggedSubject,
  /** What the row is called in "No such …": "RFQ", "purchase order". */
  noun: string,
): void {
  if (!ability.can("read", row)) throw notFound(`No such ${noun}.`);
  if (action !== "read" && !ability.can(action, row)) throw forbidden();
}
