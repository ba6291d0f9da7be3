import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";

import { requireContext, requireContextWithOrigin } from "~/auth/request.server";
import { ComparisonMatrix, LinePager, ON_TIME_DEFINITION } from "~/components/comparison-matrix";
import { ComparisonScoring } from "~/components/comparison-scoring";
import { StatusBadge } from "~/components/status-badge";
import { AwardPanel } from "~/components/award-panel";
import { AwardPreviewPanel, type AwardEcho } from "~/components/award-preview";
import { award } from "~/models/sourcing/award.server";
import { previewAward, type AwardPreview } from "~/models/sourcing/award-preview.server";
import { loadRfqFor } from "~/models/sourcing/rfq.server";
import { awardAs, awardSchema, toAwardChoice } from "~/models/sourcing/award.schema";
import { comparisonQuerySchema, parseLinePage, queryValues } from "~/models/sourcing/comparison-page.schema";
import { readQuery } from "~/utils/query.server";
import { getComparison } from "~/models/sourcing/comparison.server";
import { pageComparison } from "~/models/sourcing/comparison";
import { parseWeights } from "~/models/sourcing/scoring.schema";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { requireId } from "~/utils/http.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { translated } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Compare quotes");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // With the request's origin: a refused sealed read is logged with where it came from.
  const ctx = await requireContextWithOrigin({ request, context });
  const search = queryValues(readQuery(request, comparisonQuerySchema));
  const { weights, typed, errors } = parseWeights(search);
  const full = await getComparison(ctx, { rfqId: requireId(params.id, "No such RFQ."), weights });
  // Figures over every line, rows for one page of lines: the browser never gets the other pages' cells.
  const comparison = pageComparison(full, parseLinePage(search));
  // The CSV link carries the weights in use, so the download ranks as the page does; it always has every line.
  const csvQuery = new URLSearchParams(Object.entries(weights).map(([k, v]) => [k, String(v)])).toString();
  return {
    ...comparison,
    weightsForm: { typed, errors },
    csvQuery,
    canAward: full.canAward,
    formToken: issueFormToken(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const rfqId = requireId(params.id, "No such RFQ.");
  // Refused before the form is read; award() checks again inside its transaction.
  await loadRfqFor(ctx, rfqId, "award");
  const parsed = await readForm(request, awardSchema);
  if (!parsed.ok) return parsed.response;
  const { version, justification } = parsed.value;
  const as = awardAs(parsed.value);
  if (parsed.value.confirm !== "yes") {
    // First step: what the award will make and whom it tells; nothing is written. The answer carries the
    // choice and the same one-time token for the confirm button, so confirming twice still awards once.
    try {
      const preview = await previewAward(ctx, {
        rfqId,
        version,
        choice: toAwardChoice(parsed.value),
        justification,
        as,
      });
      const echo: AwardEcho = {
        version,
        award: parsed.value.award,
        lines: parsed.value.lines ?? [],
        justification,
        formToken: formTokenOf(parsed.submission),
      };
      return { preview, echo };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  try {
    // The same award form twice (double click, resend) awards once; the repeat is led to the same POs or agreements.
    const { poIds, agreementIds } = await once(
      ctx,
      { token: formTokenOf(parsed.submission), purpose: "rfq.award" },
      async (tx) => {
        const result = await award(tx, { rfqId, version, choice: toAwardChoice(parsed.value), justification, as });
        return {
          poIds: result.purchaseOrders.map((po) => po.id),
          agreementIds: result.agreements.map((agreement) => agreement.id),
        };
      },
    );
    if (agreementIds.length === 1) return redirect(`/agreements/${agreementIds[0]}?awarded=1`);
    if (agreementIds.length > 1) return redirect(`/agreements?awarded=${agreementIds.length}`);
    if (poIds.length === 1) return redirect(`/pos/${poIds[0]}?awarded=1`);
    return redirect(`/rfqs/${rfqId}?awarded=${poIds.length}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function Compare() {
  const { t, format } = useI18n();
  const data = useLoaderData<typeof loader>();
  const { rfq, suppliers, summary, currency, closeDate, canAward, linePage } = data;
  const actionData = useActionData<FormReply | { preview: AwardPreview; echo: AwardEcho }>();
  const previewed = actionData && "preview" in actionData ? actionData : null;
  const lastResult = actionData && !("preview" in actionData) ? actionData : undefined;
  const navigation = useNavigation();
  const search = new URLSearchParams(useLocation().search);
  const hrefFor = (page: number) => {
    const next = new URLSearchParams(search);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const keep = Object.fromEntries(
    ["page", "pageSize"].flatMap((k) => (search.has(k) ? [[k, search.get(k) ?? ""]] : [])),
  );
  return (
    <>
      <p className="muted">
        <Link to={`/rfqs/${rfq.id}`}>{rfq.reference}</Link>
      </p>
      <h1>
        {t("Compare quotes: {{title}}", { title: rfq.title })} <StatusBadge status={rfq.status} />
      </h1>
      {suppliers.length === 0 ? (
        <p className="card muted">{t("No supplier submitted a quote.")}</p>
      ) : (
        <>
          <section className="card" aria-label={t("Summary")}>
            <dl>
              <dt>{t("Lowest landed total")}</dt>
              <dd data-testid="summary-lowest">
                {summary.lowest
                  ? t("{{supplier}}: {{total}} (goods {{goods}})", {
                      supplier: summary.lowest.supplierName,
                      total: format.money(summary.lowest.total, currency),
                      goods: format.money(summary.lowest.goodsTotal, currency),
                    })
                  : t("No quote prices every line at a known rate.")}
              </dd>
              <dt>{t("Cheapest per line (best split)")}</dt>
              <dd data-testid="summary-split">
                {summary.splitTotal
                  ? format.money(summary.splitTotal, currency)
                  : t("Some line has no comparable price.")}
              </dd>
              <dt>{t("Difference")}</dt>
              <dd data-testid="summary-difference">
                {summary.difference ? format.money(summary.difference, currency) : "—"}
              </dd>
            </dl>
            <p className="hint">
              {t(
                "Amounts in {{currency}} at the FX rates of the close date, {{date}}. Cheapest means the lowest landed amount (lines + freight + other charges) for the marks, the summary, the price score, the award's justification rule and the CSV; per line, a supplier's freight and charges are shared in proportion to the line's value in its quote.",
                { currency, date: format.date(closeDate) },
              )}{" "}
              <a href={`/rfqs/${rfq.id}/compare.csv?${data.csvQuery}`} download>
                {t("Download CSV")}
              </a>
            </p>
            <p className="hint">
              {t(ON_TIME_DEFINITION)}{" "}
              {t(
                "Expired: the quote's validity date has passed. MOQ: the supplier's minimum order quantity for the line.",
              )}
            </p>
          </section>
          {linePage.notice ? (
            <p className="banner info" role="status" data-testid="line-page-notice">
              {translated(t, linePage.notice)}
            </p>
          ) : null}
          <LinePager page={linePage} hrefFor={hrefFor} placement="above" />
          <ComparisonMatrix comparison={data} />
          <LinePager page={linePage} hrefFor={hrefFor} placement="below" />
          <ComparisonScoring
            ranking={data.ranking}
            typed={data.weightsForm.typed}
            errors={data.weightsForm.errors}
            keep={keep}
          />
          {canAward && previewed ? (
            <AwardPreviewPanel
              preview={previewed.preview}
              echo={previewed.echo}
              rfqId={rfq.id}
              busy={navigation.state !== "idle"}
            />
          ) : null}
          {canAward && !previewed ? (
            <AwardPanel
              version={rfq.version}
              currency={currency}
              lines={data.lines}
              linePage={linePage}
              offPage={data.offPage}
              suppliers={suppliers}
              lastResult={lastResult}
              formToken={data.formToken}
              busy={navigation.state !== "idle"}
            />
          ) : null}
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
