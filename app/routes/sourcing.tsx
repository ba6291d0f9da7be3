/**
 * The buyers' sourcing queue: free-text requisition lines no agreement
 * covers, waiting for an RFQ. Pick lines (from one or several requisitions)
 * and make one draft RFQ of them; it opens ready to invite suppliers.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { FieldError } from "~/components/form/fields";
import { FormTokenField } from "~/components/form/form-token-field";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { TableFrame } from "~/components/table-frame";
import { unitLabel } from "~/components/vocabulary-labels";
import { sourcingQueueSchema } from "~/models/sourcing/sourcing-queue.schema";
import { getSourcingQueue, rfqFromQueue } from "~/models/sourcing/sourcing-queue.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { msg } from "~/i18n/config";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Sourcing queue");

const NOT_YOURS = msg("The sourcing queue is the buyers'.");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Rfq", NOT_YOURS);
  return { ...(await getSourcingQueue(ctx)), formToken: issueFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "Rfq", NOT_YOURS);
  const parsed = await readForm(request, sourcingQueueSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { rfqId } = await once(ctx, { token: formTokenOf(parsed.submission), purpose: "sourcing.rfq" }, (tx) =>
      rfqFromQueue(tx, { lineIds: parsed.value.lineIds }),
    );
    return redirect(`/rfqs/${rfqId}`);
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function SourcingQueue() {
  const { t, format } = useI18n();
  const { lines, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(sourcingQueueSchema, { lastResult });
  return (
    <>
      <h1>{t("Sourcing queue")}</h1>
      <p className="hint">
        {t("What people asked for that no agreement covers, once approved. Choose lines and make one RFQ of them.")}
      </p>
      {lines.length === 0 ? (
        <p className="card muted">{t("Nothing waits to be sourced.")}</p>
      ) : (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
          <ErrorSummary form={form} />
          <FormTokenField token={formToken} />
          <FieldError id={fields.lineIds.id} errors={fields.lineIds.errors} />
          <TableFrame label={t("Lines to source")}>
            <table>
              <thead>
                <tr>
                  <th>
                    <span className="sr-only">{t("Choose")}</span>
                  </th>
                  <th>{t("Item")}</th>
                  <th className="num">{t("Quantity")}</th>
                  <th className="num">{t("Estimate")}</th>
                  <th>{t("Wanted by")}</th>
                  <th>{t("Requisition")}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="lineIds"
                        value={l.id}
                        id={`line-${l.id}`}
                        aria-label={t("Choose {{item}} of {{requisition}}", {
                          item: l.itemName,
                          requisition: l.requisitionNumber,
                        })}
                      />
                    </td>
                    <td>
                      <label htmlFor={`line-${l.id}`}>{l.itemName}</label>
                      {l.category ? <div className="hint">{l.category}</div> : null}
                    </td>
                    <td className="num">
                      {format.quantity(l.quantity)} {unitLabel(t, l.unit)}
                    </td>
                    <td className="num">{l.estimate && l.currency ? format.unitPrice(l.estimate, l.currency) : ""}</td>
                    <td>{l.wantedBy ? format.date(l.wantedBy) : ""}</td>
                    <td>
                      <Link to={`/requisitions/${l.requisitionId}`}>{l.requisitionNumber}</Link>
                      <div className="hint">{l.requesterName ?? t("Reorder rule")}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableFrame>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("Make RFQ from chosen lines")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
