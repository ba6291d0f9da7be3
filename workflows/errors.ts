/** Why a state change did not happen, in words a person can act on. */
export class TransitionRefusedError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "TransitionRefusedError";
  }
}

export class StaleVersionError extends Error {
  readonly status = 409;
  constructor(entity: string) {
    super(`This ${entity} was changed by someone else since you opened it. Reload the page and try again.`);
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
