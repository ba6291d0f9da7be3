/**
 * What the last form post of a page answered, for the panels of one page to
 * share: the done-message key, the field errors, what was typed, and whether
 * a post is under way (so buttons do not send twice).
 */
import { useActionData, useNavigation } from "@remix-run/react";

import type { ActionErrorBody } from "~/utils/action-errors.server";

export function usePageAction() {
  const result = useActionData<ActionErrorBody | { ok: string }>();
  const navigation = useNavigation();
  const errors: Record<string, string> = result && "errors" in result ? result.errors : {};
  const typed: Record<string, unknown> = (result && "errors" in result ? result.values : undefined) ?? {};
  return {
    done: result && "ok" in result ? result.ok : null,
    errors,
    typed,
    /** What was typed into a text field, when the post was refused. */
    typedText: (name: string) => (typeof typed[name] === "string" ? (typed[name] as string) : undefined),
    busy: navigation.state !== "idle",
  };
}
