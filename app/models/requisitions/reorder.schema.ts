/**
 * The reorder forms, one schema each, used by the browser and by the action
 * alike: a new rule, a rule's edit, pausing and resuming it, "Run now", and
 * one stock count typed by hand. A stock CSV's rows are checked, row by row,
 * with `stockRowSchema`.
 */
import { z } from "zod";

import { msg, msgWith } from "../../i18n/config";

import { compare, isDecimalString } from "../../utils/money";
import { blankToUndefined, itemNameField, printable, versionField } from "../shared/fields.schema";
import { UNITS } from "../shared/vocabularies";

/** What a quantity field says when it is wrong, one whole sentence each so a translator sees it whole. */
type QuantitySaid = { enter: string; number: string; negative: string; decimals: string; large: string; zero?: string };

const SAID = {
  reorderPoint: {
    enter: msg("Enter the reorder point."),
    number: msg("The reorder point must be a number, like 12 or 12.5."),
    negative: msg("The reorder point cannot be negative."),
    decimals: msg("The reorder point can have at most 3 decimals."),
    large: msg("The reorder point is too large."),
  },
  orderUpTo: {
    enter: msg("Enter the order-up-to level."),
    number: msg("The order-up-to level must be a number, like 12 or 12.5."),
    negative: msg("The order-up-to level cannot be negative."),
    zero: msg("The order-up-to level must be more than zero."),
    decimals: msg("The order-up-to level can have at most 3 decimals."),
    large: msg("The order-up-to level is too large."),
  },
  fixedQuantity: {
    enter: msg("Enter the fixed quantity."),
    number: msg("The fixed quantity must be a number, like 12 or 12.5."),
    negative: msg("The fixed quantity cannot be negative."),
    zero: msg("The fixed quantity must be more than zero."),
    decimals: msg("The fixed quantity can have at most 3 decimals."),
    large: msg("The fixed quantity is too large."),
  },
  minOrderQuantity: {
    enter: msg("Enter the minimum order quantity."),
    number: msg("The minimum order quantity must be a number, like 12 or 12.5."),
    negative: msg("The minimum order quantity cannot be negative."),
    zero: msg("The minimum order quantity must be more than zero."),
    decimals: msg("The minimum order quantity can have at most 3 decimals."),
    large: msg("The minimum order quantity is too large."),
  },
  lotSize: {
    enter: msg("Enter the lot size."),
    number: msg("The lot size must be a number, like 12 or 12.5."),
    negative: msg("The lot size cannot be negative."),
    zero: msg("The lot size must be more than zero."),
    decimals: msg("The lot size can have at most 3 decimals."),
    large: msg("The lot size is too large."),
  },
  onHand: {
    enter: msg("Enter the quantity on hand."),
    number: msg("The quantity on hand must be a number, like 12 or 12.5."),
    negative: msg("The quantity on hand cannot be negative."),
    decimals: msg("The quantity on hand can have at most 3 decimals."),
    large: msg("The quantity on hand is too large."),
  },
  csvQuantity: {
    enter: msg("Enter the quantity."),
    number: msg("The quantity must be a number, like 12 or 12.5."),
    negative: msg("The quantity cannot be negative."),
    decimals: msg("The quantity can have at most 3 decimals."),
    large: msg("The quantity is too large."),
  },
} satisfies Record<string, QuantitySaid>;

/**
 * A quantity as numeric(14, 3) holds it: at most ten digits before the point and three after. Zero is
 * allowed where `said` has no sentence refusing it.
 */
const quantity = (said: QuantitySaid) =>
  z
    .string({ error: said.enter })
    .trim()
    .min(1, { message: said.enter, abort: true })
    .refine((v) => isDecimalString(v), { message: said.number, abort: true })
    .refine((v) => !v.startsWith("-"), { message: said.negative, abort: true })
    .refine((v) => said.zero === undefined || compare(v, "0") > 0, { message: said.zero, abort: true })
    .refine((v) => (v.split(".")[1]?.length ?? 0) <= 3, said.decimals)
    .refine((v) => v.replace(/^0+(?=\d)/, "").split(".")[0].length <= 10, said.large);

const optionalQuantity = (said: QuantitySaid) => z.preprocess(blankToUndefined, quantity(said).optional());

const RELOAD = msg("Reload the page and try again.");
const idField = (message: string) => z.string({ error: message }).trim().uuid(message);

export const POLICIES = ["up_to", "fixed"] as const;
export const POLICY_LABELS: Record<(typeof POLICIES)[number], string> = {
  up_to: msg("Order up to a level"),
  fixed: msg("Order a fixed quantity"),
};

/** How much to order: the fields the new and the edit form share, with their cross-checks. */
const sizing = {
  reorderPoint: quantity(SAID.reorderPoint),
  policy: z.enum(POLICIES, { error: msg("Choose how much to order.") }),
  orderUpTo: optionalQuantity(SAID.orderUpTo),
  fixedQuantity: optionalQuantity(SAID.fixedQuantity),
  minOrderQuantity: optionalQuantity(SAID.minOrderQuantity),
  lotSize: optionalQuantity(SAID.lotSize),
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
      ctx.addIssue({ code: "custom", path: ["orderUpTo"], message: SAID.orderUpTo.enter });
    else if (compare(value.orderUpTo, value.reorderPoint) <= 0)
      ctx.addIssue({
        code: "custom",
        path: ["orderUpTo"],
        message: msg("The order-up-to level must be above the reorder point."),
      });
  }
  if (value.policy === "fixed" && value.fixedQuantity === undefined)
    ctx.addIssue({ code: "custom", path: ["fixedQuantity"], message: SAID.fixedQuantity.enter });
}

export const newRuleSchema = z
  .object({
    itemId: idField(msg("Choose an item from the catalogue.")),
    preferItem: z.preprocess((v) => v === "on", z.boolean()),
    siteId: idField(msg("Choose a site.")),
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

/** A text column of a stock CSV row: the sentences asking for it, saying it is too long and that it holds control characters. */
const countedText = (said: { enter: string; long: string; control: string }, max: number) =>
  z
    .string({ error: said.enter })
    .trim()
    .min(1, said.enter)
    .max(max, msgWith(said.long, { max }))
    .refine(printable, said.control);

/** One count typed by hand: counted now. */
export const stockCountSchema = z.object({
  intent: z.literal("count"),
  siteId: idField(msg("Choose a site.")),
  itemName: itemNameField.refine(printable, msg("Remove the control characters from the item.")),
  unit: z.enum(UNITS, { error: msg("Choose a unit.") }),
  quantity: quantity(SAID.onHand),
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
  site: countedText(
    {
      enter: msg("Enter the site."),
      long: msg("Keep the site under {{max}} characters."),
      control: msg("Remove the control characters from the site."),
    },
    200,
  ),
  item: countedText(
    {
      enter: msg("Enter the item."),
      long: msg("Keep the item under {{max}} characters."),
      control: msg("Remove the control characters from the item."),
    },
    200,
  ),
  unit: z.enum(UNITS, { error: msgWith("Use one of {{units}}.", { units: UNITS.join(", ") }) }),
  quantity: quantity(SAID.csvQuantity),
  countedAt: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?$/, msg("Write the time counted as 2026-12-01 or 2026-12-01 08:30."))
      .optional(),
  ),
});
