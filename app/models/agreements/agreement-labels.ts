/**
 * The words for an agreement's statuses, as catalogue keys: the list's
 * filter and the page translate them where they are shown.
 */
import type { AgreementStatus } from "../../../workflows/agreement.machine";
import { msg } from "../../i18n/config";

export const STATUS_LABELS: Record<AgreementStatus, string> = {
  draft: msg("draft"),
  sent: msg("sent"),
  active: msg("active"),
  declined: msg("declined"),
  expired: msg("expired"),
  closed: msg("closed"),
  cancelled: msg("cancelled"),
};

/** The steps of an agreement's history, by the audit event that recorded each. */
export const EVENT_LABELS: Record<string, string> = {
  CREATE: msg("created"),
  UPDATE_DRAFT: msg("draft edited"),
  SEND: msg("sent"),
  ACKNOWLEDGE: msg("acknowledged"),
  DECLINE: msg("declined"),
  CANCEL: msg("cancelled"),
  CLOSE: msg("closed"),
  EXPIRE: msg("expired"),
  CALL_OFF: msg("call off"),
};
