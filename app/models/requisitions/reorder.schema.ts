/**
 * The reorder forms, one schema each, used by the browser and by the action
 * alike: a new rule, a rule's edit, pausing and resuming it, "Run now", and
 * one stock count typed by hand. A stock CSV's rows are checked, row by row,
 * with `stockRowSchema`.
 */
import { z } from "zod";

import { msg } from "../../i18n/config";

import { compare, isDecimalString } from "../../utils/money";
import { blankToUndefined, itemNameField, printable, versionField } from "../shared/fields.schema";
import { UNITS } from "../shared/vocabularies";

/** A quantity as numeric(14, 3) holds it: at most ten digits before the point and three after. */
const quantity = (label: string, { zero }: { zero: boolean }) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, { message: `Enter the ${label}.`, abort: true })
    .refine((v) => isDecimalString(v), { message: `The ${label} must be a number, like 12 or 12.5.`, abort: true })
    .refine((v) => !v.startsWith("-"), { message: `The ${label} cannot be negative.`, abort: true })
    .refine((v) => zero || compare(v, "0") > 0, { message: `The ${label} must be more than zero.`, abort: true })
    .refine((v) => (v.split(".")[1]?.length ?? 0) <= 3, `The ${label} can have at most 3 decimals.`)
    .refine((v) => v.replace(/^0+(?=\d)/, "").split(".")[0].length <= 10, `The ${label} is too large.`);

const optionalQuantity = (label: string) => z.preprocess(blankToUndefined, quantity(label, { zero: false }).optional());

const RELOAD = "Reload the page and try again.";
const idField = (message: string) => z.string({ error: message }).trim().uuid(message);

export const POLICIES = ["up_to", "fixed"] as const;
export const POLICY_LABELS: Record<(typeof POLICIES)[number], string> = {
  up_to: msg("Order up to a level"),
  fixed: msg("Order a fixed quantity"),
};

/** How much to order: the fields the new and the edit form share, with their cross-checks. */
const sizing = {
  reorderPoint: quantity("reorder point", { zero: true }),
  policy: z.enum(POLICIES, { error: "Choose how much to order." }),
  orderUpTo: optionalQuantity("order-up-to level"),
  fixedQuantity: optionalQuantity("fixed quantity"),
  minOrderQuantity: optionalQuantity("minimum order quantity"),
  lotSize: optionalQuantity("lot size"),
};

type Sizing = {
  reorderPoint: string;
  policy: (typeof POLICIES)[number];
  orderUpTo?: string;
  fixedQuantity?: string;
};

function checkSizing(value: Sizing, ctx: z.RefinementCtx) {
  if (value.policy === "up_to") {
    if (value.orderUpTo === undefined)
      ctx.addIssue({ code: "custom", path: ["orderUpTo"], message: "Enter the order-up-to level." });
    else if (compare(value.orderUpTo, value.reorderPoint) <= 0)
      ctx.addIssue({
        code: "custom",
        path: ["orderUpTo"],
        message: "The order-up-to level must be above the reorder point.",
      });
  }
  if (value.policy === "fixed" && value.fixedQuantity === undefined)
    ctx.addIssue({ code: "custom", path: ["fixedQuantity"], message: "Enter the fixed quantity." });
}

export const newRuleSchema = z
  .object({
    itemId: idField("Choose an item from the catalogue."),
    preferItem: z.preprocess((v) => v === "on", z.boolean()),
    siteId: idField("Choose a site."),
    ...sizing,
  })
  .superRefine(checkSizing);
export type NewRuleInput = z.infer<typeof newRuleSchema>;

export const editRuleSchema = z
  .object({
    intent: z.literal("save"),
    id: idField(RELOAD),
    version: versionField,
    ...sizing,
  })
  .superRefine(checkSizing);
export type EditRuleInput = z.infer<typeof editRuleSchema>;

export const pauseRuleSchema = z.object({
  intent: z.enum(["pause", "resume"]),
  id: idField(RELOAD),
  version: versionField,
});

/** The rule page's forms, told apart by the pressed button's intent. */
export const ruleActionSchema = z.discriminatedUnion("intent", [editRuleSchema, pauseRuleSchema]);
export type RuleAction = z.infer<typeof ruleActionSchema>;

/** "Run now": only its one-time token. */
export const runNowSchema = z.object({ intent: z.literal("run") });

const countedText = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(max, `Keep the ${what} under ${max} characters.`)
    .refine(printable, `Remove the control characters from the ${what}.`);

/** One count typed by hand: counted now. */
export const stockCountSchema = z.object({
  intent: z.literal("count"),
  siteId: idField("Choose a site."),
  itemName: itemNameField.refine(printable, "Remove the control characters from the item."),
  unit: z.enum(UNITS, { error: "Choose a unit." }),
  quantity: quantity("quantity on hand", { zero: true }),
});
export type StockCountInput = z.infer<typeof stockCountSchema>;

/** The upload form: the file is read apart (it is not text the schema can check); this holds its intent. */
export const stockUploadSchema = z.object({ intent: z.literal("upload") });

export const stockActionSchema = z.discriminatedUnion("intent", [stockCountSchema, stockUploadSchema]);

/** A stock CSV's header names, in template order, and the row field each fills. */
export const STOCK_CSV_COLUMNS = [
  { header: "site", field: "site" },
  { header: "item", field: "item" },
  { header: "unit", field: "unit" },
  { header: "quantity", field: "quantity" },
  { header: "counted_at", field: "countedAt" },
] as const;

/** One row of a stock CSV, as read from its columns; the site is matched to the organisation's by name later. */
export const stockRowSchema = z.object({
  site: countedText("site", 200),
  item: countedText("item", 200),
  unit: z.enum(UNITS, { error: `Use one of ${UNITS.join(", ")}.` }),
  quantity: quantity("quantity", { zero: true }),
  countedAt: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?$/, "Write the time counted as 2026-12-01 or 2026-12-01 08:30.")
      .optional(),
  ),
});
