import type { StepResult } from "../../../workflows/workflow";

/** The successful outcome of a step; fails the test with the refusal message otherwise. */
export function allowed<S, C>(result: StepResult<S, C>): { status: S; context: C } {
  if (!result.ok) throw new Error(`expected the event to be allowed, but it was refused: ${result.message}`);
  return { status: result.status, context: result.context };
}

/** The refusal message of a step; fails the test if the event was allowed. */
export function refusal<S, C>(result: StepResult<S, C>): string {
  if (result.ok) throw new Error(`expected a refusal, but the record moved to ${String(result.status)}`);
  return result.message;
}
