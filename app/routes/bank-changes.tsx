import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { acknowledgeBankChangeSchema } from "~/models/shared/payment-hold.schema";
import { acknowledgeBankChange, listBankChanges } from "~/models/shared/payment-holds.server";
import { type FormReply, readForm, replyWithError } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Bank changes");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "PaymentHold");
  return listBankChanges(ctx);
}

type ActionData = FormReply | { acknowledged: string };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "acknowledge", "PaymentHold");
  const parsed = await readForm(request, acknowledgeBankChangeSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await acknowledgeBankChange(ctx, { id: parsed.value.id });
    return { acknowledged: parsed.value.id } satisfies ActionData;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

type Values = { accountHolder: string; iban: string; bic: string } | null;

function BankValues({ values }: { values: Values }) {
  const { t } = useI18n();
  if (!values) return <dd>{t("None on file")}</dd>;
  return (
    <dd>
      {values.accountHolder}
      {"\n"}
      {t("IBAN {{iban}}", { iban: values.iban })}
      {"\n"}
      {t("BIC {{bic}}", { bic: values.bic })}
    </dd>
  );
}

export default function BankChanges() {
  const { open, acknowledged } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state !== "idle";
  const [form] = useSchemaForm(acknowledgeBankChangeSchema, { id: "acknowledge", lastResult: asReply(data) });
  return (
    <>
      <h1>{t("Suppliers' bank changes")}</h1>
      <p className="hint">
        {t(
          "A supplier that changes its bank details is a classic route for invoice fraud. Payments to it are held until you have checked the change with the supplier, through a contact you already know, and acknowledged it here.",
        )}
      </p>
      {data && "acknowledged" in data ? (
        <p className="banner ok" role="status">
          {t("Change acknowledged. Payments to this supplier are released for your organisation.")}
        </p>
      ) : null}
      <ErrorSummary form={form} />
      <h2>{t("To acknowledge")}</h2>
      {open.length === 0 ? <p className="card muted">{t("No bank change waits for you.")}</p> : null}
      {open.map((change) => (
        <section key={change.id} className="card stack" aria-labelledby={`change-${change.id}`}>
          <h3 id={`change-${change.id}`} style={{ marginTop: 0 }}>
            {t("{{supplier}}, changed {{date}}", {
              supplier: change.supplierName,
              date: format.date(change.changedOn),
            })}
          </h3>
          <dl className="facts">
            <dt>{t("Before")}</dt>
            <BankValues values={change.previous} />
            <dt>{t("After")}</dt>
            <BankValues values={change.next} />
          </dl>
          <p className="error">{t("Payments to {{supplier}} are held.", { supplier: change.supplierName })}</p>
          <Form method="post" id={`${form.id}-${change.id}`}>
            <input type="hidden" name="id" value={change.id} />
            <button
              type="submit"
              name="intent"
              value="acknowledge"
              disabled={busy}
              aria-label={t("Acknowledge the bank change of {{supplier}}", { supplier: change.supplierName })}
            >
              {t("Acknowledge the bank change")}
            </button>
          </Form>
        </section>
      ))}
      {acknowledged.length > 0 ? (
        <>
          <h2>{t("Acknowledged")}</h2>
          <ol className="plain stack">
            {acknowledged.map((change) => (
              <li key={change.id} className="card">
                <strong>{change.supplierName}</strong>
                {t(", changed {{date}}: IBAN {{iban}}.", {
                  date: format.date(change.changedOn),
                  iban: change.next.iban,
                })}{" "}
                {change.acknowledgedAt
                  ? t("Acknowledged by {{name}}, {{at}}.", {
                      name: change.acknowledgedBy ?? t("someone"),
                      at: format.instant(change.acknowledgedAt),
                    })
                  : t("Acknowledged by {{name}}.", { name: change.acknowledgedBy ?? t("someone") })}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
