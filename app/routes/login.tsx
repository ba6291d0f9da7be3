import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { createUserSession, getCurrentUser, readSessionId } from "~/auth/session.server";
import { checkSignInThrottle, recordSignInAttempt, throttleMessage } from "~/auth/sign-in-throttle.server";
import { getDb } from "~/db.server";
import { verifyLogin } from "~/auth/login.server";
import { parseForm } from "~/utils/form";
import { safeRedirect } from "~/utils/safe-redirect";
import { appendAuditEvent } from "../../workflows/audit.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Quotient" }];

const loginSchema = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .email("Enter a valid email address, like name@company.com."),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
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
  const formData = await request.formData();
  const parsed = parseForm(loginSchema, formData);
  if (!parsed.ok) {
    const email = formData.get("email");
    return Response.json({ errors: parsed.errors, email: typeof email === "string" ? email : "" }, { status: 400 });
  }
  const db = await getDb();
  // Without the Express server (e.g. `remix dev`) there is no peer address; all such requests share one bucket.
  const address = context?.clientAddress ?? "unknown";
  const attempt = { email: parsed.data.email, address };
  const throttle = await checkSignInThrottle(db, attempt);
  if (!throttle.allowed) {
    return Response.json(
      { errors: { form: throttleMessage(throttle.retryAfterSeconds) }, email: parsed.data.email },
      { status: 429, headers: { "Retry-After": String(throttle.retryAfterSeconds) } },
    );
  }
  const user = await verifyLogin(db, parsed.data.email, parsed.data.password);
  await recordSignInAttempt(db, { ...attempt, succeeded: user !== null });
  if (!user) {
    await appendAuditEvent(db, {
      orgId: null,
      actorId: null,
      entityType: "session",
      entityId: null,
      event: "SIGN_IN_FAILED",
      data: { email: parsed.data.email.toLowerCase() },
    });
    return Response.json(
      { errors: { form: "That email and password do not match an account." }, email: parsed.data.email },
      { status: 400 },
    );
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
    redirectTo: safeRedirect(parsed.data.redirectTo, "/dashboard"),
    previousSessionId: await readSessionId(request),
  });
}

type ActionData = { errors: Record<string, string>; email: string };

export default function Login() {
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errors = data?.errors ?? {};
  return (
    <div className="login card">
      <h1>Sign in to Quotient</h1>
      {errors.form ? (
        <p className="banner bad" role="alert">
          {errors.form}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/dashboard"} />
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={data?.email ?? ""}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "email-error" : undefined}
            autoFocus
          />
          {errors.email ? (
            <span id="email-error" className="error">
              {errors.email}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? "password-error" : undefined}
          />
          {errors.password ? (
            <span id="password-error" className="error">
              {errors.password}
            </span>
          ) : null}
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          Sign in
        </button>
      </Form>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
