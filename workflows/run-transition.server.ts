/**
 * The one way a stored RFQ, quote, purchase order or invoice changes state.
 * Inside the caller's transaction it locks the row, checks the version the
 * caller saw, asks the machine (pure `transition`, no actor kept in memory),
 * writes the new state and version, and appends an audit event. A refused
 * event throws before anything is written, so the transaction rolls back.
 */
import type { Transaction } from "kysely";

import type { Database } from "../db/schema";

import { appendAuditEvent } from "./audit.server";
import { RecordNotFoundError, StaleVersionError, TransitionRefusedError, type VersionedEntity } from "./errors";
import type { RfqStatus } from "./rfq.machine";
import { step, type Workflow } from "./workflow";

export type WorkflowTable =
  | "rfqs"
  | "quotes"
  | "purchase_orders"
  | "invoices"
  | "rfq_invitations"
  | "supplier_relationships"
  | "agreements"
  | "requisitions";

const ENTITY_NAMES: Record<WorkflowTable, VersionedEntity> = {
  rfqs: "RFQ",
  quotes: "quote",
  purchase_orders: "purchase order",
  invoices: "invoice",
  rfq_invitations: "invitation",
  supplier_relationships: "supplier relationship",
  agreements: "agreement",
  requisitions: "requisition",
};

/** The columns every workflow table shares; its status column holds the workflow's statuses. */
export interface WorkflowRow<TStatus extends string = string> {
  id: string;
  status: TStatus;
  version: number;
}

export interface TransitionResult<TStatus extends string, TContext> {
  from: TStatus;
  to: TStatus;
  version: number;
  context: TContext;
}

export async function runTransition<
  TStatus extends string,
  TContext,
  TEvent extends { type: string },
  TRow extends WorkflowRow<TStatus>,
>(
  trx: Transaction<Database>,
  options: {
    workflow: Workflow<TStatus, TContext, TEvent>;
    table: WorkflowTable;
    id: string;
    /** The version the person saw; omit for system events (deadline, job). */
    expectedVersion?: number;
    event: TEvent;
    actor: { userId: string | null; orgId: string | null };
    /** Facts the machine's guards need, read inside the same transaction after the lock. */
    context: (row: TRow) => TContext | Promise<TContext>;
    /** Extra columns to write with the new state (timestamps, reasons). */
    changes?: (result: { from: TStatus; to: TStatus; context: TContext }) => Record<string, unknown>;
    /** Extra data for the audit event. */
    auditData?: Record<string, unknown>;
    /**
     * A row that carries a second lifecycle beside its main one (a supplier
     * relationship's qualification beside the supplier's consent) names the
     * columns that lifecycle keeps its state and machine version in. The row's
     * one version number guards both.
     */
    columns?: { status: "qualification_status"; workflowVersion: "qualification_workflow_version" };
  },
): Promise<TransitionResult<TStatus, TContext>> {
  const { workflow, table, id, event } = options;
  const entity = ENTITY_NAMES[table];
  // All four tables share id/status/version; Kysely cannot type a table
  // chosen at run time, so the query is typed as one of them.
  const row = (await trx
    .selectFrom(table as "rfqs")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst()) as TRow | undefined;
  if (!row) throw new RecordNotFoundError(entity);
  if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
    throw new StaleVersionError(entity);
  }
  const statusColumn = options.columns?.status ?? "status";
  // The named column holds this workflow's statuses; the row type only knows `status`.
  const from = (row as unknown as Record<string, TStatus>)[statusColumn];
  const context = await options.context(row);
  const result = step(workflow, from, context, event);
  if (!result.ok) throw new TransitionRefusedError(result.message);

  const to = result.status;
  const extra = options.changes?.({ from, to, context: result.context }) ?? {};
  const stateColumns = options.columns
    ? { [options.columns.status]: to, [options.columns.workflowVersion]: workflow.version }
    : // The query is typed as the rfqs table (above); `to` is a status of this row's own table.
      { status: to as RfqStatus, workflow_version: workflow.version };
  await trx
    .updateTable(table as "rfqs")
    .set({
      ...extra,
      ...stateColumns,
      version: row.version + 1,
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .where("version", "=", row.version)
    .execute();

  await appendAuditEvent(trx, {
    orgId: options.actor.orgId,
    actorId: options.actor.userId,
    entityType: workflow.name,
    entityId: id,
    event: event.type,
    fromState: from,
    toState: to,
    data: { ...eventData(event), ...options.auditData },
  });

  return { from, to, version: row.version + 1, context: result.context };
}

/** The event's own fields, for the audit trail. */
function eventData(event: { type: string }): Record<string, unknown> {
  const { type: _type, ...rest } = event as { type: string } & Record<string, unknown>;
  return rest;
}
