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

/** Appends one event to the audit log (a table the database keeps append-only). */
export async function appendAuditEvent(db: Db, entry: AuditEntry): Promise<void> {
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
