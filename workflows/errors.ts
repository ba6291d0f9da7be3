import { msg } from "../app/i18n/config";

/** Why a state change did not happen, in words a person can act on. */
export class TransitionRefusedError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "TransitionRefusedError";
  }
}

/**
 * Each record's "changed meanwhile" refusal as one whole catalogue sentence (`msg` from app/i18n, which
 * the page says in the reader's words), so a translator never sees a sentence with a hole for its noun.
 */
const STALE = {
  RFQ: msg("This RFQ was changed by someone else since you opened it. Reload the page and try again."),
  quote: msg("This quote was changed by someone else since you opened it. Reload the page and try again."),
  "purchase order": msg(
    "This purchase order was changed by someone else since you opened it. Reload the page and try again.",
  ),
  invoice: msg("This invoice was changed by someone else since you opened it. Reload the page and try again."),
  invitation: msg("This invitation was changed by someone else since you opened it. Reload the page and try again."),
  "supplier relationship": msg(
    "This supplier relationship was changed by someone else since you opened it. Reload the page and try again.",
  ),
  agreement: msg("This agreement was changed by someone else since you opened it. Reload the page and try again."),
  requisition: msg("This requisition was changed by someone else since you opened it. Reload the page and try again."),
} as const;

/** The records a version guards, by the name their refusals use. */
export type VersionedEntity = keyof typeof STALE;

export class StaleVersionError extends Error {
  readonly status = 409;
  constructor(entity: VersionedEntity) {
    super(STALE[entity]);
    this.name = "StaleVersionError";
  }
}

export class RecordNotFoundError extends Error {
  readonly status = 404;
  constructor(entity: string) {
    super(`No such ${entity}.`);
    this.name = "RecordNotFoundError";
  }
}

export function isWorkflowError(
  error: unknown,
): error is TransitionRefusedError | StaleVersionError | RecordNotFoundError {
  return (
    error instanceof TransitionRefusedError ||
    error instanceof StaleVersionError ||
    error instanceof RecordNotFoundError
  );
}
