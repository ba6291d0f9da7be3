import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";

import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { CheckboxGroupField, InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { resetTwoFactorSchema } from "~/models/people/two-factor.schema";
import { resetTwoFactor, twoFactorResetOffer } from "~/models/people/two-factor-reset.server";
import { roleChoicesFor, rolesSchema, userActionSchema } from "~/models/people/users.schema";
import { changeRoles, deactivateUser, getUserPage, reactivateUser, reinviteUser } from "~/models/people/users.server";
import { badRequest, requireId } from "~/utils/http.server";
import { readSubmission, replyWithError, readFormData } from "~/utils/submission.server";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "User");

/** Someone of another organisation is a 404: the use case loads the person through `loadUserFor`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such user.");
  const page = await getUserPage(ctx, { id });
  return {
    ...page,
    twoFactor: page.can.changeRoles ? await twoFactorResetOffer(ctx, { id }) : null,
    roleChoices: roleChoicesFor(onSupplierSide(ctx.ability)),
  };
}

const intentSchema = z.object({
  intent: z.enum(["roles", "deactivate", "reinvite", "reactivate", "resetTwoFactor"]),
});

const DONE: Record<string, string> = {
  roles: msg("The roles are saved. They apply from the person's next page."),
  deactivate: msg("Deactivated. Every session of theirs has ended; records keep their name."),
  reinvite: msg("A new invitation link is on its way; earlier links no longer work."),
  reactivate: msg("Reactivated. They can sign in again with their own password and keep their roles."),
  resetTwoFactor: msg(
    "Two-factor sign-in is reset and they are signed out. They are mailed, and set it up again at their next sign-in if the organisation requires it.",
  ),
};

/** The admin's password is never sent back into the page. */
const HIDDEN = { hideFields: ["password"] };

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  const id = requireId(params.id, "No such user.");
  const formData = await readFormData(request);
  const intent = intentSchema.safeParse({ intent: formData.get("intent") });
  // The person is loaded (404 for someone else's) before anything about the form is said.
  await getUserPage(ctx, { id });
  if (!intent.success) return badRequest("Unknown action.");
  if (intent.data.intent === "roles") {
    const parsed = readSubmission(formData, rolesSchema);
    if (!parsed.ok) return parsed.response;
    try {
      await changeRoles(ctx, { id, roles: parsed.value.roles });
    } catch (error) {
      return replyWithError(parsed.submission, error);
    }
    return { ok: "roles" };
  }
  if (intent.data.intent === "resetTwoFactor") {
    const parsed = readSubmission(formData, resetTwoFactorSchema, HIDDEN);
    if (!parsed.ok) return parsed.response;
    try {
      await resetTwoFactor(ctx, { id, password: parsed.value.password, code: parsed.value.code });
    } catch (error) {
      return replyWithError(parsed.submission, error, HIDDEN);
    }
    return { ok: "resetTwoFactor" };
  }
  const parsed = readSubmission(formData, userActionSchema);
  if (!parsed.ok) return parsed.response;
  try {
    if (parsed.value.intent === "deactivate") await deactivateUser(ctx, { id });
    else if (parsed.value.intent === "reactivate") await reactivateUser(ctx, { id });
    else await reinviteUser(ctx, { id });
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
  return { ok: parsed.value.intent };
}

export default function UserPage() {
  const { user, can, deactivateNote, roleChoices, twoFactor } = useLoaderData<typeof loader>();
  const result = useActionData<unknown>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const done =
    typeof result === "object" && result !== null && "ok" in result && typeof result.ok === "string"
      ? DONE[result.ok]
      : null;
  const reply = asReply(result);
  const replyTo = (intent: string): SubmissionResult<string[]> | undefined =>
    reply?.initialValue?.intent === intent ? reply : undefined;
  const [rolesForm, rolesFields] = useSchemaForm(rolesSchema, {
    id: "roles",
    lastResult: replyTo("roles"),
    defaultValue: { intent: "roles", roles: [...user.roles] },
  });
  const [deactivateForm] = useSchemaForm(userActionSchema, { id: "deactivate", lastResult: replyTo("deactivate") });
  const [reinviteForm] = useSchemaForm(userActionSchema, { id: "reinvite", lastResult: replyTo("reinvite") });
  const [reactivateForm] = useSchemaForm(userActionSchema, { id: "reactivate", lastResult: replyTo("reactivate") });
  const [resetForm, resetFields] = useSchemaForm(resetTwoFactorSchema, {
    id: "reset-two-factor",
    lastResult: replyTo("resetTwoFactor"),
  });
  const busy = navigation.state !== "idle";
  return (
    <>
      <p>
        <Link to="/admin/users">{t("← Users")}</Link>
      </p>
      <h1>{user.name || user.email}</h1>
      {done ? (
        <p className="banner ok" role="status">
          {t(done)}
        </p>
      ) : null}
      <dl className="facts card">
        <dt>{t("Email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("Roles")}</dt>
        <dd>{user.roleLabels.map((r) => t(r)).join(", ")}</dd>
        <dt>{t("Status")}</dt>
        <dd>{t(user.statusLabel)}</dd>
      </dl>
      {can.changeRoles ? (
        <section className="card" aria-labelledby="roles-heading">
          <h2 id="roles-heading">{t("Roles")}</h2>
          <ErrorSummary form={rolesForm} />
          <Form method="post" id={rolesForm.id} onSubmit={rolesForm.onSubmit} className="stack" noValidate>
            <input type="hidden" name="intent" value="roles" />
            <CheckboxGroupField
              field={rolesFields.roles}
              id="roles"
              legend={t("Roles")}
              options={roleChoices.map((r) => ({ value: r.value, label: t(r.label) }))}
            />
            <button type="submit" disabled={busy}>
              {t("Save roles")}
            </button>
          </Form>
        </section>
      ) : null}
      {twoFactor?.available ? (
        <section className="card" aria-labelledby="two-factor-heading">
          <h2 id="two-factor-heading">{t("Two-factor sign-in")}</h2>
          <p>
            {t(
              "Reset it when they lost their phone and their recovery codes: they are signed out, mailed, and set it up again at their next sign-in if the organisation requires it.",
            )}
          </p>
          <ErrorSummary form={resetForm} />
          <Form method="post" id={resetForm.id} onSubmit={resetForm.onSubmit} className="stack" noValidate>
            <input type="hidden" name="intent" value="resetTwoFactor" />
            {twoFactor.proof === "code" ? (
              <InputField
                field={resetFields.code}
                id="reset-code"
                label={t("Code from your own app")}
                hint={t("You use two-factor sign-in: confirm with the code your app shows now, or a recovery code.")}
                autoComplete="one-time-code"
                inputMode="numeric"
              />
            ) : (
              <InputField
                field={resetFields.password}
                id="reset-password"
                label={t("Your password")}
                hint={t("Confirm that it is you before you reset someone's sign-in.")}
                type="password"
                autoComplete="current-password"
              />
            )}
            <button type="submit" className="danger" disabled={busy}>
              {t("Reset two-factor sign-in")}
            </button>
          </Form>
        </section>
      ) : null}
      {can.reinvite ? (
        <section className="card" aria-labelledby="reinvite-heading">
          <h2 id="reinvite-heading">{t("Invitation")}</h2>
          <p>{t("Not accepted yet. A new link replaces the earlier ones.")}</p>
          <ErrorSummary form={reinviteForm} />
          <Form method="post" id={reinviteForm.id}>
            <input type="hidden" name="intent" value="reinvite" />
            <button type="submit" disabled={busy}>
              {t("Send the invitation again")}
            </button>
          </Form>
        </section>
      ) : null}
      {can.reactivate ? (
        <section className="card" aria-labelledby="reactivate-heading">
          <h2 id="reactivate-heading">{t("Reactivate")}</h2>
          <p>{t("They can sign in again with their own password, with the roles they had.")}</p>
          <ErrorSummary form={reactivateForm} />
          <Form method="post" id={reactivateForm.id}>
            <input type="hidden" name="intent" value="reactivate" />
            <button type="submit" disabled={busy}>
              {t("Reactivate")}
            </button>
          </Form>
        </section>
      ) : null}
      {can.deactivate || deactivateNote ? (
        <section className="card" aria-labelledby="deactivate-heading">
          <h2 id="deactivate-heading">{t("Deactivate")}</h2>
          {deactivateNote ? <p>{translated(t, deactivateNote)}</p> : null}
          {can.deactivate ? (
            <>
              <p>
                {t(
                  "They can no longer sign in, and every session of theirs ends at once. Their records keep the name.",
                )}
              </p>
              <ErrorSummary form={deactivateForm} />
              <Form method="post" id={deactivateForm.id}>
                <input type="hidden" name="intent" value="deactivate" />
                <button type="submit" className="danger" disabled={busy}>
                  {t("Deactivate")}
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
