/** The PO list's address (/pos and its CSV): search, filters, order and page. */
import { z } from "zod";

import { PURCHASE_ORDER_STATUSES } from "../../../workflows/purchase-order.machine";
import { cursorField, optionalDateField, searchField, statusFilterField } from "../shared/fields.schema";
import { rangeProblem, sortFields } from "../shared/list-query.schema";
import { PO_SORT_KEYS } from "./po-sort";
import { msg } from "../../i18n/config";

export const poListQuery = z
  .object({
    q: searchField(200),
    status: statusFilterField(PURCHASE_ORDER_STATUSES),
    supplier: z.string().max(40, msg("Choose a supplier from the list.")).default(""),
    from: optionalDateField("first day"),
    to: optionalDateField("last day"),
    ...sortFields(PO_SORT_KEYS),
    after: cursorField,
  })
  .superRefine((v, ctx) => {
    const problem = rangeProblem(v.from, v.to);
    if (problem) ctx.addIssue({ code: "custom", path: ["to"], message: problem });
  });

export type PoListQuery = z.infer<typeof poListQuery>;
