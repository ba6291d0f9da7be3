/**
 * Weighted supplier scoring for the comparison page: pure decimal
 * arithmetic, no I/O, so the page, the CSV and the tests share one result.
 *
 * Each criterion gives a normalised score from 0 to 100:
 * - price: lowest comparable landed total ÷ this supplier's landed total × 100.
 *   A quote without a comparable total (a partial quote that leaves lines
 *   unpriced, or one whose currency has no FX rate) scores 0 on price: its
 *   total covers less, so ranking it on a lower sum would reward leaving
 *   lines out.
 * - lead: shortest lead time ÷ this supplier's lead time × 100 (the shortest
 *   scores 100; when the shortest is 0 days, every longer one scores 0).
 * - performance: the on-time delivery share × 100. A supplier with no
 *   history scores a neutral 50, neither rewarded nor punished.
 *
 * Scores are rounded half-up to two decimals, each contribution is
 * score × weight ÷ 100 rounded to two decimals, and the total is the sum of
 * the shown contributions, so the explanation on the page adds up. Equal
 * totals share a rank (1, 1, 3).
 */
import Decimal from "decimal.js";

import { msg } from "../../i18n/config";
import type { DecimalString } from "../../utils/money";

export const CRITERIA = ["price", "lead", "performance"] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Weights = Record<Criterion, number>;

export const DEFAULT_WEIGHTS: Weights = { price: 60, lead: 25, performance: 15 };
export const NO_HISTORY_SCORE = "50";

export const CRITERION_LABELS: Record<Criterion, string> = {
  price: msg("Price"),
  lead: msg("Lead time"),
  performance: msg("Supplier performance"),
};

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const SCORE_PLACES = 2;

export interface ScoringCandidate {
  id: string;
  name: string;
  /** Landed total in the RFQ's currency; null when it cannot be compared. */
  price: DecimalString | null;
  /** Why the price cannot be compared, shown beside its 0. */
  priceNote?: string;
  leadTimeDays: number;
  /** On-time share from 0 to 1; null when there is no history. */
  onTimeShare: DecimalString | null;
}

export interface CriterionScore {
  criterion: Criterion;
  score: DecimalString;
  weight: number;
  contribution: DecimalString;
  note: string | null;
}

export interface ScoredSupplier {
  id: string;
  name: string;
  rank: number;
  total: DecimalString;
  criteria: CriterionScore[];
}

/** best ÷ own × 100 where lower is better; the best itself scores 100, also at 0. */
function lowerIsBetter(own: Decimal, best: Decimal): Decimal {
  if (own.equals(best)) return new D(100);
  return best.div(own).times(100);
}

const fixed = (value: Decimal) => value.toFixed(SCORE_PLACES, Decimal.ROUND_HALF_UP);

export function scoreSuppliers(candidates: readonly ScoringCandidate[], weights: Weights): ScoredSupplier[] {
  const prices = candidates.flatMap((c) => (c.price === null ? [] : [new D(c.price)]));
  const bestPrice = prices.length ? D.min(...prices) : null;
  const bestLead = candidates.length ? D.min(...candidates.map((c) => new D(c.leadTimeDays))) : null;

  const scored = candidates.map((c) => {
    const raw: Record<Criterion, { score: Decimal; note: string | null }> = {
      price:
        c.price === null || bestPrice === null
          ? { score: new D(0), note: c.priceNote ?? msg("no comparable total") }
          : { score: lowerIsBetter(new D(c.price), bestPrice), note: null },
      lead: { score: lowerIsBetter(new D(c.leadTimeDays), bestLead ?? new D(c.leadTimeDays)), note: null },
      performance:
        c.onTimeShare === null
          ? { score: new D(NO_HISTORY_SCORE), note: msg("no history: neutral score") }
          : { score: new D(c.onTimeShare).times(100), note: null },
    };
    const criteria = CRITERIA.map((criterion): CriterionScore => {
      const score = fixed(raw[criterion].score);
      return {
        criterion,
        score,
        weight: weights[criterion],
        contribution: fixed(new D(score).times(weights[criterion]).div(100)),
        note: raw[criterion].note,
      };
    });
    const total = fixed(criteria.reduce((acc, k) => acc.plus(k.contribution), new D(0)));
    return { id: c.id, name: c.name, total, criteria, rank: 0 };
  });

  scored.sort((a, b) => new D(b.total).comparedTo(a.total) || a.name.localeCompare(b.name));
  for (const s of scored) s.rank = 1 + scored.filter((o) => new D(o.total).greaterThan(s.total)).length;
  return scored;
}
