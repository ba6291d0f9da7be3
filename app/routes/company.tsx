import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { FormTokenField } from "~/components/form/form-token-field";
import { InputField, TextareaField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { TableFrame } from "~/components/table-frame";
import { bankChangeActionSchema, bankDetailsSchema, companyProfileSchema } from "~/models/people/company.schema";
import {
  confirmBankChange,
  getCompanyPage,
  proposeBankChange,
  updateCompanyProfile,
  withdrawBankChange,
} from "~/models/people/company.server";
import { formTokenOf, issueFormToken, once } from "~/models/shared/form-token.server";
import { type FormReply, readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n, useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Company");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Company");
  return { ...(await getCompanyPage(ctx)), formToken: issueFormToken() };
}

type Done = "profile" | "proposed" | "proposedByLink" | "confirmed" | "withdrawn";
type ActionData = FormReply | { done: Done };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read: someone outside a supplier organisation learns nothing from its checks.
  requireAbility(ctx, "read", "Company");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "profile") {
    const parsed = readSubmission(formData, companyProfileSchema);
    if (!parsed.ok) return parsed.response;
    try {
      const { intent: _intent, ...input } = parsed.value;
      await updateCompanyProfile(ctx, input);
      return { done: "profile" } satisfies ActionData;
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  if (intent === "propose") {
    const parsed = readSubmission(formData, bankDetailsSchema);
    if (!parsed.ok) return parsed.response;
    try {
      const { intent: _intent, ...input } = parsed.value;
      const proposed = await once(ctx, { token: formTokenOf(parsed.submission), purpose: "bank.propose" }, (tx) =>
        proposeBankChange(tx, input),
      );
      return { done: proposed.byLink ? "proposedByLink" : "proposed" } satisfies ActionData;
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
  }
  const parsed = readSubmission(formData, bankChangeActionSchema);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "confirm") {
      await confirmBankChange(ctx, { changeId: parsed.value.changeId });
      return { done: "confirmed" } satisfies ActionData;
    }
    await withdrawBankChange(ctx, { changeId: parsed.value.changeId });
    return { done: "withdrawn" } satisfies ActionData;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

const DONE: Record<Done, string> = {
  profile: msg("Company profile saved."),
  proposed: msg("New bank details proposed. A colleague must confirm them before they are used."),
  proposedByLink: msg(
    "New bank details proposed. A confirmation link was mailed to your organisation's admin address; nothing changes until it is opened and confirmed.",
  ),
  confirmed: msg("Bank details confirmed. Your customers' finance teams are told and check the change before paying."),
  withdrawn: msg("The proposed bank details were withdrawn; nothing changed."),
};

export default function CompanyPage() {
  const page = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state !== "idle";
  const reply = asReply(data);
  const intent = reply?.initialValue?.intent;
  const done = data && "done" in data ? data.done : null;
  const { profile, bank, proposal, history, can } = page;
  const { t, format } = useI18n();
  return (
    <>
      <h1>{t("Company")}</h1>
      {done ? (
        <p className="banner ok" role="status">
          {t(DONE[done])}
        </p>
      ) : null}
      {can.editProfile ? (
        <ProfileForm
          profile={profile}
          lastResult={intent === "profile" ? reply : undefined}
          busy={busy}
          key={done === "profile" ? "saved" : "form"}
        />
      ) : (
        <section className="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading" style={{ marginTop: 0 }}>
            {t("Company profile")}
          </h2>
          <dl className="facts">
            <dt>{t("Name")}</dt>
            <dd>{profile.name}</dd>
            <dt>{t("Legal name")}</dt>
            <dd>{profile.legalName || t("Not given")}</dd>
            <dt>{t("Tax ID")}</dt>
            <dd>{profile.taxId || t("Not given")}</dd>
            <dt>{t("Registered address")}</dt>
            <dd>{profile.address}</dd>
            <dt>{t("Contact")}</dt>
            <dd>
              {[profile.contactName, profile.contactEmail, profile.contactPhone].filter(Boolean).join(", ") ||
                t("Not given")}
            </dd>
          </dl>
          <p className="hint">{t("Your organisation's admin keeps the profile.")}</p>
        </section>
      )}
      <section className="card stack" aria-labelledby="bank-heading">
        <h2 id="bank-heading" style={{ marginTop: 0 }}>
          {t("Bank details")}
        </h2>
        {bank ? (
          <dl className="facts">
            <dt>{t("Account holder")}</dt>
            <dd>{bank.accountHolder}</dd>
            <dt>{t("IBAN")}</dt>
            <dd>
              <code>{bank.iban}</code>
            </dd>
            <dt>{t("BIC")}</dt>
            <dd>
              <code>{bank.bic}</code>
            </dd>
            {bank.changedAt ? (
              <>
                <dt>{t("Last changed")}</dt>
                <dd>{format.instant(bank.changedAt)}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="muted">{t("No bank details on file yet.")}</p>
        )}
        <p className="hint">
          {t(
            "Bank details change in two steps: one person proposes, a second person confirms. Your customers are told of every change and hold payments until they have checked it.",
          )}
        </p>
        {proposal ? (
          <ProposalCard
            proposal={proposal}
            lastResult={intent === "confirm" || intent === "withdraw" ? reply : undefined}
            busy={busy}
          />
        ) : null}
        {can.propose ? (
          <ProposeForm
            formToken={page.formToken}
            lastResult={intent === "propose" ? reply : undefined}
            busy={busy}
            key={done ?? "form"}
          />
        ) : null}
      </section>
      {history.length > 0 ? (
        <TableFrame label={t("Earlier bank detail changes")}>
          <table>
            <caption>{t("Earlier bank detail changes")}</caption>
            <thead>
              <tr>
                <th>{t("Proposed")}</th>
                <th>{t("By")}</th>
                <th>{t("IBAN")}</th>
                <th>{t("Outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{format.instant(h.proposedAt)}</td>
                  <td>{h.proposedBy}</td>
                  <td>
                    <code>{h.iban}</code>
                  </td>
                  <td>
                    {translated(t, h.outcome)}
                    {h.confirmedAt ? `, ${format.instant(h.confirmedAt)}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      ) : null}
    </>
  );
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type Reply = ReturnType<typeof asReply>;

function ProfileForm({
  profile,
  lastResult,
  busy,
}: {
  profile: PageData["profile"];
  lastResult: Reply;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(companyProfileSchema, { id: "profile", lastResult, defaultValue: profile });
  return (
    <Form
      method="post"
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="card stack"
      aria-labelledby="profile-heading"
    >
      <h2 id="profile-heading" style={{ marginTop: 0 }}>
        {t("Company profile")}
      </h2>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="profile" />
      <InputField field={fields.name} label={t("Company name")} hint={t("The name your customers see.")} />
      <InputField field={fields.legalName} label={t("Legal name")} />
      <InputField field={fields.taxId} label={t("Tax ID")} hint={t("VAT or other tax number; optional.")} />
      <TextareaField field={fields.address} label={t("Registered address")} rows={3} />
      <TextareaField field={fields.remittanceAddress} label={t("Remittance address")} hint={t("Optional.")} rows={3} />
      <div className="row">
        <InputField field={fields.contactName} label={t("Contact name")} autoComplete="off" />
        <InputField field={fields.contactEmail} label={t("Contact email")} type="email" autoComplete="off" />
        <InputField field={fields.contactPhone} label={t("Contact phone")} type="tel" autoComplete="off" />
      </div>
      <button type="submit" disabled={busy}>
        {t("Save profile")}
      </button>
    </Form>
  );
}

function ProposalCard({
  proposal,
  lastResult,
  busy,
}: {
  proposal: NonNullable<PageData["proposal"]>;
  lastResult: Reply;
  busy: boolean;
}) {
  const { t, format } = useI18n();
  const [form] = useSchemaForm(bankChangeActionSchema, { id: "proposal", lastResult });
  return (
    <div className="card stack" role="region" aria-labelledby="proposal-heading">
      <h3 id="proposal-heading" style={{ marginTop: 0 }}>
        {t("Proposed bank details, waiting for confirmation")}
      </h3>
      <dl className="facts">
        <dt>{t("Account holder")}</dt>
        <dd>{proposal.accountHolder}</dd>
        <dt>{t("IBAN")}</dt>
        <dd>
          <code>{proposal.iban}</code>
        </dd>
        <dt>{t("BIC")}</dt>
        <dd>
          <code>{proposal.bic}</code>
        </dd>
        <dt>{t("Proposed by")}</dt>
        <dd>
          {proposal.proposedBy}, {format.instant(proposal.proposedAt)}
        </dd>
      </dl>
      {proposal.mine ? (
        <p className="hint">
          {proposal.byLink
            ? t("A confirmation link was mailed to your organisation's admin address; it works once, for 24 hours.")
            : t("You proposed this change: another person of your organisation must confirm it.")}
        </p>
      ) : null}
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="row actions">
        <input type="hidden" name="changeId" value={proposal.id} />
        {proposal.canConfirm && !proposal.mine ? (
          <button type="submit" name="intent" value="confirm" disabled={busy}>
            {t("Confirm bank details")}
          </button>
        ) : null}
        {proposal.canWithdraw ? (
          <button type="submit" name="intent" value="withdraw" className="secondary" disabled={busy}>
            {t("Withdraw change")}
          </button>
        ) : null}
      </Form>
    </div>
  );
}

function ProposeForm({ formToken, lastResult, busy }: { formToken: string; lastResult: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(bankDetailsSchema, { id: "propose", lastResult });
  return (
    <Form
      method="post"
      id={form.id}
      onSubmit={form.onSubmit}
      noValidate
      className="stack"
      aria-labelledby="propose-heading"
    >
      <h3 id="propose-heading">{t("Change bank details")}</h3>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="propose" />
      <FormTokenField token={formToken} />
      <InputField field={fields.accountHolder} label={t("Account holder")} autoComplete="off" />
      <InputField
        field={fields.iban}
        label={t("IBAN")}
        hint={t("Spaces are fine; the check digits are verified.")}
        autoComplete="off"
        spellCheck={false}
      />
      <InputField field={fields.bic} label={t("BIC (SWIFT code)")} autoComplete="off" spellCheck={false} />
      <button type="submit" disabled={busy}>
        {t("Propose bank details")}
      </button>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
