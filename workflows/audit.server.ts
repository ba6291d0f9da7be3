import { AsyncLocalStorage } from "node:async_hooks";

import type { Db } from "../db/client.server";

export interface AuditEntry {
  orgId: string | null;
  actorId: string | null;
  entityType: string;
  entityId: string | null;
  event: string;
  fromState?: string | null;
  toState?: string | null;
  data?: Record<string, unknown>;
}

/** What caused the work running now when no person did it: a rule, an agreement (see `auditedAsAutomatic`). */
const automaticCause = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs work that nobody did by hand (ordering from an agreement, a reorder
 * rule) through use cases written for people: they still act in someone's
 * name for their permissions and separation of duties, but every event they
 * append names no person as its actor. It names the cause instead, and the
 * person it answered for as `onBehalfOf`.
 */
export function auditedAsAutomatic<T>(cause: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  return automaticCause.run(cause, work);
}

/** Appends one event to the audit log (a table the database keeps append-only). */
export async function appendAuditEvent(db: Db, given: AuditEntry): Promise<void> {
  const cause = automaticCause.getStore();
  const entry: AuditEntry = cause
    ? { ...given, actorId: null, data: { ...given.data, ...cause, onBehalfOf: given.actorId } }
    : given;
  await db
    .insertInto("audit_events")
    .values({
      org_id: entry.orgId,
      actor_id: entry.actorId,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      event: entry.event,
      from_state: entry.fromState ?? null,
      to_state: entry.toState ?? null,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
