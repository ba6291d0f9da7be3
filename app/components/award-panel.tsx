/**
 * The buyer's award form below the comparison: every line to one supplier
 * (one button per supplier that priced every line), or line by line (a
 * supplier per line, pre-set to the cheapest landed amount). The page
 * shows one page of lines, so only those have a choice here; choices made
 * on other pages while the form stayed on screen go along as hidden fields,
 * and the server gives every other quoted line to its cheapest price. Each
 * award button has a twin "as agreement": the same choice makes draft
 * agreements (framework orders to call off from) instead of draft POs. The page says when
 * the choice needs a justification, with the same rule the server applies
 * again on its own complete comparison.
 */
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useState } from "react";

import {
  AS_AGREEMENT,
  awardSchema,
  cheapestPerLine,
  isCheapestChoice,
  JUSTIFICATION_MAX,
  type AwardComparable,
} from "~/models/sourcing/award.schema";
import type { LinePage } from "~/models/sourcing/comparison-page.schema";
import type { OffPageLines } from "~/models/sourcing/comparison";
import { useI18n } from "~/i18n/react";

import { ErrorSummary } from "./form/error-summary";
import { FormTokenField } from "./form/form-token-field";
import { controlProps, FieldError, FieldFrame, TextareaField } from "./form/fields";
import { useSchemaForm } from "./form/use-schema-form";

/**
 * A supplier with its cells for the lines shown; its total, priced lines
 * and lowest-total flag are over every line.
 */
type Supplier = AwardComparable["suppliers"][number] & { supplierName: string; pricedLines: number; lowest: boolean };

export function AwardPanel({
  version,
  currency,
  lines,
  linePage,
  offPage,
  suppliers,
  lastResult,
  busy,
  formToken,
}: {
  version: number;
  currency: string;
  /** The lines shown on this page. */
  lines: { id: string; position: number; item_name: string }[];
  linePage: LinePage;
  offPage: OffPageLines;
  suppliers: Supplier[];
  /** The action's reply when it refused the award: errors by field, and what the buyer sent. */
  lastResult?: SubmissionResult<string[]>;
  busy: boolean;
  /** The award form's one-time token: sent twice, it awards once and both answers lead to the same POs. */
  formToken: string;
}) {
  const { t, format } = useI18n();
  const [form, fields] = useSchemaForm(awardSchema, { id: "award-form", lastResult });
  const values = lastResult?.initialValue;
  const comparable: AwardComparable = { lines, suppliers };
  const cheapest = cheapestPerLine(comparable);
  const typedLines = Array.isArray(values?.lines)
    ? (values.lines as { rfqLineId?: unknown; supplierOrgId?: unknown }[])
    : [];
  const [perLine, setPerLine] = useState<Record<string, string>>(() => {
    const initial: Record<string, string> = {};
    for (const line of lines) {
      const typed = typedLines.find((l) => l.rfqLineId === line.id)?.supplierOrgId;
      const choice = typeof typed === "string" ? typed : cheapest[line.id];
      if (choice) initial[line.id] = choice;
    }
    return initial;
  });
  // Lines where the buyer chose a supplier that is not the cheapest, on whatever page they were shown.
  const [dearer, setDearer] = useState<Record<string, boolean>>({});
  // Moving to another page of lines keeps this form mounted: its new lines start at their cheapest too,
  // and the choices made on other pages go along with the form.
  const choiceFor = (lineId: string) => perLine[lineId] ?? cheapest[lineId] ?? "";
  const biddable = lines.filter((l) => suppliers.some((s) => s.cells[l.id]));
  const shownIds = new Set(lines.map((l) => l.id));
  const chosenElsewhere = Object.entries(perLine).filter(([lineId]) => !shownIds.has(lineId));
  const shownAreCheapest =
    isCheapestChoice(comparable, {
      mode: "lines",
      lines: biddable.map((l) => ({ rfqLineId: l.id, supplierOrgId: choiceFor(l.id) })),
    }) && !chosenElsewhere.some(([lineId]) => dearer[lineId]);
  // The other lines go to their cheapest, which cannot be shown for a line quoted only without a rate.
  const othersAreCheapest = offPage.withoutComparablePrice.length === 0;
  const paged = linePage.pageCount > 1;
  // Priced lines and the lowest total come from the whole comparison: this page has only some cells.
  const complete = suppliers.filter((s) => s.pricedLines === linePage.total);
  const incomplete = suppliers.filter((s) => s.pricedLines !== linePage.total);
  const awardInvalid = (fields.award.errors?.length ?? 0) > 0;

  return (
    <section className="card" aria-labelledby="award-heading">
      <h2 id="award-heading">{t("Award")}</h2>
      <p className="hint">
        {t(
          "A justification is required when the award is not the cheapest in {{currency}} at the close date's rates, judged on landed amounts (lines + freight + charges): every line to a supplier without the lowest landed total, or a line to a supplier without the lowest landed amount for it.",
          { currency },
        )}
      </p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
        <ErrorSummary form={form} />
        <input type="hidden" name="version" value={version} />
        <FormTokenField token={formToken} />
        <TextareaField
          field={fields.justification}
          id="justification"
          label={t("Justification")}
          hint={t(
            "Required when your choice is not the cheapest; kept with the RFQ for your organisation, never shown to suppliers.",
          )}
          rows={3}
          maxLength={JUSTIFICATION_MAX}
        />

        <fieldset aria-describedby={awardInvalid ? "award-error" : undefined}>
          <legend>{t("Award all lines to one supplier")}</legend>
          <FieldError id="award" errors={fields.award.errors} />
          {complete.length === 0 ? <p className="muted">{t("No supplier quoted every line.")}</p> : null}
          <div className="stack">
            {complete.map((s) => {
              // The comparison's flag: among suppliers pricing every line, the lowest landed total.
              const lowest = s.lowest;
              return (
                <div key={s.supplierOrgId} className="row" style={{ alignItems: "center" }}>
                  <button
                    type="submit"
                    name="award"
                    value={s.supplierOrgId}
                    disabled={busy}
                    aria-describedby={[awardInvalid ? "award-error" : null, `award-note-${s.supplierOrgId}`]
                      .filter(Boolean)
                      .join(" ")}
                  >
                    {t("Award to {{supplier}}", { supplier: s.supplierName })}
                  </button>
                  <button
                    type="submit"
                    className="secondary"
                    name="award"
                    value={`${AS_AGREEMENT}${s.supplierOrgId}`}
                    disabled={busy}
                    aria-describedby={`award-note-${s.supplierOrgId}`}
                  >
                    {/* Worded so that neither button's name contains the other's. */}
                    {t("Agreement with {{supplier}}", { supplier: s.supplierName })}
                  </button>
                  <span id={`award-note-${s.supplierOrgId}`} className="hint">
                    {t("all lines,")}{" "}
                    {s.landedTotal === null
                      ? t("no rate to compare")
                      : t("{{amount}} landed", { amount: format.money(s.landedTotal, currency) })}
                    {" · "}
                    {lowest ? t("lowest landed total") : t("not the lowest landed total: justification required")}
                  </span>
                </div>
              );
            })}
          </div>
          {incomplete.length > 0 ? (
            <p className="hint">
              {t("Did not quote every line: {{suppliers}}.", {
                suppliers: incomplete.map((s) => s.supplierName).join(", "),
              })}
            </p>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>{t("Or award line by line")}</legend>
          {paged ? (
            <p className="hint" data-testid="split-paging-note">
              {t(
                "Lines {{first}}-{{last}} of {{total}} are shown here. Lines not shown on this page go to their cheapest price.",
                { first: linePage.first, last: linePage.last, total: linePage.total },
              )}
            </p>
          ) : null}
          {biddable.map((line, index) => {
            const id = `award-line-${line.position}`;
            const chosen = choiceFor(line.id);
            const bidders = suppliers.filter((s) => s.cells[line.id]);
            const lineIsCheapest = isCheapestChoice(comparable, {
              mode: "lines",
              lines: [{ rfqLineId: line.id, supplierOrgId: chosen }],
            });
            const field = {
              id,
              name: `lines[${index}].supplierOrgId`,
              formId: form.id,
              errors: form.allErrors[`lines[${index}].supplierOrgId`],
            };
            return (
              <FieldFrame
                key={line.id}
                id={id}
                label={t("Line {{position}}: {{item}}", { position: line.position, item: line.item_name })}
                errors={field.errors}
                hint={lineIsCheapest ? t("Cheapest for this line.") : t("Not the cheapest for this line.")}
              >
                <input type="hidden" name={`lines[${index}].rfqLineId`} value={line.id} />
                <select
                  value={chosen}
                  onChange={(e) => {
                    const supplierOrgId = e.target.value;
                    setPerLine((current) => ({ ...current, [line.id]: supplierOrgId }));
                    const cheapestHere = isCheapestChoice(comparable, {
                      mode: "lines",
                      lines: [{ rfqLineId: line.id, supplierOrgId }],
                    });
                    setDearer((current) => ({ ...current, [line.id]: !cheapestHere }));
                  }}
                  {...controlProps(field, id, { hint: true })}
                >
                  {bidders.map((s) => {
                    const landed = s.cells[line.id]?.landedLineTotal;
                    return (
                      <option key={s.supplierOrgId} value={s.supplierOrgId}>
                        {s.supplierName}: {landed == null ? t("no rate") : format.money(landed, currency)}
                      </option>
                    );
                  })}
                </select>
              </FieldFrame>
            );
          })}
          {chosenElsewhere.map(([lineId, supplierOrgId], j) => (
            <span key={lineId} hidden>
              <input type="hidden" name={`lines[${biddable.length + j}].rfqLineId`} value={lineId} />
              <input type="hidden" name={`lines[${biddable.length + j}].supplierOrgId`} value={supplierOrgId} />
            </span>
          ))}
          {chosenElsewhere.length > 0 ? (
            <p className="hint" data-testid="split-kept-note">
              {t("Your choices for {{count}} lines on other pages are kept and sent with this form.", {
                count: chosenElsewhere.length,
              })}
            </p>
          ) : null}
          {lines.length > biddable.length ? (
            <p className="hint">
              {t("No quote for line {{lines}}; it stays unawarded.", {
                lines: lines
                  .filter((l) => !biddable.includes(l))
                  .map((l) => l.position)
                  .join(", "),
              })}
            </p>
          ) : null}
          <p className="hint" data-testid="split-note" aria-live="polite">
            {!shownAreCheapest
              ? t("A line goes to a supplier that is not the cheapest for it: justification required.")
              : !othersAreCheapest
                ? t(
                    "Line {{lines}} on another page has no price at a known rate, so its default cannot be shown to be the cheapest: justification required.",
                    { lines: offPage.withoutComparablePrice.join(", ") },
                  )
                : paged
                  ? t("These choices, and the cheapest for the lines not shown, are the cheapest for every line.")
                  : t("These choices are the cheapest for every line.")}
          </p>
          <div className="row">
            <button type="submit" name="award" value="lines" disabled={busy || biddable.length + offPage.quoted === 0}>
              {t("Award line by line")}
            </button>
            <button
              type="submit"
              className="secondary"
              name="award"
              value={`${AS_AGREEMENT}lines`}
              disabled={busy || biddable.length + offPage.quoted === 0}
            >
              {t("Agreements, line by line")}
            </button>
          </div>
        </fieldset>
      </Form>
    </section>
  );
}
