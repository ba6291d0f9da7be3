import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { createUserSession, getCurrentUser, readSessionId, signInStepCookieHeader } from "~/auth/session.server";
import { throttleMessage } from "~/auth/sign-in-throttle.server";
import { getDb } from "~/db.server";
import { attemptSignIn } from "~/auth/login.server";
import { openSignInStep } from "~/models/people/two-factor-sign-in.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { useSchemaForm } from "~/components/form/use-schema-form";
import { type FormReply, readFormData, readSubmission, replyWithFormError } from "~/utils/submission.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { appendAuditEvent } from "~/models/shared/audit-log.server";
import { titled } from "~/i18n/meta";
import { msg } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Sign in");

/** The password is never sent back into the page. */
const HIDDEN = { hideFields: ["password"] };

const loginSchema = z.object({
  email: z
    .string({ error: msg("Enter your email address.") })
    .trim()
    .min(1, msg("Enter your email address."))
    .email(msg("Enter a valid email address, like name@company.com.")),
  password: z.string({ error: msg("Enter your password.") }).min(1, msg("Enter your password.")),
  redirectTo: z.string().optional(),
});

// A throttled sign-in tells clients when to come back, on the rendered page too.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/dashboard");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const parsed = readSubmission(formData, loginSchema, HIDDEN);
  if (!parsed.ok) return parsed.response;
  const db = await getDb();
  // Without the Express server (e.g. `remix dev`) there is no peer address; all such requests share one bucket.
  const address = context?.clientAddress ?? "unknown";
  const result = await attemptSignIn(db, { email: parsed.value.email, password: parsed.value.password, address });
  if (result.outcome === "throttled") {
    return replyWithFormError(parsed.submission, throttleMessage(result.retryAfterSeconds), {
      ...HIDDEN,
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  if (result.outcome === "unconfirmed") {
    // Only someone who knows the password gets here, so saying why tells a stranger nothing.
    return Response.json(
      {
        ...parsed.submission.reply({ ...HIDDEN, formErrors: [UNCONFIRMED] }),
        unconfirmed: parsed.value.email.toLowerCase(),
      },
      { status: 403 },
    );
  }
  if (result.outcome === "second-step") {
    // No session yet: only a short-lived step that the second factor must pass.
    const token = await openSignInStep(db, {
      userId: result.userId,
      purpose: result.purpose,
      redirectTo: safeRedirect(parsed.value.redirectTo, "/dashboard"),
      address,
    });
    return redirect("/login/two-factor", { headers: { "Set-Cookie": await signInStepCookieHeader(token) } });
  }
  const user = result.outcome === "signed-in" ? { id: result.userId } : null;
  if (!user) {
    await appendAuditEvent(db, {
      orgId: null,
      actorId: null,
      entityType: "session",
      entityId: null,
      event: "SIGN_IN_FAILED",
      data: { email: parsed.value.email.toLowerCase() },
    });
    return replyWithFormError(parsed.submission, msg("That email and password do not match an account."), HIDDEN);
  }
  await appendAuditEvent(db, {
    orgId: null,
    actorId: user.id,
    entityType: "session",
    entityId: null,
    event: "SIGN_IN",
  });
  return createUserSession({
    userId: user.id,
    redirectTo: safeRedirect(parsed.value.redirectTo, "/dashboard"),
    previousSessionId: await readSessionId(request),
  });
}

const UNCONFIRMED = msg(
  "Confirm your email address first: open the link we mailed to you when you signed up. You can sign in once it is confirmed.",
);

/** What the page says on arrival from a link that finished something. */
const ARRIVED: Record<string, string> = {
  confirmed: msg("Your address is confirmed. Sign in to start."),
  expired: msg("The second step of your sign-in ended. Sign in again with your password."),
  reset: msg("Your password is changed, and every session that used the old one has ended. Sign in with the new one."),
};

export default function Login() {
  const data = useActionData<FormReply & { unconfirmed?: string }>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(loginSchema, { lastResult: data });
  const arrived = ARRIVED[params.get("done") ?? ""];
  return (
    <div className="login card">
      <h1>{t("Sign in to Quotient")}</h1>
      {arrived && !data ? (
        <p className="banner ok" role="status">
          {t(arrived)}
        </p>
      ) : null}
      <ErrorSummary form={form} />
      {data?.unconfirmed ? (
        <Form method="post" action="/signup/resend" className="stack">
          <input type="hidden" name="email" value={data.unconfirmed} />
          <button type="submit" className="secondary">
            {t("Send the confirmation link again")}
          </button>
        </Form>
      ) : null}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/dashboard"} />
        {/* Not focused on arrival: leaving a focused field checks it, and the error it shows
            would move the links below (sign up, forgotten password) from under the pointer. */}
        <InputField field={fields.email} id="email" label={t("Email")} type="email" autoComplete="username" />
        <InputField
          field={fields.password}
          id="password"
          label={t("Password")}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("Sign in")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("Forgot your password?")}</Link>
      </p>
      <p>
        {t("New to Quotient?")} <Link to="/signup">{t("Sign up your company")}</Link>
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
