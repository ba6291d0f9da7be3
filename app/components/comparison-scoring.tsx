/**
 * The weighted ranking under the comparison matrix: a GET form for the
 * weights (so a ranking can be bookmarked and the CSV carries the same
 * weights) and the ranking with every criterion's score, weight and
 * contribution, so the total can be checked by hand.
 */
import { Form } from "@remix-run/react";

import {
  CRITERIA,
  CRITERION_LABELS,
  DEFAULT_WEIGHTS,
  NO_HISTORY_SCORE,
  type ScoredSupplier,
} from "~/models/sourcing/scoring";
import type { FieldErrors } from "~/utils/form";

import { InputField } from "./form/fields";
import { TableFrame } from "~/components/table-frame";

const FORM_ID = "weights-form";

export function ComparisonScoring({
  ranking,
  typed,
  errors,
  keep = {},
}: {
  ranking: ScoredSupplier[];
  typed: Record<string, string>;
  errors: FieldErrors;
  /** Other query parameters the page keeps when the weights change (the page of lines shown). */
  keep?: Record<string, string>;
}) {
  const defaults = CRITERIA.map((c) => `${CRITERION_LABELS[c].toLowerCase()} ${DEFAULT_WEIGHTS[c]}`).join(", ");
  return (
    <section className="card" aria-labelledby="scoring-heading">
      <h2 id="scoring-heading">Weighted ranking</h2>
      {/* A GET form read by the loader (parseWeights), so it needs no action reply: its fields show the loader's errors. */}
      <Form method="get" id={FORM_ID} aria-label="Scoring weights">
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <fieldset aria-describedby={errors.weights ? "weights-error" : undefined}>
          <legend>Weights (whole numbers adding up to 100; defaults: {defaults})</legend>
          <div className="row">
            {CRITERIA.map((c) => (
              <InputField
                key={c}
                field={{
                  id: `weight-${c}`,
                  name: c,
                  formId: FORM_ID,
                  defaultValue: typed[c],
                  errors: errors[c] ? [errors[c]] : undefined,
                }}
                label={`${CRITERION_LABELS[c]} weight`}
                inputMode="numeric"
                size={4}
              />
            ))}
            <button type="submit">Rank suppliers</button>
          </div>
          {errors.weights ? (
            <p id="weights-error" className="error" role="alert">
              {errors.weights}
            </p>
          ) : null}
          {Object.keys(errors).length > 0 ? (
            <p className="hint" data-testid="weights-fallback">
              Ranked with the default weights until the weights above are corrected.
            </p>
          ) : null}
        </fieldset>
      </Form>
      <TableFrame label="Supplier ranking">
        <table aria-label="Supplier ranking">
          <thead>
            <tr>
              <th className="num">Rank</th>
              <th>Supplier</th>
              <th className="num">Score</th>
              {CRITERIA.map((c) => (
                <th key={c} className="num">
                  {CRITERION_LABELS[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ranking.map((r) => (
              <tr key={r.id} data-testid={`rank-${r.name}`}>
                <td className="num">{r.rank}</td>
                <td>{r.name}</td>
                <td className="num" data-testid={`score-${r.name}`}>
                  {r.total}
                </td>
                {r.criteria.map((k) => (
                  <td key={k.criterion} className="num" data-testid={`${k.criterion}-score-${r.name}`}>
                    {k.score} × {k.weight}% = {k.contribution}
                    {k.note ? <div className="hint">{k.note}</div> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      <p className="hint">
        Each criterion is scored from 0 to 100 and counts with its weight; the score is the sum of the contributions.
        Price: the lowest comparable landed total divided by this supplier&apos;s, × 100; a quote that leaves lines
        unpriced or has no FX rate is not comparable on total and scores 0 on price. Lead time: the shortest lead time
        divided by this supplier&apos;s, × 100. Supplier performance: the on-time delivery share × 100; a supplier with
        no history scores a neutral {NO_HISTORY_SCORE}. Equal scores share a rank.
      </p>
    </section>
  );
}
