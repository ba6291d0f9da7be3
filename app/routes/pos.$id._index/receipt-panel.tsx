/**
 * What arrived and what was billed: the buyer's receipt form, what was just
 * booked, the goods received so far (by delivery note), the PO's invoices.
 *
 * After a receipt is booked the form starts empty again (it is keyed by the
 * PO's version), and what was booked is shown above it: a form that kept the
 * quantities would book the same delivery again at the next press.
 */
import { Form, Link, useLoaderData } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { blankField, CheckboxField, InputField, type FieldState } from "~/components/form/fields";
import { fieldList } from "~/components/form/line-items";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { StatusBadge } from "~/components/status-badge";
import { receiptFormSchema, type BookedReceipt } from "~/models/fulfilment/receipt.schema";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/models/ordering/labels";

import { usePoAction } from "./po-action";
import type { loader } from "./route";
import { isCharge } from "~/models/shared/pricing";

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export function ReceiptPanel() {
  const { po, receipts, invoices, can } = useLoaderData<typeof loader>();
  const { done } = usePoAction();
  const { t, format } = useI18n();
  return (
    <>
      {done?.booked ? <JustBooked booked={done.booked} /> : null}
      {can.receive ? <ReceiptForm key={po.version} /> : null}
      {receipts.length > 0 ? <ReceiptsList receipts={receipts} /> : null}
      {invoices.length > 0 ? (
        <>
          <h2>{t("Invoices")}</h2>
          <ul>
            {invoices.map((i) => (
              <li key={i.id}>
                <Link to={`/invoices/${i.id}`}>{i.invoice_number}</Link> · {format.date(i.issued_on)} ·{" "}
                {format.money(i.total, i.currency)} · <StatusBadge status={i.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function JustBooked({ booked }: { booked: BookedReceipt }) {
  const { t, format } = useI18n();
  return (
    <section className="card" aria-labelledby="just-booked">
      <h2 id="just-booked" style={{ marginTop: 0 }}>
        {t("Just recorded: delivery note {{note}}", { note: booked.deliveryNote })}
      </h2>
      <p>{t("Received on {{date}}:", { date: format.date(booked.receivedOn) })}</p>
      <ul aria-label={t("Quantities just recorded")}>
        {booked.lines.map((l) => (
          <li key={l.poLineId}>
            {format.quantity(l.quantity)} {t(unitLabel(l.unit))} {l.itemName}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The delivery notes already booked on this PO, as the server compares them. */
const noteKey = (note: string) => note.trim().toLowerCase();

function ReceiptForm() {
  const { po, lines: all, receipts, today } = useLoaderData<typeof loader>();
  const { replyFor, busy, formToken } = usePoAction();
  const { t, format } = useI18n();
  // Charges (freight) are invoiced, never received: the form asks only for goods.
  const lines = all.filter((l) => !isCharge(l));
  const lastResult = replyFor("receive");
  const [form, fields] = useSchemaForm(receiptFormSchema, {
    id: "receive-form",
    lastResult,
    defaultValue: {
      receivedOn: today,
      lines: lines.map((l) => ({ poLineId: l.id, quantity: "" })),
    },
  });
  const rows = fieldList(fields.lines);
  // The box to confirm a second delivery appears once the server has refused a note already booked here.
  const sentNote = lastResult?.initialValue?.deliveryNote;
  const typedNote = typeof sentNote === "string" ? sentNote : "";
  const booked = new Set(receipts.map((r) => noteKey(r.delivery_note)));
  const askToConfirm = booked.has(noteKey(typedNote)) || lastResult?.initialValue?.confirmSecondDelivery === "on";
  // The browser cannot know a note was booked before, so its checks (run when the box is ticked and left)
  // would wipe the server's refusal and move the button under the pointer. The refusal stays while the
  // note is the one refused.
  const currentNote = fields.deliveryNote.value;
  const repeat =
    askToConfirm && noteKey(typeof currentNote === "string" ? currentNote : typedNote) === noteKey(typedNote)
      ? (lastResult?.error?.deliveryNote ?? undefined)
      : undefined;
  const deliveryNote: FieldState = {
    id: fields.deliveryNote.id,
    name: fields.deliveryNote.name,
    formId: fields.deliveryNote.formId,
    required: fields.deliveryNote.required,
    defaultValue: fields.deliveryNote.defaultValue,
    errors: fields.deliveryNote.errors ?? repeat,
  };
  const summary = repeat
    ? { errors: form.errors, allErrors: { ...form.allErrors, deliveryNote: repeat }, status: "error" as const }
    : form;
  return (
    <section className="card" aria-labelledby="receive-heading">
      <h2 id="receive-heading" style={{ marginTop: 0 }}>
        {t("Record goods received")}
      </h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
        <ErrorSummary form={summary} />
        <input type="hidden" name="intent" value="receive" />
        <input type="hidden" name="version" value={po.version} />
        <FormTokenField token={formToken} />
        <InputField
          field={deliveryNote}
          id="deliveryNote"
          label={t("Delivery note number")}
          hint={t("As printed on the supplier's delivery note.")}
          autoComplete="off"
        />
        {askToConfirm ? (
          <div>
            <CheckboxField
              field={fields.confirmSecondDelivery}
              id="confirmSecondDelivery"
              label={t("This is a second delivery under the same delivery note")}
            />
          </div>
        ) : null}
        <InputField field={fields.receivedOn} id="receivedOn" label={t("Received on")} type="date" />
        {lines.map((l, i) => (
          <div key={l.id}>
            <input type="hidden" name={`lines[${i}].poLineId`} value={l.id} />
            <InputField
              field={rows[i]?.getFieldset().quantity ?? blankField(form.id, `lines[${i}].quantity`)}
              id={`receive-${i}`}
              label={t("Quantity received of {{item}} ({{unit}})", { item: l.item_name, unit: t(unitLabel(l.unit)) })}
              hint={t("{{ordered}} ordered, {{received}} received so far", {
                ordered: format.quantity(l.quantity),
                received: format.quantity(l.received),
              })}
              inputMode="decimal"
            />
          </div>
        ))}
        <InputField field={fields.note} id="note" label={t("Note (optional)")} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Record receipt")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** Every receipt of the PO with its delivery note, one entry per delivery. */
function ReceiptsList({ receipts }: { receipts: PageData["receipts"] }) {
  const { t, format } = useI18n();
  const byReceipt = new Map<string, PageData["receipts"]>();
  for (const r of receipts) byReceipt.set(r.id, [...(byReceipt.get(r.id) ?? []), r]);
  return (
    <>
      <h2 id="goods-received">{t("Goods received")}</h2>
      <ul aria-labelledby="goods-received">
        {[...byReceipt.values()].map((rows) => {
          const first = rows[0];
          return (
            <li key={first.id}>
              {format.date(first.received_on)} ·{" "}
              {first.delivery_note
                ? t("delivery note {{note}}", { note: first.delivery_note })
                : t("delivery note not recorded")}{" "}
              · {first.receivedBy}:{" "}
              {rows.map((r) => `${format.quantity(r.quantity)} ${t(unitLabel(r.unit))} ${r.item_name}`).join(", ")}
              {first.note ? ` (${first.note})` : ""}
            </li>
          );
        })}
      </ul>
    </>
  );
}
