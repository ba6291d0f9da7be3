/**
 * The organisation's ship-to addresses, for its admin: add one (perhaps as
 * the default), edit, archive, restore an archived one, make another the default. RFQ and PO forms
 * offer the addresses in use, default first; documents already written keep
 * the text they copied.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { CheckboxField, InputField, TextareaField } from "~/components/form/fields";
import { Fold } from "~/components/form/fold";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { settingsTabsFor } from "~/components/main-navigation";
import { SettingsTabs } from "~/components/settings-tabs";
import {
  addShipToSchema,
  archiveShipToSchema,
  restoreShipToSchema,
  defaultShipToSchema,
  editShipToSchema,
  shipToActionSchema,
} from "~/models/shared/organisation-settings.schema";
import { changeShipTo, listShipTos } from "~/models/shared/ship-to.server";
import { readForm, replyWithError, type FormReply } from "~/utils/submission.server";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Ship-to addresses");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "ShipToAddress");
  return { ...(await listShipTos(ctx)), tabs: settingsTabsFor(ctx.ability) };
}

type Done = { ok: "add" | "edit" | "archive" | "make-default" | "restore"; id: string };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read; each change checks its own address again.
  requireAbility(ctx, "create", "ShipToAddress");
  const parsed = await readForm(request, shipToActionSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { id } = await changeShipTo(ctx, parsed.value);
    return { ok: parsed.value.intent, id } satisfies Done;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE: Record<Done["ok"], string> = {
  add: msg("Address added."),
  edit: msg("Address saved."),
  archive: msg("Address archived: it is no longer offered on new RFQs and POs."),
  "make-default": msg("Default address changed."),
  restore: msg("Address restored: new RFQs and POs offer it again."),
};

type Address = ReturnType<typeof useLoaderData<typeof loader>>["active"][number];

export default function ShipToAddresses() {
  const { active, archived, can, tabs } = useLoaderData<typeof loader>();
  const result = useActionData<Done | FormReply>();
  const reply = asReply(result);
  const busy = useNavigation().state !== "idle";
  const replyIntent = reply?.initialValue?.intent;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("Ship-to addresses")}</h1>
      <SettingsTabs tabs={tabs} />
      <p className="hint">
        {t(
          "Where your organisation receives goods. RFQ and purchase order forms offer these, the default first; a document keeps the address it was written with.",
        )}
      </p>
      {result && "ok" in result ? (
        <p className="banner ok" role="status">
          {t(DONE[result.ok])}
        </p>
      ) : null}
      <section aria-labelledby="in-use-heading">
        <h2 id="in-use-heading">{t("In use")}</h2>
        {active.length === 0 ? <p className="card muted">{t("No ship-to addresses yet.")}</p> : null}
        {active.map((a) => (
          <AddressCard
            key={a.id}
            address={a}
            reply={reply?.initialValue?.id === a.id ? reply : undefined}
            busy={busy}
          />
        ))}
      </section>
      {can.add ? (
        <AddForm
          key={active.length + archived.length}
          lastResult={replyIntent === "add" ? reply : undefined}
          busy={busy}
        />
      ) : null}
      {archived.length > 0 ? (
        <section aria-labelledby="archived-heading">
          <h2 id="archived-heading">{t("Archived")}</h2>
          <ul className="card">
            {archived.map((a) => (
              <li key={a.id} className="stack">
                <span>
                  <strong>{a.label}</strong>: <span style={{ whiteSpace: "pre-line" }}>{a.address}</span>
                </span>
                {a.can.restore ? (
                  <SmallForm
                    schema={restoreShipToSchema}
                    intent="restore"
                    address={a}
                    label={t("Restore {{label}}", { label: a.label })}
                    lastResult={reply?.initialValue?.id === a.id && replyIntent === "restore" ? reply : undefined}
                    busy={busy}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function AddressCard({ address: a, reply, busy }: { address: Address; reply: FormReply | undefined; busy: boolean }) {
  const headingId = `ship-to-${a.id}`;
  const intent = reply?.initialValue?.intent;
  const { t } = useTranslation();
  return (
    <article className="card stack" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ marginTop: 0 }}>
        {a.label}
        {a.isDefault ? <span className="hint"> · {t("default")}</span> : null}
      </h3>
      <p style={{ whiteSpace: "pre-line", margin: 0 }}>{a.address}</p>
      <div className="row actions">
        {a.can.makeDefault ? (
          <SmallForm
            schema={defaultShipToSchema}
            intent="make-default"
            address={a}
            label={t("Make {{label}} the default", { label: a.label })}
            lastResult={intent === "make-default" ? reply : undefined}
            busy={busy}
          />
        ) : null}
        {a.can.archive ? (
          <SmallForm
            schema={archiveShipToSchema}
            intent="archive"
            address={a}
            label={t("Archive {{label}}", { label: a.label })}
            lastResult={intent === "archive" ? reply : undefined}
            busy={busy}
          />
        ) : null}
      </div>
      {a.can.edit ? <EditForm address={a} lastResult={intent === "edit" ? reply : undefined} busy={busy} /> : null}
    </article>
  );
}

function SmallForm({
  schema,
  intent,
  address: a,
  label,
  lastResult,
  busy,
}: {
  schema: typeof defaultShipToSchema | typeof archiveShipToSchema | typeof restoreShipToSchema;
  intent: string;
  address: Address;
  label: string;
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const [form] = useSchemaForm(schema, { id: `${intent}-${a.id}`, lastResult });
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={a.id} />
      <input type="hidden" name="version" value={a.version} />
      <button type="submit" className="secondary" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

function EditForm({
  address: a,
  lastResult,
  busy,
}: {
  address: Address;
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(editShipToSchema, {
    id: `edit-${a.id}`,
    lastResult,
    defaultValue: { intent: "edit", id: a.id, version: String(a.version), label: a.label, address: a.address },
  });
  return (
    <Fold summary={t("Edit {{label}}", { label: a.label })} open={!!lastResult}>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="edit" />
        <input type="hidden" name="id" value={a.id} />
        <input type="hidden" name="version" value={a.version} />
        <InputField field={fields.label} id={`edit-label-${a.id}`} label={t("Name")} />
        <TextareaField field={fields.address} id={`edit-address-${a.id}`} label={t("Address")} rows={4} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Save address")}
          </button>
        </div>
      </Form>
    </Fold>
  );
}

function AddForm({ lastResult, busy }: { lastResult: FormReply | undefined; busy: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(addShipToSchema, { id: "add-ship-to", lastResult });
  return (
    <section aria-labelledby="add-heading">
      <h2 id="add-heading">{t("Add an address")}</h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="add" />
        <InputField
          field={fields.label}
          id="add-label"
          label={t("Name")}
          hint={t("How people choose it, like Main warehouse.")}
        />
        <TextareaField field={fields.address} id="add-address" label={t("Address")} rows={4} />
        <div>
          <CheckboxField field={fields.makeDefault} id="add-default" label={t("Make this the default address")} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("Add address")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
