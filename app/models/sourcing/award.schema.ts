/**
 * The award form, and the one rule for when an award needs a justification.
 * Shared by the browser (to say so while the buyer chooses) and the server
 * (which decides it again from its own comparison and never trusts the form).
 */
import { msg, msgWith } from "../../i18n/config";
import { z } from "zod";

import { compare, type DecimalString } from "../../utils/money";
import { versionField } from "../shared/fields.schema";

export const JUSTIFICATION_MAX = 2000;

const isUuid = (value: unknown) => z.uuid().safeParse(value).success;

/**
 * `award` is what the pressed button says: a supplier's id for every line to
 * that supplier, or "lines" for the per-line choice in `lines`. The page
 * shows one page of lines at a time, so `lines` holds the choices of the
 * lines shown (possibly none); the server gives every other quoted line to
 * its cheapest price (cheapestPerLine).
 */
export const awardSchema = z
  .object({
    version: versionField,
    award: z.string({ error: msg("Choose whom to award: one supplier for every line, or line by line.") }),
    lines: z
      .array(z.object({ rfqLineId: z.string(), supplierOrgId: z.string().optional() }))
      .max(1000)
      .optional(),
    justification: z
      .string({ error: msg("Write the justification as text.") })
      .trim()
      .max(JUSTIFICATION_MAX, msgWith("Keep the justification under {{max}} characters.", { max: JUSTIFICATION_MAX }))
      .default(""),
    /** Absent: show what the award will do (the preview). "yes": do it, from the preview's confirm button. */
    confirm: z.literal("yes", { error: msg("Reload the page and award again.") }).optional(),
  })
  .superRefine((raw, ctx) => {
    // "agreement:" in front awards the same choice as agreements instead of POs.
    const value = {
      ...raw,
      award: raw.award.startsWith("agreement:") ? raw.award.slice("agreement:".length) : raw.award,
    };
    if (value.award === "lines") {
      value.lines?.forEach((line, i) => {
        if (!isUuid(line.rfqLineId))
          ctx.addIssue({
            code: "custom",
            path: [],
            message: msg("Reload the page: the form's lines are not this RFQ's."),
          });
        else if (!isUuid(line.supplierOrgId))
          ctx.addIssue({
            code: "custom",
            path: ["lines", i, "supplierOrgId"],
            message: msg("Choose the supplier for this line."),
          });
      });
    } else if (!isUuid(value.award)) {
      ctx.addIssue({
        code: "custom",
        path: ["award"],
        message: msg("Choose whom to award: one supplier for every line, or line by line."),
      });
    }
  });

export type AwardFormInput = z.infer<typeof awardSchema>;

/** What the award makes for each awarded supplier: draft purchase orders, or draft agreements to call off from. */
export type AwardAs = "po" | "agreement";

/** The prefix of the award buttons that award as an agreement: "agreement:<supplier id>", "agreement:lines". */
export const AS_AGREEMENT = "agreement:";

/** What the pressed button asked to make, and the choice without that prefix. */
export function awardAs(form: AwardFormInput): AwardAs {
  return form.award.startsWith(AS_AGREEMENT) ? "agreement" : "po";
}

/** The form, once valid, as the award's choice. */
export function toAwardChoice(raw: AwardFormInput): AwardChoice {
  const form = { ...raw, award: raw.award.startsWith(AS_AGREEMENT) ? raw.award.slice(AS_AGREEMENT.length) : raw.award };
  if (form.award !== "lines") return { mode: "whole", supplierOrgId: form.award };
  return {
    mode: "lines",
    lines: (form.lines ?? []).map((l) => ({ rfqLineId: l.rfqLineId, supplierOrgId: l.supplierOrgId ?? "" })),
  };
}

/** What the buyer chose: every line to one supplier, or each line to its own. */
export type AwardChoice =
  { mode: "whole"; supplierOrgId: string } | { mode: "lines"; lines: { rfqLineId: string; supplierOrgId: string }[] };

export const JUSTIFICATION_REQUIRED = msg("Say why you award to a supplier that is not the cheapest.");

/** The parts of the price comparison (app/models/comparison.server.ts) the rule reads. */
export interface AwardComparable {
  lines: readonly { id: string }[];
  suppliers: readonly {
    supplierOrgId: string;
    /** Goods + freight + charges in the RFQ's currency: the total "cheapest" is judged on. */
    landedTotal: DecimalString | null;
    /** Per line: its converted total plus its share of the supplier's freight and charges. */
    cells: Record<string, { landedLineTotal: DecimalString | null } | null>;
  }[];
}

function lowest(values: (DecimalString | null | undefined)[]): DecimalString | null {
  let best: DecimalString | null = null;
  for (const v of values) if (v != null && (best === null || compare(v, best) < 0)) best = v;
  return best;
}

/** Whether the supplier priced every line, so its total can be compared. */
export function pricesEveryLine(c: AwardComparable, supplierOrgId: string): boolean {
  const s = c.suppliers.find((x) => x.supplierOrgId === supplierOrgId);
  return Boolean(s) && c.lines.every((l) => s?.cells[l.id] != null);
}

/**
 * Whether the choice is the cheapest in the RFQ's currency, at the close
 * date's rates, by the comparison's one definition, the landed amount
 * (lines + freight + charges): a whole award to a supplier with the lowest
 * landed total among those that priced every line; a split where each line
 * goes to a lowest landed amount for that line (its converted total plus its
 * share of that supplier's freight and charges). An amount that could not be
 * converted (no rate) is never shown to be the cheapest.
 */
export function isCheapestChoice(c: AwardComparable, choice: AwardChoice): boolean {
  if (choice.mode === "whole") {
    const complete = c.suppliers.filter((s) => pricesEveryLine(c, s.supplierOrgId));
    const best = lowest(complete.map((s) => s.landedTotal));
    const chosen = complete.find((s) => s.supplierOrgId === choice.supplierOrgId);
    return best !== null && chosen?.landedTotal != null && compare(chosen.landedTotal, best) === 0;
  }
  return choice.lines.every(({ rfqLineId, supplierOrgId }) => {
    const best = lowest(c.suppliers.map((s) => s.cells[rfqLineId]?.landedLineTotal));
    const chosen = c.suppliers.find((s) => s.supplierOrgId === supplierOrgId)?.cells[rfqLineId]?.landedLineTotal;
    return best !== null && chosen != null && compare(chosen, best) === 0;
  });
}

/** Per line, the supplier with the lowest landed amount (first by the comparison's order on a tie), or null. */
export function cheapestPerLine(c: AwardComparable): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const line of c.lines) {
    const best = lowest(c.suppliers.map((s) => s.cells[line.id]?.landedLineTotal));
    const winner = c.suppliers.find((s) => {
      const v = s.cells[line.id]?.landedLineTotal;
      return best !== null && v != null && compare(v, best) === 0;
    });
    // Without a comparable price, the first supplier that bid on the line.
    out[line.id] = winner?.supplierOrgId ?? c.suppliers.find((s) => s.cells[line.id] != null)?.supplierOrgId ?? null;
  }
  return out;
}
