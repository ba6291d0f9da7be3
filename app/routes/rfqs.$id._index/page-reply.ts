/**
 * What the page's one action answered, for its panels to share: a
 * done-message key, or a form's reply. Every form on the page posts its
 * intent, and each shows a reply only when it answers that intent, so an
 * error lands next to the field of the form that was sent.
 */
import type { SubmissionResult } from "@conform-to/react";
import { useActionData, useNavigation } from "@remix-run/react";

import { asReply } from "~/components/form/use-schema-form";

export function usePageReply() {
  const result = useActionData<unknown>();
  const done =
    typeof result === "object" && result !== null && "ok" in result && typeof result.ok === "string" ? result.ok : null;
  const reply = asReply(result);
  return {
    done,
    reply,
    /** The reply when it answers this intent. */
    replyTo: (intent: string): SubmissionResult<string[]> | undefined =>
      reply?.initialValue?.intent === intent ? reply : undefined,
    busy: useNavigation().state !== "idle",
  };
}

/** Whether the reply to this intent refused something, so its folded form opens to show why. */
export function refused(reply: SubmissionResult<string[]> | undefined): boolean {
  return Object.values(reply?.error ?? {}).some((messages) => (messages?.length ?? 0) > 0);
}
