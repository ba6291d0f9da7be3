/**
 * db/schema.ts types each status column with its machine's status union; the
 * database must agree: a CHECK on a status column allows exactly the
 * machine's statuses, and the column's default is the machine's initial state.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  agreementWorkflow,
  invitationWorkflow,
  invoiceWorkflow,
  purchaseOrderWorkflow,
  quoteWorkflow,
  requisitionWorkflow,
  rfqWorkflow,
  supplierQualificationWorkflow,
  supplierRelationshipWorkflow,
} from "../../../workflows/index";
import type { WorkflowTable } from "../../../workflows/run-transition.server";
import { createTestDb, type TestDb } from "../../support/test-db";

const WORKFLOWS: Record<WorkflowTable, { statuses: readonly string[]; machine: { config: { initial?: unknown } } }> = {
  rfqs: rfqWorkflow,
  quotes: quoteWorkflow,
  purchase_orders: purchaseOrderWorkflow,
  invoices: invoiceWorkflow,
  rfq_invitations: invitationWorkflow,
  supplier_relationships: supplierRelationshipWorkflow,
  agreements: agreementWorkflow,
  requisitions: requisitionWorkflow,
};

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb("workflow_status_columns");
});
afterAll(async () => {
  await t?.destroy();
});

/** The values each CHECK constraint on `table.column` allows, read from its definition. */
async function checkedValues(table: string, column: string): Promise<string[][]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    join pg_class r on r.oid = c.conrelid
    join pg_attribute a on a.attrelid = r.oid and a.attnum = any (c.conkey)
    where c.contype = 'c' and r.relnamespace = 'public'::regnamespace
      and r.relname = ${table} and a.attname = ${column}`.execute(t.db);
  return rows.map((r) => [...r.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]));
}

async function columnDefault(table: string, column: string): Promise<string | null> {
  const { rows } = await sql<{ column_default: string | null }>`
    select column_default from information_schema.columns
    where table_schema = 'public' and table_name = ${table} and column_name = ${column}`.execute(t.db);
  return rows[0]?.column_default ?? null;
}

describe("workflow status columns", () => {
  for (const [table, wf] of Object.entries(WORKFLOWS)) {
    it(`${table}.status: a CHECK, if any, allows exactly the machine's statuses`, async () => {
      for (const allowed of await checkedValues(table, "status")) {
        expect(allowed.sort()).toEqual([...wf.statuses].sort());
      }
    });

    it(`${table}.status defaults to the machine's initial state`, async () => {
      expect(await columnDefault(table, "status")).toBe(`'${String(wf.machine.config.initial)}'::text`);
    });
  }

  // The comparison above passes when it finds no CHECK; this proves it reads one.
  it("reads the values of an existing CHECK", async () => {
    expect(await checkedValues("rfq_invitations", "status")).toEqual([["invited", "viewed", "declined", "submitted"]]);
  });
});

describe("the second lifecycle on supplier relationships", () => {
  it("supplier_relationships.qualification_status allows exactly the qualification machine's statuses, starting pending", async () => {
    const checks = await checkedValues("supplier_relationships", "qualification_status");
    expect(checks.length).toBe(1);
    expect(checks[0].sort()).toEqual([...supplierQualificationWorkflow.statuses].sort());
    expect(await columnDefault("supplier_relationships", "qualification_status")).toBe(
      `'${String(supplierQualificationWorkflow.machine.config.initial)}'::text`,
    );
  });
});
