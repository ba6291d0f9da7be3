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
import { formatInstant } from "~/utils/time";
import { type FormReply, readFormData, readSubmission, replyWithError } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Company");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "Company");
  return { ...(await getCompanyPage(ctx)), timeZone: ctx.user.timeZone, formToken: issueFormToken() };
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
  profile: "Company profile saved.",
  proposed: "New bank details proposed. A colleague must confirm them before they are used.",
  proposedByLink:
    "New bank details proposed. A confirmation link was mailed to your organisation's admin address; nothing changes until it is opened and confirmed.",
  confirmed: "Bank details confirmed. Your customers' finance teams are told and check the change before paying.",
  withdrawn: "The proposed bank details were withdrawn; nothing changed.",
};

export default function CompanyPage() {
  const page = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const busy = useNavigation().state !== "idle";
  const reply = asReply(data);
  const intent = reply?.initialValue?.intent;
  const done = data && "done" in data ? data.done : null;
  const { profile, bank, proposal, history, can, timeZone } = page;
  return (
    <>
      <h1>Company</h1>
      {done ? (
        <p className="banner ok" role="status">
          {DONE[done]}
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
            Company profile
          </h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{profile.name}</dd>
            <dt>Legal name</dt>
            <dd>{profile.legalName || "Not given"}</dd>
            <dt>Tax ID</dt>
            <dd>{profile.taxId || "Not given"}</dd>
            <dt>Registered address</dt>
            <dd>{profile.address}</dd>
            <dt>Contact</dt>
            <dd>
              {[profile.contactName, profile.contactEmail, profile.contactPhone].filter(Boolean).join(", ") ||
                "Not given"}
            </dd>
          </dl>
          <p className="hint">Your organisation&apos;s admin keeps the profile.</p>
        </section>
      )}
      <section className="card stack" aria-labelledby="bank-heading">
        <h2 id="bank-heading" style={{ marginTop: 0 }}>
          Bank details
        </h2>
        {bank ? (
          <dl className="facts">
            <dt>Account holder</dt>
            <dd>{bank.accountHolder}</dd>
            <dt>IBAN</dt>
            <dd>{bank.iban}</dd>
            <dt>BIC</dt>
            <dd>{bank.bic}</dd>
            {bank.changedAt ? (
              <>
                <dt>Last changed</dt>
                <dd>{formatInstant(bank.changedAt, timeZone)}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="muted">No bank details on file yet.</p>
        )}
        <p className="hint">
          Bank details change in two steps: one person proposes, a second person confirms. Your customers are told of
          every change and hold payments until they have checked it.
        </p>
        {proposal ? (
          <ProposalCard
            proposal={proposal}
            timeZone={timeZone}
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
        <TableFrame label="Earlier bank detail changes">
          <table>
            <caption>Earlier bank detail changes</caption>
            <thead>
              <tr>
                <th>Proposed</th>
                <th>By</th>
                <th>IBAN</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{formatInstant(h.proposedAt, timeZone)}</td>
                  <td>{h.proposedBy}</td>
                  <td>{h.iban}</td>
                  <td>
                    {h.outcome}
                    {h.confirmedAt ? `, ${formatInstant(h.confirmedAt, timeZone)}` : ""}
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
        Company profile
      </h2>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="profile" />
      <InputField field={fields.name} label="Company name" hint="The name your customers see." />
      <InputField field={fields.legalName} label="Legal name" />
      <InputField field={fields.taxId} label="Tax ID" hint="VAT or other tax number; optional." />
      <TextareaField field={fields.address} label="Registered address" rows={3} />
      <TextareaField field={fields.remittanceAddress} label="Remittance address" hint="Optional." rows={3} />
      <div className="row">
        <InputField field={fields.contactName} label="Contact name" autoComplete="off" />
        <InputField field={fields.contactEmail} label="Contact email" type="email" autoComplete="off" />
        <InputField field={fields.contactPhone} label="Contact phone" type="tel" autoComplete="off" />
      </div>
      <button type="submit" disabled={busy}>
        Save profile
      </button>
    </Form>
  );
}

function ProposalCard({
  proposal,
  timeZone,
  lastResult,
  busy,
}: {
  proposal: NonNullable<PageData["proposal"]>;
  timeZone: string;
  lastResult: Reply;
  busy: boolean;
}) {
  const [form] = useSchemaForm(bankChangeActionSchema, { id: "proposal", lastResult });
  return (
    <div className="card stack" role="region" aria-labelledby="proposal-heading">
      <h3 id="proposal-heading" style={{ marginTop: 0 }}>
        Proposed bank details, waiting for confirmation
      </h3>
      <dl className="facts">
        <dt>Account holder</dt>
        <dd>{proposal.accountHolder}</dd>
        <dt>IBAN</dt>
        <dd>{proposal.iban}</dd>
        <dt>BIC</dt>
        <dd>{proposal.bic}</dd>
        <dt>Proposed by</dt>
        <dd>
          {proposal.proposedBy}, {formatInstant(proposal.proposedAt, timeZone)}
        </dd>
      </dl>
      {proposal.mine ? (
        <p className="hint">
          {proposal.byLink
            ? "A confirmation link was mailed to your organisation's admin address; it works once, for 24 hours."
            : "You proposed this change: another person of your organisation must confirm it."}
        </p>
      ) : null}
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="row actions">
        <input type="hidden" name="changeId" value={proposal.id} />
        {proposal.canConfirm && !proposal.mine ? (
          <button type="submit" name="intent" value="confirm" disabled={busy}>
            Confirm bank details
          </button>
        ) : null}
        {proposal.canWithdraw ? (
          <button type="submit" name="intent" value="withdraw" className="secondary" disabled={busy}>
            Withdraw change
          </button>
        ) : null}
      </Form>
    </div>
  );
}

function ProposeForm({ formToken, lastResult, busy }: { formToken: string; lastResult: Reply; busy: boolean }) {
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
      <h3 id="propose-heading">Change bank details</h3>
      <ErrorSummary form={form} />
      <input type="hidden" name="intent" value="propose" />
      <FormTokenField token={formToken} />
      <InputField field={fields.accountHolder} label="Account holder" autoComplete="off" />
      <InputField
        field={fields.iban}
        label="IBAN"
        hint="Spaces are fine; the check digits are verified."
        autoComplete="off"
        spellCheck={false}
      />
      <InputField field={fields.bic} label="BIC (SWIFT code)" autoComplete="off" spellCheck={false} />
      <button type="submit" disabled={busy}>
        Propose bank details
      </button>
    </Form>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
