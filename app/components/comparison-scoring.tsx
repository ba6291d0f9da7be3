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
import { msg, translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

import { InputField } from "./form/fields";
import { TableFrame } from "~/components/table-frame";

const FORM_ID = "weights-form";

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A criterion's weight field, named as a whole phrase per criterion. */
const WEIGHT_LABELS = {
  price: msg("Price weight"),
  lead: msg("Lead time weight"),
  performance: msg("Supplier performance weight"),
} as const;

/**
 * A score's note in the viewer's words. The model writes the CSV's English
 * note; the one note with figures in it is read back for its figures here.
 */
function noteText(t: Translate, note: string): string {
  const partial = /^prices (\d+) of (\d+) lines: not comparable on total$/.exec(note);
  if (partial) {
    return t("prices {{priced}} of {{total}} lines: not comparable on total", {
      priced: partial[1],
      total: partial[2],
    });
  }
  return translated(t, note);
}

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
  const { t, format } = useI18n();
  const defaults = CRITERIA.map((c) => `${t(CRITERION_LABELS[c])} ${format.number(DEFAULT_WEIGHTS[c])}`).join(", ");
  return (
    <section className="card" aria-labelledby="scoring-heading">
      <h2 id="scoring-heading">{t("Weighted ranking")}</h2>
      {/* A GET form read by the loader (parseWeights), so it needs no action reply: its fields show the loader's errors. */}
      <Form method="get" id={FORM_ID} aria-label={t("Scoring weights")}>
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <fieldset aria-describedby={errors.weights ? "weights-error" : undefined}>
          <legend>{t("Weights (whole numbers adding up to 100; defaults: {{defaults}})", { defaults })}</legend>
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
                label={t(WEIGHT_LABELS[c])}
                inputMode="numeric"
                size={4}
              />
            ))}
            <button type="submit">{t("Rank suppliers")}</button>
          </div>
          {errors.weights ? (
            <p id="weights-error" className="error" role="alert">
              {translated(t, errors.weights)}
            </p>
          ) : null}
          {Object.keys(errors).length > 0 ? (
            <p className="hint" data-testid="weights-fallback">
              {t("Ranked with the default weights until the weights above are corrected.")}
            </p>
          ) : null}
        </fieldset>
      </Form>
      <TableFrame label={t("Supplier ranking")}>
        <table aria-label={t("Supplier ranking")}>
          <thead>
            <tr>
              <th className="num">{t("Rank")}</th>
              <th>{t("Supplier")}</th>
              <th className="num">{t("Score")}</th>
              {CRITERIA.map((c) => (
                <th key={c} className="num">
                  {t(CRITERION_LABELS[c])}
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
                    {k.note ? <div className="hint">{noteText(t, k.note)}</div> : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      <p className="hint">
        {t(
          "Each criterion is scored from 0 to 100 and counts with its weight; the score is the sum of the contributions. Price: the lowest comparable landed total divided by this supplier's, × 100; a quote that leaves lines unpriced or has no FX rate is not comparable on total and scores 0 on price. Lead time: the shortest lead time divided by this supplier's, × 100. Supplier performance: the on-time delivery share × 100; a supplier with no history scores a neutral {{score}}. Equal scores share a rank.",
          { score: NO_HISTORY_SCORE },
        )}
      </p>
    </section>
  );
}
