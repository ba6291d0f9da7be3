/**
 * A record's status as a badge: the code picks the colour, the catalogue the
 * word. Every workflow's states are listed here, so a state added to a
 * machine without its word shows the code and the catalogue test cannot
 * see it: add it below.
 */
import { msg } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

const STATUS_WORDS: Record<string, string> = {
  draft: msg("draft"),
  open: msg("open"),
  closed: msg("closed"),
  awarded: msg("awarded"),
  partially_awarded: msg("partially awarded"),
  not_awarded: msg("not awarded"),
  cancelled: msg("cancelled"),
  invited: msg("invited"),
  viewed: msg("viewed"),
  declined: msg("declined"),
  submitted: msg("submitted"),
  withdrawn: msg("withdrawn"),
  active: msg("active"),
  blocked: msg("blocked"),
  pending: msg("pending"),
  suspended: msg("suspended"),
  approved: msg("approved"),
  rejected: msg("rejected"),
  sent: msg("sent"),
  expired: msg("expired"),
  pending_approval: msg("pending approval"),
  issued: msg("issued"),
  acknowledged: msg("acknowledged"),
  partially_received: msg("partially received"),
  received: msg("received"),
  invoiced: msg("invoiced"),
  matched: msg("matched"),
  disputed: msg("disputed"),
  paid: msg("paid"),
  ordered: msg("ordered"),
  sourcing: msg("sourcing"),
  proposed: msg("proposed"),
  confirmed: msg("confirmed"),
  sending: msg("sending"),
  failed: msg("failed"),
};

/** A status code's word in the viewer's language ("partially_received" -> "partially received"). */
export function useStatusWord() {
  const { t } = useTranslation();
  return (status: string) => {
    const word = STATUS_WORDS[status];
    return word ? t(word) : status.replace(/_/g, " ");
  };
}

export function StatusBadge({ status }: { status: string }) {
  const word = useStatusWord();
  return <span className={`status status-${status}`}>{word(status)}</span>;
}
