/**
 * What every workflow (RFQ, quote, purchase order, invoice) offers, and the
 * two pure functions the transition runner and the UI use to move one.
 *
 * A record is stored as a status (the machine's flat state value) plus a
 * context. `step` rebuilds the machine snapshot from those, asks whether the
 * event is allowed, and either returns the next status and context or a
 * sentence explaining the refusal. Nothing here touches the database.
 */
import {
  transition,
  type AnyActorRef,
  type EventObject,
  type MachineContext,
  type MachineSnapshot,
  type MetaObject,
  type NonReducibleUnknown,
  type ParameterizedObject,
  type ProvidedActor,
  type StateMachine,
  type StateSchema,
} from "xstate";

export type WorkflowName =
  | "rfq"
  | "quote"
  | "purchase_order"
  | "invoice"
  | "invitation"
  | "supplier_relationship"
  | "supplier_qualification"
  | "agreement"
  | "requisition";

/** Any flat XState machine over the given context and events. */
export type WorkflowMachine<TStatus extends string, TContext, TEvent extends EventObject> = StateMachine<
  TContext & MachineContext,
  TEvent,
  Record<string, AnyActorRef | undefined>,
  ProvidedActor,
  ParameterizedObject,
  ParameterizedObject,
  string,
  TStatus,
  string,
  NonReducibleUnknown,
  NonReducibleUnknown,
  EventObject,
  MetaObject,
  StateSchema
>;

type WorkflowSnapshot<TStatus extends string, TContext, TEvent extends EventObject> = MachineSnapshot<
  TContext & MachineContext,
  TEvent,
  Record<string, AnyActorRef | undefined>,
  TStatus,
  string,
  NonReducibleUnknown,
  MetaObject,
  StateSchema
>;

export interface Workflow<TStatus extends string, TContext, TEvent extends EventObject> {
  readonly name: WorkflowName;
  /** Bump when the machine's semantics change; stored beside each row. */
  readonly version: number;
  readonly machine: WorkflowMachine<TStatus, TContext, TEvent>;
  readonly statuses: readonly TStatus[];
  /** A sentence for the person who tried: why this event is not allowed now. */
  explainRefusal(status: TStatus, context: TContext, event: TEvent): string;
}

export type StepResult<TStatus, TContext> =
  { ok: true; status: TStatus; context: TContext } | { ok: false; message: string };

export function isWorkflowStatus<TStatus extends string>(
  wf: { readonly statuses: readonly TStatus[] },
  value: unknown,
): value is TStatus {
  return typeof value === "string" && (wf.statuses as readonly string[]).includes(value);
}

function restore<TStatus extends string, TContext, TEvent extends EventObject>(
  wf: Workflow<TStatus, TContext, TEvent>,
  status: TStatus,
  context: TContext,
): WorkflowSnapshot<TStatus, TContext, TEvent> {
  if (!isWorkflowStatus(wf, status)) {
    throw new Error(`Unknown ${wf.name} status "${String(status)}".`);
  }
  // Every stored context is a plain object, which is all MachineContext asks for.
  return wf.machine.resolveState({ value: status, context: context as TContext & MachineContext });
}

/**
 * Apply one event to a stored record. Refusals are ordinary results, not
 * exceptions: `{ ok: false, message }` with a sentence fit to show the user.
 * Throws only for a corrupt record (a status the machine does not know).
 */
export function step<TStatus extends string, TContext, TEvent extends EventObject>(
  wf: Workflow<TStatus, TContext, TEvent>,
  status: TStatus,
  context: TContext,
  event: TEvent,
): StepResult<TStatus, TContext> {
  const snapshot = restore(wf, status, context);
  if (!snapshot.can(event)) {
    return { ok: false, message: wf.explainRefusal(status, context, event) };
  }
  const [next] = transition(wf.machine, snapshot, event);
  if (next.status === "error") {
    throw next.error instanceof Error ? next.error : new Error(`The ${wf.name} workflow failed on ${event.type}.`);
  }
  if (!isWorkflowStatus(wf, next.value)) {
    throw new Error(`The ${wf.name} workflow reached an unknown status ${JSON.stringify(next.value)}.`);
  }
  return { ok: true, status: next.value, context: next.context };
}

/** Which of the candidate events the record allows now (each type once, in the given order). */
export function allowedEvents<TStatus extends string, TContext, TEvent extends EventObject>(
  wf: Workflow<TStatus, TContext, TEvent>,
  status: TStatus,
  context: TContext,
  candidates: readonly TEvent[],
): TEvent["type"][] {
  const snapshot = restore(wf, status, context);
  const allowed: TEvent["type"][] = [];
  for (const event of candidates) {
    if (!allowed.includes(event.type) && snapshot.can(event)) allowed.push(event.type);
  }
  return allowed;
}
