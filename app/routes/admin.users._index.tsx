import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { onSupplierSide } from "~/auth/ability";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { CheckboxGroupField, InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { TableFrame } from "~/components/table-frame";
import { inviteSchema, roleChoicesFor } from "~/models/people/users.schema";
import { inviteUser, listUsers } from "~/models/people/users.server";
import { replyWithError, type FormReply, readForm } from "~/utils/submission.server";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Users");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "create", "User");
  return {
    users: await listUsers(ctx),
    roleChoices: roleChoicesFor(onSupplierSide(ctx.ability)),
  };
}

type ActionData = FormReply | { invited: string };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  // Refused before the form is read, so someone who may not invite learns nothing from its checks.
  requireAbility(ctx, "create", "User");
  const parsed = await readForm(request, inviteSchema);
  if (!parsed.ok) return parsed.response;
  try {
    await inviteUser(ctx, { email: parsed.value.email, roles: parsed.value.roles });
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
  return { invited: parsed.value.email } satisfies ActionData;
}

export default function Users() {
  const { users, roleChoices } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const invited = data && "invited" in data ? data.invited : null;
  // A new form after each invitation, so the next one starts empty.
  const [form, fields] = useSchemaForm(inviteSchema, { id: `invite-${users.length}`, lastResult: asReply(data) });
  return (
    <>
      <h1>{t("Users")}</h1>
      {invited ? (
        <p className="banner ok" role="status">
          {t("{{email}} is invited. The invitation link works for 7 days.", { email: invited })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("Invite a colleague")}</h2>
        <ErrorSummary form={form} />
        <Form key={form.id} method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <InputField field={fields.email} id="invite-email" label={t("Email")} type="email" autoComplete="off" />
          <CheckboxGroupField
            field={fields.roles}
            id="invite-roles"
            legend={t("Roles")}
            options={roleChoices.map((r) => ({ value: r.value, label: t(r.label) }))}
          />
          <button type="submit" disabled={navigation.state !== "idle"}>
            {t("Send invitation")}
          </button>
        </Form>
      </section>
      <TableFrame label={t("People of your organisation")}>
        <table>
          <thead>
            <tr>
              <th>{t("Name")}</th>
              <th>{t("Email")}</th>
              <th>{t("Roles")}</th>
              <th>{t("Status")}</th>
              <th>{t("Last sign-in")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link to={`/admin/users/${user.id}`}>{user.name || user.email}</Link>
                </td>
                <td>{user.email}</td>
                <td>{user.roleLabels.map((r) => t(r)).join(", ")}</td>
                <td>{t(user.statusLabel)}</td>
                <td>{user.lastSignIn ? format.instant(user.lastSignIn) : t("Never")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
