import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { requestPasswordReset } from "~/models/people/password-reset.server";
import { addressSchema } from "~/models/people/signup.schema";
import { type FormReply, readForm } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password · Quotient" }];

type ActionData = FormReply | { sent: string };

/** Public. The same reply for every address: it never says whether one has an account. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await readForm(request, addressSchema);
  if (!parsed.ok) return parsed.response;
  await requestPasswordReset(await getDb(), { email: parsed.value.email }, new Date());
  return { sent: parsed.value.email } satisfies ActionData;
}

export default function ForgotPassword() {
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(addressSchema, { lastResult: asReply(data) });
  return (
    <div className="login card">
      <h1>Forgot your password?</h1>
      {data && "sent" in data ? (
        <p className="banner ok" role="status">
          If {data.sent} has a Quotient account, a link to choose a new password is on its way. It works once, for one
          hour.
        </p>
      ) : (
        <p>Enter the address you sign in with; we mail you a link to choose a new password.</p>
      )}
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <InputField field={fields.email} id="email" label="Email" type="email" autoComplete="email" />
        <button type="submit" disabled={navigation.state !== "idle"}>
          Send me a link
        </button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
