/**
 * One agreement: its terms, items with what the call-offs consumed and what
 * remains, the consumption over time, the call-offs, and what the reader
 * may do now (the model's `can`): the buyer sends, cancels, closes and
 * orders from it; the supplier acknowledges or declines it. One action,
 * dispatching on `intent`.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";

import { requireContext } from "~/auth/request.server";
import { ConsumptionChart } from "~/components/consumption-chart";
import { Fact } from "~/components/facts";
import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { FieldError, InputField } from "~/components/form/fields";
import { fieldList } from "~/components/form/line-items";
import { FoldedReasonForm } from "~/components/form/reason-form";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { StatusBadge } from "~/components/status-badge";
import { TableFrame } from "~/components/table-frame";
import {
  agreementAcknowledgeSchema,
  agreementCancelSchema,
  agreementCloseSchema,
  agreementDeclineSchema,
  agreementSendSchema,
  callOffSchema,
} from "~/models/agreements/agreement.schema";
import {
  acknowledgeAgreement,
  cancelAgreement,
  closeAgreement,
  declineAgreement,
  sendAgreement,
} from "~/models/agreements/agreement-lifecycle.server";
import { getAgreementPage } from "~/models/agreements/agreement-queries.server";
import { callOff } from "~/models/agreements/call-off.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { requireId } from "~/utils/http.server";
import { readSubmission, replyWithError, type FormReply, readFormData } from "~/utils/submission.server";
import { msg, translated } from "~/i18n/config";
import { EVENT_LABELS } from "~/models/agreements/agreement-labels";
import { paymentTermsLabel, unitLabel } from "~/models/shared/vocabulary-labels";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  titled(matches, "Agreement {{number}}", { number: data?.agreement.number ?? "" });

const INTENTS = ["send", "acknowledge", "decline", "cancel", "close", "callOff"] as const;
type Intent = (typeof INTENTS)[number];

const withIntent = <T extends z.ZodRawShape>(intent: Intent, schema: z.ZodObject<T>) =>
  schema.extend({ intent: z.literal(intent) });
const sendForm = withIntent("send", agreementSendSchema);
const acknowledgeForm = withIntent("acknowledge", agreementAcknowledgeSchema);
const declineForm = withIntent("decline", agreementDeclineSchema);
const cancelForm = withIntent("cancel", agreementCancelSchema);
const closeForm = withIntent("close", agreementCloseSchema);
const callOffForm = z.intersection(callOffSchema, z.object({ intent: z.literal("callOff") }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such agreement.");
  return { ...(await getAgreementPage(ctx, { id })), formToken: issueFormToken() };
}

const intentSchema = z.object({
  intent: z.enum(INTENTS, { error: "This page has no such action. Reload it and try again." }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such agreement.");
  const formData = await readFormData(request);
  const picked = readSubmission(formData, intentSchema);
  if (!picked.ok) return picked.response;
  const { intent } = picked.value;
  async function perform<S extends z.ZodType>(
    schema: S,
    work: (value: z.infer<S>, parsed: { submission: { payload: Record<string, unknown> } }) => Promise<Response | void>,
  ) {
    const parsed = readSubmission(formData, schema);
    if (!parsed.ok) return parsed.response;
    try {
      return (await work(parsed.value, parsed)) ?? { ok: intent };
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  switch (intent) {
    case "send":
      return perform(sendForm, async ({ version }) => {
        await sendAgreement(ctx, { id, version });
      });
    case "acknowledge":
      return perform(acknowledgeForm, async ({ version }) => {
        await acknowledgeAgreement(ctx, { id, version });
      });
    case "decline":
      return perform(declineForm, async ({ version, reason }) => {
        await declineAgreement(ctx, { id, version, reason });
      });
    case "cancel":
      return perform(cancelForm, async ({ version, reason }) => {
        await cancelAgreement(ctx, { id, version, reason });
      });
    case "close":
      return perform(closeForm, async ({ version, reason }) => {
        await closeAgreement(ctx, { id, version, reason });
      });
    case "callOff":
      return perform(callOffForm, async ({ key, deliveryDate, lines }, parsed) => {
        // The key already makes a repeat find the first call-off; the token is the guard every creating form shares.
        const { poId } = await once(
          ctx,
          { token: formTokenOf(parsed.submission), purpose: "agreement.callOff" },
          async (tx) => ({ poId: (await callOff(tx, { agreementId: id, key, deliveryDate, lines })).poId }),
        );
        return redirect(`/pos/${poId}`);
      });
  }
}

const DONE: Record<Intent, string> = {
  send: msg("Sent. The supplier has been asked to acknowledge it."),
  acknowledge: msg("Acknowledged. The agreement is in force; the buyer has been told."),
  decline: msg("Declined. The buyer has been told."),
  cancel: msg("Cancelled."),
  close: msg("Closed. Nothing more can be ordered from it."),
  callOff: msg("Ordered."),
};

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

/** "1,000 pcs": a quantity in the viewer's format with its unit's word. */
function useQuantityOf() {
  const { t, format } = useI18n();
  return (quantity: string, unit: string) =>
    t("{{quantity}} {{unit}}", { quantity: format.quantity(quantity), unit: t(unitLabel(unit)) });
}

export default function AgreementPage() {
  const page = useLoaderData<typeof loader>();
  const { agreement: a, can, items, value } = page;
  const quantityOf = useQuantityOf();
  const { t, format } = useI18n();
  const data = useActionData<{ ok: Intent } | FormReply>();
  const reply = asReply(data);
  const busy = useNavigation().state !== "idle";
  const replyFor = (intent: Intent) => (reply?.initialValue?.intent === intent ? reply : undefined);
  const refused = INTENTS.find((i) => i === reply?.initialValue?.intent);
  const orphan = reply && refused && !can[refused] ? Object.values(reply.error ?? {}).flat() : [];
  return (
    <>
      <h1>
        {t("Agreement {{number}}", { number: a.number })} <StatusBadge status={a.status} />
      </h1>
      {data && "ok" in data ? (
        <p className="banner ok" role="status">
          {t(DONE[data.ok])}
        </p>
      ) : null}
      {orphan.length > 0 ? (
        <p className="banner error" role="alert">
          {orphan.map((e) => translated(t, e ?? "")).join(" ")}
        </p>
      ) : null}
      <section className="card" aria-labelledby="terms-heading">
        <h2 id="terms-heading">{a.title}</h2>
        <dl className="facts">
          <Fact label={t("Supplier")}>{page.supplierName}</Fact>
          <Fact label={t("Buyer")}>{page.buyerName}</Fact>
          <Fact label={t("Valid")}>
            {t("{{from}} to {{to}}", { from: format.date(a.valid_from), to: format.date(a.valid_to) })}
          </Fact>
          <Fact label={t("Currency")}>{a.currency}</Fact>
          <Fact label={t("Value cap")}>{a.value_cap === null ? t("none") : format.money(a.value_cap, a.currency)}</Fact>
          <Fact label={t("Payment terms")}>{a.payment_terms ? t(paymentTermsLabel(a.payment_terms)) : null}</Fact>
          <Fact label={t("Incoterm")}>{a.incoterm}</Fact>
          <Fact label={t("Lead time")}>{t("{{count}} days", { count: a.lead_time_days })}</Fact>
          <Fact label={t("Reason")}>{a.reason}</Fact>
          {a.rfq_id && can.seeCallOffs ? (
            <Fact label={t("From RFQ")}>
              <Link to={`/rfqs/${a.rfq_id}`}>{t("the awarded RFQ")}</Link>
            </Fact>
          ) : null}
        </dl>
      </section>

      <Actions page={page} busy={busy} replyFor={replyFor} />

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">{t("Items")}</h2>
        <TableFrame label={t("Items and consumption")}>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("Item")}</th>
                <th>{t("Category")}</th>
                <th className="num">{t("Unit price")}</th>
                <th>{t("Price breaks")}</th>
                <th className="num">{t("Cap")}</th>
                <th className="num">{t("Consumed")}</th>
                <th className="num">{t("Remaining")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.position}</td>
                  <td>
                    {item.itemName}
                    {item.specification ? <div className="hint">{item.specification}</div> : null}
                  </td>
                  <td>{item.category}</td>
                  <td className="num">
                    {t("{{price}} / {{unit}}", {
                      price: format.unitPrice(item.unitPrice, a.currency),
                      unit: t(unitLabel(item.unit)),
                    })}
                  </td>
                  <td>
                    {item.breaks
                      .map((b) =>
                        t("from {{quantity}}: {{price}}", {
                          quantity: format.quantity(b.minQuantity),
                          price: format.unitPrice(b.unitPrice, a.currency),
                        }),
                      )
                      .join("; ")}
                  </td>
                  <td className="num">
                    {item.quantityCap === null ? t("none") : quantityOf(item.quantityCap, item.unit)}
                  </td>
                  <td className="num">
                    {item.percent !== null
                      ? t("{{quantity}} ({{percent}} %)", {
                          quantity: quantityOf(item.consumed, item.unit),
                          percent: format.number(item.percent),
                        })
                      : quantityOf(item.consumed, item.unit)}
                  </td>
                  <td className="num">
                    {item.remaining === null ? t("no cap") : quantityOf(item.remaining, item.unit)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
        <p data-testid="value-consumption">
          {value.cap !== null && value.remaining !== null
            ? t("In value: {{consumed}} consumed, {{remaining}} remaining of {{cap}} ({{percent}} %).", {
                consumed: format.money(value.consumed, a.currency),
                remaining: format.money(value.remaining, a.currency),
                cap: format.money(value.cap, a.currency),
                percent: format.number(value.percent ?? 0),
              })
            : t("In value: {{consumed}} consumed, no value cap.", {
                consumed: format.money(value.consumed, a.currency),
              })}
        </p>
      </section>

      {can.callOff ? <CallOffForm page={page} busy={busy} lastResult={replyFor("callOff")} /> : null}

      {can.seeCallOffs ? (
        <section aria-labelledby="calloffs-heading">
          <h2 id="calloffs-heading">{t("Call-offs")}</h2>
          <ConsumptionChart
            points={page.chart}
            cap={value.cap}
            currency={a.currency}
            validFrom={a.valid_from}
            validTo={a.valid_to}
          />
          {page.callOffs.length === 0 ? (
            <p className="muted">{t("Nothing ordered from this agreement yet.")}</p>
          ) : (
            <ul>
              {page.callOffs.map((c) => (
                <li key={c.id}>
                  <Link to={`/pos/${c.id}`}>{c.number}</Link> · {format.money(c.total, c.currency)} ·{" "}
                  <StatusBadge status={c.status} /> · {format.instant(c.created_at)}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("History")}</h2>
        <ol className="card">
          {page.timeline.map((e) => (
            <li key={e.id}>
              {e.actorName
                ? t("{{at}}: {{event}} by {{name}}", {
                    at: format.instant(e.created_at),
                    event: t(EVENT_LABELS[e.event] ?? e.event),
                    name: e.actorName,
                  })
                : t("{{at}}: {{event}} by the system", {
                    at: format.instant(e.created_at),
                    event: t(EVENT_LABELS[e.event] ?? e.event),
                  })}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function Actions({
  page,
  busy,
  replyFor,
}: {
  page: Page;
  busy: boolean;
  replyFor: (intent: Intent) => FormReply | undefined;
}) {
  const { can, agreement: a } = page;
  const { t } = useI18n();
  if (!can.edit && !can.send && !can.acknowledge && !can.decline && !can.cancel && !can.close) return null;
  return (
    <section aria-labelledby="actions-heading" className="stack">
      <h2 id="actions-heading">{t("What you can do")}</h2>
      {can.edit ? (
        <p>
          <Link to={`/agreements/${a.id}/edit`}>{t("Edit draft")}</Link>
        </p>
      ) : null}
      {can.send ? (
        <VersionForm
          intent="send"
          version={a.version}
          busy={busy}
          lastResult={replyFor("send")}
          label={t("Send to supplier")}
        />
      ) : null}
      {can.acknowledge ? (
        <VersionForm
          intent="acknowledge"
          version={a.version}
          busy={busy}
          lastResult={replyFor("acknowledge")}
          label={t("Acknowledge agreement")}
        />
      ) : null}
      {can.decline ? (
        <FoldedReasonForm
          summary={t("Decline this agreement")}
          schema={declineForm}
          intent="decline"
          id="decline-form"
          hidden={{ version: a.version }}
          label={t("Why do you decline it?")}
          submitLabel={t("Decline agreement")}
          danger
          busy={busy}
          lastResult={replyFor("decline")}
        />
      ) : null}
      {can.cancel ? (
        <FoldedReasonForm
          summary={t("Cancel this agreement")}
          schema={cancelForm}
          intent="cancel"
          id="cancel-form"
          reasonId="cancel-reason"
          hidden={{ version: a.version }}
          label={t("Why do you cancel it?")}
          submitLabel={t("Cancel agreement")}
          danger
          busy={busy}
          lastResult={replyFor("cancel")}
        />
      ) : null}
      {can.close ? (
        <FoldedReasonForm
          summary={t("Close this agreement early")}
          schema={closeForm}
          intent="close"
          id="close-form"
          reasonId="close-reason"
          hidden={{ version: a.version }}
          label={t("Why do you close it?")}
          submitLabel={t("Close agreement")}
          danger
          busy={busy}
          lastResult={replyFor("close")}
        />
      ) : null}
    </section>
  );
}

function VersionForm({
  intent,
  version,
  busy,
  lastResult,
  label,
}: {
  intent: "send" | "acknowledge";
  version: number;
  busy: boolean;
  lastResult?: FormReply;
  label: string;
}) {
  const [form] = useSchemaForm(intent === "send" ? sendForm : acknowledgeForm, { id: `${intent}-form`, lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="card stack">
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {label}
        </button>
      </div>
    </Form>
  );
}

function CallOffForm({ page, busy, lastResult }: { page: Page; busy: boolean; lastResult?: FormReply }) {
  const { items, agreement: a } = page;
  const { t, format } = useI18n();
  const quantityOf = useQuantityOf();
  const typedKey = lastResult?.initialValue?.key;
  const key = typeof typedKey === "string" ? typedKey : page.callOffKey;
  const [form, fields] = useSchemaForm(callOffForm, {
    id: "call-off-form",
    lastResult,
    defaultValue: { key, lines: items.map((i) => ({ itemId: i.id, quantity: "" })) },
  });
  const rows = fieldList(fields.lines);
  return (
    <section className="card" aria-labelledby="call-off-heading">
      <h2 id="call-off-heading">{t("Order from this agreement")}</h2>
      <p className="hint">
        {t(
          "Enter a quantity for each item you need; the price follows the agreement and its price breaks. The call-off becomes a draft purchase order, submitted and approved like any other.",
        )}
      </p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="callOff" />
        <input type="hidden" name="key" value={key} />
        <FormTokenField token={page.formToken} />
        <FieldError id={fields.lines.id} errors={fields.lines.errors} />
        <TableFrame label={t("Call-off quantities")}>
          <table>
            <thead>
              <tr>
                <th>{t("Item")}</th>
                <th className="num">{t("Price")}</th>
                <th className="num">{t("Remaining")}</th>
                <th className="num">{t("Quantity")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => {
                const row = rows[i]?.getFieldset();
                const quantity = row?.quantity ?? {
                  id: `call-off-${i}`,
                  name: `lines[${i}].quantity`,
                  formId: form.id,
                };
                return (
                  <tr key={item.id}>
                    <td>{item.itemName}</td>
                    <td className="num">
                      {t("{{price}} / {{unit}}", {
                        price: format.unitPrice(item.unitPrice, a.currency),
                        unit: t(unitLabel(item.unit)),
                      })}
                      {item.breaksText ? (
                        <div className="hint">{t("breaks {{breaks}}", { breaks: item.breaksText })}</div>
                      ) : null}
                    </td>
                    <td className="num">
                      {item.remaining === null ? t("no cap") : quantityOf(item.remaining, item.unit)}
                    </td>
                    <td className="num">
                      <input type="hidden" name={`lines[${i}].itemId`} value={item.id} />
                      <InputField
                        field={quantity}
                        id={`call-off-quantity-${i}`}
                        label={t("Quantity of {{item}}", { item: item.itemName })}
                        labelHidden
                        inputMode="decimal"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableFrame>
        <InputField
          field={fields.deliveryDate}
          id="call-off-delivery-date"
          label={t("Delivery date (optional; default: today plus the lead time)")}
          type="date"
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Order from this agreement")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
