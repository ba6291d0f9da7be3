/**
 * Why a run decided as it did, in the reader's words. Runs keep the reason
 * as a catalogue message with its figures (`msgWith`), so each reader gets
 * quantities, prices and units in their own format; a reason written
 * before that is English text and is shown as it was written. Pure, shared
 * by browser and server.
 */
import { translated } from "../../i18n/config";
import type { Format } from "../../i18n/format";
import { unitLabel } from "../shared/vocabulary-labels";

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function decisionReason(t: Translate, format: Pick<Format, "quantity" | "unitPrice">, detail: string): string {
  if (detail === "") return "";
  return translated((key, values = {}) => {
    const shown: Record<string, unknown> = { ...values };
    if (typeof values.quantity === "string") shown.quantity = format.quantity(values.quantity);
    if (typeof values.unit === "string") shown.unit = t(unitLabel(values.unit));
    if (typeof values.price === "string" && typeof values.currency === "string")
      shown.price = format.unitPrice(values.price, values.currency);
    return t(key, shown);
  }, detail);
}
