/**
 * The PO page's forms and the action's answer, shared by the route and its
 * panels: every form sends one `intent`; the action answers a success with
 * that intent (and, for a receipt, what was booked) or refuses with a form
 * reply, which only the form of the same intent shows.
 */
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { asReply } from "~/components/form/use-schema-form";
import type { BookedReceipt } from "~/models/fulfilment/receipt.schema";
import type { FormReply } from "~/utils/submission.server";

export const PO_INTENTS = [
  "submit",
  "approve",
  "reject",
  "revise",
  "acknowledge",
  "decline",
  "cancel",
  "receive",
] as const;
export type PoIntent = (typeof PO_INTENTS)[number];

/** The action's answer on success. */
export type PoDone = { ok: PoIntent; booked?: BookedReceipt };

export function usePoAction() {
  const data = useActionData<PoDone | FormReply>();
  const reply = asReply(data);
  const navigation = useNavigation();
  const { formToken } = useLoaderData<{ formToken: string }>();
  return {
    /** The page's one-time token: every form of the page carries it, each intent claims it once. */
    formToken,
    done: data && "ok" in data ? data : null,
    reply,
    /** A post is under way: buttons wait, so a double click sends once. */
    busy: navigation.state !== "idle",
    /** The reply to the form of this intent, when that form was the one refused. */
    replyFor: (intent: PoIntent) => (reply?.initialValue?.intent === intent ? reply : undefined),
  };
}
