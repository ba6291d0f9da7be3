/**
 * The award's second step: what it will make (a draft PO or agreement per
 * supplier, with its lines and total) and who will be told, with one button
 * to confirm. The confirm form sends the very choice that was previewed,
 * with the same one-time token, so a double click still awards once. Works
 * without JavaScript: it is the award post's answer, rendered by the server.
 */
import { Form, Link } from "@remix-run/react";

import type { AwardPreview } from "~/models/sourcing/award-preview.server";
import { formatMoney, formatQuantity } from "~/utils/money";

import { FormTokenField } from "./form/form-token-field";
import { TableFrame } from "./table-frame";

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
  const noun = preview.as === "agreement" ? "agreement" : "purchase order";
  const count = preview.documents.length;
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Check the award</h2>
      <p role="status">
        Nothing is awarded yet. Confirming makes {count} draft {noun}
        {count === 1 ? "" : "s"}, closes the RFQ as awarded and tells every bidder its own result.
      </p>
      {preview.documents.map((doc) => (
        <article key={doc.supplierOrgId} className="stack" aria-labelledby={`preview-${doc.supplierOrgId}`}>
          <h3 id={`preview-${doc.supplierOrgId}`}>
            Draft {noun} to {doc.supplierName}
          </h3>
          <TableFrame label={`Lines of the ${noun} to ${doc.supplierName}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Item</th>
                  <th scope="col">{preview.as === "agreement" ? "Quantity cap" : "Quantity"}</th>
                  <th scope="col">Unit price</th>
                  {preview.as === "po" ? <th scope="col">Total</th> : null}
                </tr>
              </thead>
              <tbody>
                {doc.lines.map((line) => (
                  <tr key={line.position}>
                    <td>{line.position}</td>
                    <td>{line.item}</td>
                    <td>{line.quantity ? `${formatQuantity(line.quantity)} ${line.unit}` : "No cap"}</td>
                    <td>{line.kind === "charge" ? "" : formatMoney(line.unitPrice, doc.currency)}</td>
                    {preview.as === "po" ? <td>{formatMoney(line.total, doc.currency)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          <p data-testid="preview-total">
            {preview.as === "po"
              ? `Total ${formatMoney(doc.total, doc.currency)}. `
              : doc.total
                ? `Value cap ${formatMoney(doc.total, doc.currency)}. `
                : "No value cap. "}
            {doc.dates}.
          </p>
        </article>
      ))}
      <h3>Who is told</h3>
      {preview.told.length === 0 ? (
        <p>Nobody: no supplier has an active person to tell.</p>
      ) : (
        <ul>
          {preview.told.map((t) => (
            <li key={t.organisation}>
              {t.organisation}: {t.people} {t.people === 1 ? "person" : "people"} in the app
              {t.mails > 0 ? `, ${t.mails} by mail` : ""}, each bidder of its own result only
            </li>
          ))}
        </ul>
      )}
      {echo.justification ? (
        <p>
          Justification kept with the RFQ: <q>{echo.justification}</q>
        </p>
      ) : preview.justificationRequired ? null : (
        <p className="hint">This is the cheapest choice: no justification is needed.</p>
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
          Confirm award
        </button>
        <Link to={`/rfqs/${rfqId}/compare`} className="button secondary">
          Change the choice
        </Link>
      </Form>
    </section>
  );
}
