import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";

import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { addressSchema } from "~/models/people/signup.schema";
import { resendConfirmation } from "~/models/people/signup.server";
import { type FormReply, readForm } from "~/utils/submission.server";

export const meta: MetaFunction = () => [{ title: "Send the confirmation link again · Quotient" }];

type ActionData = FormReply | { sent: string };

/** Public. The reply is the same for every address, so it tells no one which addresses have accounts. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = await readForm(request, addressSchema);
  if (!parsed.ok) return parsed.response;
  await resendConfirmation(await getDb(), { email: parsed.value.email }, new Date());
  return { sent: parsed.value.email } satisfies ActionData;
}

export default function ResendConfirmation() {
  const data = useActionData<ActionData>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(addressSchema, { lastResult: asReply(data) });
  return (
    <div className="login card">
      <h1>Send the confirmation link again</h1>
      {data && "sent" in data ? (
        <p className="banner ok" role="status">
          If {data.sent} signed up and is not confirmed yet, a new link is on its way. Earlier links no longer work.
        </p>
      ) : null}
      <ErrorSummary form={form} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <InputField field={fields.email} id="email" label="Email" type="email" autoComplete="email" />
        <button type="submit" disabled={navigation.state !== "idle"}>
          Send the link
        </button>
      </Form>
      <p>
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
