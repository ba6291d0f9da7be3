/**
 * The award's second step: what it will make (a draft PO or agreement per
 * supplier, with its lines and total) and who will be told, with one button
 * to confirm. The confirm form sends the very choice that was previewed,
 * with the same one-time token, so a double click still awards once. Works
 * without JavaScript: it is the award post's answer, rendered by the server.
 */
import { Form, Link } from "@remix-run/react";

import type { AwardPreview } from "~/models/sourcing/award-preview.server";
import { useI18n } from "~/i18n/react";

import { FormTokenField } from "./form/form-token-field";
import { TableFrame } from "./table-frame";
import { unitLabel } from "./vocabulary-labels";

export interface AwardEcho {
  version: number;
  award: string;
  lines: { rfqLineId: string; supplierOrgId?: string }[];
  justification: string;
  formToken: string | null;
}

export function AwardPreviewPanel({
  preview,
  echo,
  rfqId,
  busy,
}: {
  preview: AwardPreview;
  echo: AwardEcho;
  rfqId: string;
  busy: boolean;
}) {
  const { t, format } = useI18n();
  const agreement = preview.as === "agreement";
  const count = preview.documents.length;
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t("Check the award")}</h2>
      <p role="status">
        {agreement
          ? t(
              "Nothing is awarded yet. Confirming makes {{count}} draft agreements, closes the RFQ as awarded and tells every bidder its own result.",
              { count },
            )
          : t(
              "Nothing is awarded yet. Confirming makes {{count}} draft purchase orders, closes the RFQ as awarded and tells every bidder its own result.",
              { count },
            )}
      </p>
      {preview.documents.map((doc) => (
        <article key={doc.supplierOrgId} className="stack" aria-labelledby={`preview-${doc.supplierOrgId}`}>
          <h3 id={`preview-${doc.supplierOrgId}`}>
            {agreement
              ? t("Draft agreement to {{supplier}}", { supplier: doc.supplierName })
              : t("Draft purchase order to {{supplier}}", { supplier: doc.supplierName })}
          </h3>
          <TableFrame
            label={
              agreement
                ? t("Lines of the agreement to {{supplier}}", { supplier: doc.supplierName })
                : t("Lines of the purchase order to {{supplier}}", { supplier: doc.supplierName })
            }
          >
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t("Item")}</th>
                  <th scope="col">{agreement ? t("Quantity cap") : t("Quantity")}</th>
                  <th scope="col">{t("Unit price")}</th>
                  {preview.as === "po" ? <th scope="col">{t("Total")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {doc.lines.map((line) => (
                  <tr key={line.position}>
                    <td>{line.position}</td>
                    <td>{line.item}</td>
                    <td>
                      {line.quantity ? `${format.quantity(line.quantity)} ${unitLabel(t, line.unit)}` : t("No cap")}
                    </td>
                    <td>{line.kind === "charge" ? "" : format.money(line.unitPrice, doc.currency)}</td>
                    {preview.as === "po" ? <td>{format.money(line.total, doc.currency)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          <p data-testid="preview-total">
            {preview.as === "po"
              ? t("Total {{amount}}.", { amount: format.money(doc.total, doc.currency) })
              : doc.total
                ? t("Value cap {{amount}}.", { amount: format.money(doc.total, doc.currency) })
                : t("No value cap.")}{" "}
            {"validFrom" in doc.dates
              ? t("Valid {{from}} to {{to}}.", {
                  from: format.date(doc.dates.validFrom),
                  to: format.date(doc.dates.validTo),
                })
              : doc.dates.delivery
                ? t("Delivery expected {{date}}.", { date: format.date(doc.dates.delivery) })
                : t("No delivery date yet.")}
          </p>
        </article>
      ))}
      <h3>{t("Who is told")}</h3>
      {preview.told.length === 0 ? (
        <p>{t("Nobody: no supplier has an active person to tell.")}</p>
      ) : (
        <ul>
          {preview.told.map((told) => (
            <li key={told.organisation}>
              {told.organisation}:{" "}
              {told.mails > 0
                ? t("{{count}} people in the app, {{mails}} by mail, each bidder of its own result only", {
                    count: told.people,
                    mails: told.mails,
                  })
                : t("{{count}} people in the app, each bidder of its own result only", { count: told.people })}
            </li>
          ))}
        </ul>
      )}
      {echo.justification ? (
        <p>
          {t("Justification kept with the RFQ:")} <q>{echo.justification}</q>
        </p>
      ) : preview.justificationRequired ? null : (
        <p className="hint">{t("This is the cheapest choice: no justification is needed.")}</p>
      )}
      <Form method="post" className="row">
        <input type="hidden" name="version" value={echo.version} />
        <input type="hidden" name="award" value={echo.award} />
        {echo.lines.map((line, i) => (
          <span key={line.rfqLineId} hidden>
            <input type="hidden" name={`lines[${i}].rfqLineId`} value={line.rfqLineId} />
            <input type="hidden" name={`lines[${i}].supplierOrgId`} value={line.supplierOrgId ?? ""} />
          </span>
        ))}
        <input type="hidden" name="justification" value={echo.justification} />
        <input type="hidden" name="confirm" value="yes" />
        {echo.formToken ? <FormTokenField token={echo.formToken} /> : null}
        <button type="submit" disabled={busy}>
          {t("Confirm award")}
        </button>
        <Link to={`/rfqs/${rfqId}/compare`} className="button secondary">
          {t("Change the choice")}
        </Link>
      </Form>
    </section>
  );
}
