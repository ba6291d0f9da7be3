import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";

import { requireContext } from "~/auth/request.server";
import { Field, FormErrorBanner, invalidProps } from "~/components/field";
import { CURRENCIES, UNITS, rfqFormSchema } from "~/models/rfq.schema";
import { createRfq, supplierChoices } from "~/models/rfq.server";
import { actionErrorResponse, type ActionErrorBody } from "~/utils/action-errors.server";
import { formDataToObject, parseForm } from "~/utils/form";
import { TIME_ZONES, instantToZonedLocal } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "New RFQ · Quotient" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["buyer"]);
  if (!ability.can("create", "Rfq")) throw new Response("Only buyers create RFQs.", { status: 403 });
  const suppliers = await supplierChoices(db, user.orgId);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000);
  inAWeek.setUTCHours(15, 0, 0, 0);
  return { suppliers, defaultDeadline: instantToZonedLocal(inAWeek, "UTC") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, ability, db } = await requireContext(request, ["buyer"]);
  if (!ability.can("create", "Rfq")) throw new Response("Only buyers create RFQs.", { status: 403 });
  const formData = await request.formData();
  const parsed = parseForm(rfqFormSchema, formData);
  if (!parsed.ok)
    return Response.json({ errors: parsed.errors, values: parsed.values } satisfies ActionErrorBody, { status: 400 });
  try {
    const rfq = await createRfq(db, user, parsed.data, new Date());
    return redirect(`/rfqs/${rfq.id}`);
  } catch (error) {
    return actionErrorResponse(error, formDataToObject(formData));
  }
}

type LineValues = { itemName?: string; specification?: string; quantity?: string; unit?: string };
type Values = {
  title?: string;
  description?: string;
  currency?: string;
  deadline?: string;
  deadlineTimeZone?: string;
  deliveryAddress?: string;
  lines?: LineValues[];
  supplierIds?: string[];
};

export default function NewRfq() {
  const { suppliers, defaultDeadline } = useLoaderData<typeof loader>();
  const data = useActionData<ActionErrorBody>();
  const navigation = useNavigation();
  const errors = data?.errors ?? {};
  const values = (data?.values ?? {}) as Values;
  const [lineCount, setLineCount] = useState(Math.max(2, values.lines?.length ?? 0));
  const invited = new Set(values.supplierIds ?? []);
  const line = (i: number) => values.lines?.[i] ?? {};

  return (
    <>
      <h1>New request for quotation</h1>
      <FormErrorBanner message={errors.form} />
      <Form method="post" className="stack" noValidate>
        <Field id="title" label="Title" error={errors.title}>
          <input id="title" name="title" defaultValue={values.title ?? ""} {...invalidProps("title", errors.title)} />
        </Field>
        <Field id="description" label="Description" error={errors.description}>
          <textarea id="description" name="description" rows={3} defaultValue={values.description ?? ""} />
        </Field>
        <div className="row">
          <Field id="currency" label="Currency" error={errors.currency}>
            <select
              id="currency"
              name="currency"
              defaultValue={values.currency ?? "EUR"}
              {...invalidProps("currency", errors.currency)}
            >
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
          <Field id="deadline" label="Response deadline" error={errors.deadline}>
            <input
              id="deadline"
              name="deadline"
              type="datetime-local"
              defaultValue={values.deadline ?? defaultDeadline}
              {...invalidProps("deadline", errors.deadline)}
            />
          </Field>
          <Field id="deadlineTimeZone" label="Time zone" error={errors.deadlineTimeZone}>
            <select id="deadlineTimeZone" name="deadlineTimeZone" defaultValue={values.deadlineTimeZone ?? "UTC"}>
              {TIME_ZONES.map((z) => (
                <option key={z}>{z}</option>
              ))}
            </select>
          </Field>
        </div>
        <Field id="deliveryAddress" label="Delivery address" error={errors.deliveryAddress}>
          <textarea id="deliveryAddress" name="deliveryAddress" rows={2} defaultValue={values.deliveryAddress ?? ""} />
        </Field>

        <fieldset className="card">
          <legend className="label">Line items</legend>
          {errors.lines ? <p className="error">{errors.lines}</p> : null}
          <table className="lines-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Item</th>
                <th>Specification</th>
                <th className="num">Quantity</th>
                <th>Unit</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: lineCount }, (_, i) => {
                const err = (f: string) => errors[`lines.${i}.${f}`];
                return (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>
                      <label className="sr-only" htmlFor={`line-${i}-item`}>{`Item ${i + 1}`}</label>
                      <input
                        id={`line-${i}-item`}
                        name={`lines[${i}].itemName`}
                        defaultValue={line(i).itemName ?? ""}
                        {...invalidProps(`line-${i}-item`, err("itemName"))}
                      />
                      {err("itemName") ? (
                        <span id={`line-${i}-item-error`} className="error">
                          {err("itemName")}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`line-${i}-spec`}>{`Specification ${i + 1}`}</label>
                      <input
                        id={`line-${i}-spec`}
                        name={`lines[${i}].specification`}
                        defaultValue={line(i).specification ?? ""}
                      />
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`line-${i}-qty`}>{`Quantity ${i + 1}`}</label>
                      <input
                        id={`line-${i}-qty`}
                        name={`lines[${i}].quantity`}
                        inputMode="decimal"
                        defaultValue={line(i).quantity ?? ""}
                        {...invalidProps(`line-${i}-qty`, err("quantity"))}
                      />
                      {err("quantity") ? (
                        <span id={`line-${i}-qty-error`} className="error">
                          {err("quantity")}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`line-${i}-unit`}>{`Unit ${i + 1}`}</label>
                      <select id={`line-${i}-unit`} name={`lines[${i}].unit`} defaultValue={line(i).unit ?? "pcs"}>
                        {UNITS.map((u) => (
                          <option key={u}>{u}</option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="button" className="secondary" onClick={() => setLineCount((n) => n + 1)}>
            Add line
          </button>
        </fieldset>

        <fieldset className="card">
          <legend className="label">Invite suppliers</legend>
          {suppliers.length === 0 ? <p className="muted">Your supplier list is empty.</p> : null}
          {suppliers.map((s) => (
            <div key={s.id}>
              <input
                type="checkbox"
                id={`supplier-${s.id}`}
                name="supplierIds"
                value={s.id}
                defaultChecked={invited.has(s.id)}
              />{" "}
              <label htmlFor={`supplier-${s.id}`}>{s.name}</label>{" "}
              <span className="hint">{s.categories.join(", ")}</span>
            </div>
          ))}
          {errors.supplierIds ? <p className="error">{errors.supplierIds}</p> : null}
        </fieldset>

        <div className="actions">
          <button type="submit" name="intent" value="publish" disabled={navigation.state === "submitting"}>
            Publish RFQ
          </button>
          <button
            type="submit"
            name="intent"
            value="save"
            className="secondary"
            disabled={navigation.state === "submitting"}
          >
            Save draft
          </button>
        </div>
      </Form>
    </>
  );
}
