import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";

import {
  clearSignInStepCookieHeader,
  createUserSession,
  getCurrentUser,
  readSessionId,
  readSignInStepToken,
  sessionCookieHeader,
  startSession,
} from "~/auth/session.server";
import { throttleMessage } from "~/auth/sign-in-throttle.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField } from "~/components/form/fields";
import { RecoveryCodes } from "~/components/recovery-codes";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { getDb } from "~/db.server";
import { signInStepSchema } from "~/models/people/two-factor.schema";
import { answerSignInStep, justEnrolled, readSignInStep } from "~/models/people/two-factor-sign-in.server";
import { readFormData, readSubmission, replyWithFormError } from "~/utils/submission.server";
import { appendAuditEvent } from "~/models/shared/audit-log.server";
import { titled } from "~/i18n/meta";
import { useTranslation } from "~/i18n/react";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Two-factor sign-in");

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

/** Back to the password, with the step's cookie cleared, when there is no live step. */
async function backToPassword(): Promise<Response> {
  return redirect("/login?done=expired", { headers: { "Set-Cookie": await clearSignInStepCookieHeader() } });
}

/** Only someone who just gave a right password holds a live step; everyone else goes back to the password. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) return redirect("/dashboard");
  const db = await getDb();
  const token = await readSignInStepToken(request);
  const step = await readSignInStep(db, token);
  if (step) return step;
  // Rendered after the setup that just spent the step (without JavaScript the server renders the page again):
  // the action's answer shows the recovery codes.
  if (await justEnrolled(db, token)) return { purpose: "enrolled" as const, email: "", setup: null };
  throw await backToPassword();
}

/**
 * After setting up, the page must stay on the recovery codes: reloading its
 * data would find the session just made and lead away before they are read.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  typeof actionResult === "object" && actionResult !== null && "recoveryCodes" in actionResult
    ? false
    : defaultShouldRevalidate;

/** The code is never sent back into the page. */
const HIDDEN = { hideFields: ["code"] };

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const token = await readSignInStepToken(request);
  const db = await getDb();
  const parsed = readSubmission(formData, signInStepSchema, HIDDEN);
  if (!parsed.ok) {
    // A malformed answer to a step that is gone still goes back to the password.
    if (!(await readSignInStep(db, token))) return backToPassword();
    return parsed.response;
  }
  const address = context?.clientAddress ?? "unknown";
  const answer = await answerSignInStep(db, { token, code: parsed.value.code, address });
  if (answer.outcome === "expired") return backToPassword();
  if (answer.outcome === "throttled")
    return replyWithFormError(parsed.submission, throttleMessage(answer.retryAfterSeconds), {
      ...HIDDEN,
      status: 429,
      headers: { "Retry-After": String(answer.retryAfterSeconds) },
    });
  if (answer.outcome === "refused") {
    // Refused enough times, the step is gone: the page says so on the way back.
    if (!(await readSignInStep(db, token))) return backToPassword();
    return replyWithFormError(parsed.submission, answer.message, HIDDEN);
  }
  await appendAuditEvent(db, {
    orgId: null,
    actorId: answer.userId,
    entityType: "session",
    entityId: null,
    event: "SIGN_IN",
    data: { secondFactor: true },
  });
  const clear = await clearSignInStepCookieHeader();
  if (!answer.recoveryCodes) {
    const response = await createUserSession({
      userId: answer.userId,
      redirectTo: answer.redirectTo,
      previousSessionId: await readSessionId(request),
    });
    response.headers.append("Set-Cookie", clear);
    return response;
  }
  // Just set up at sign-in: the session starts, and this answer shows the recovery codes once before going on.
  const sessionId = await startSession(answer.userId, await readSessionId(request));
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionCookieHeader(sessionId));
  headers.append("Set-Cookie", clear);
  return Response.json({ recoveryCodes: answer.recoveryCodes, continueTo: answer.redirectTo }, { headers });
}

export default function TwoFactorStep() {
  const { t } = useTranslation();
  const step = useLoaderData<typeof loader>();
  const data = useActionData<unknown>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(signInStepSchema, { lastResult: asReply(data) });
  const done =
    typeof data === "object" && data !== null && "recoveryCodes" in data
      ? (data as { recoveryCodes: string[]; continueTo: string })
      : null;
  if (done || step.purpose === "enrolled")
    return done ? (
      <div className="login">
        <h1>{t("Two-factor sign-in is on")}</h1>
        <RecoveryCodes codes={done.recoveryCodes} continueTo={done.continueTo} />
      </div>
    ) : (
      <p className="login">
        <Link to="/dashboard" reloadDocument>
          {t("Continue")}
        </Link>
      </p>
    );
  return (
    <div className="login card">
      <h1>{step.purpose === "enrol" ? t("Set up two-factor sign-in") : t("Two-factor sign-in")}</h1>
      <ErrorSummary form={form} />
      {step.setup ? (
        <>
          <p>
            {t(
              "Your organisation requires two-factor sign-in for finance and admin. Add Quotient to an authenticator app (such as one on your phone), then type the six digits it shows.",
            )}
          </p>
          <img
            src={step.setup.qrDataUrl}
            alt={t("QR code to add Quotient to an authenticator app")}
            width={200}
            height={200}
            className="qr"
          />
          <p>
            {t("Or type this key into the app:")} <code className="secret">{step.setup.secretGroups}</code>
          </p>
        </>
      ) : (
        <p>{t("Type the six digits your authenticator app shows for Quotient, or one of your recovery codes.")}</p>
      )}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="stack" noValidate>
        {/* Not focused on arrival, like the sign-in form: an error shown on leaving it would move the link below. */}
        <InputField
          field={fields.code}
          id="code"
          label={step.setup ? t("Code from the app") : t("Code")}
          autoComplete="one-time-code"
          inputMode={step.setup ? "numeric" : "text"}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {step.setup ? t("Turn on and sign in") : t("Verify")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("Start again with your password")}</Link>
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
