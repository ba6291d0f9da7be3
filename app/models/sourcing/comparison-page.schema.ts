/**
 * Which lines of the comparison matrix the page shows: `?page=N` (from 1)
 * and, for small screens and tests, `?pageSize=N`. Everything else on the
 * page (summary, totals, terms, ranking) is computed over all lines; only
 * the line rows are paged, so a large RFQ stays quick to load and render.
 * A page that is not a whole number from 1 falls back to the first, one
 * past the end to the last, and the page says so.
 */
import { z } from "zod";
import { msg, msgWith } from "../../i18n/config";

/** The query string as read (URLSearchParams, or the checked values of the address). */
export interface QueryValues {
  get(name: string): string | null;
}

/**
 * What the comparison page and its CSV read from the address, as text: the
 * weights and the line page are then judged by parseWeights and
 * parseLinePage, which fall back and say so on the page.
 */
export const comparisonQuerySchema = z.object({
  price: z.string().optional(),
  lead: z.string().optional(),
  performance: z.string().optional(),
  page: z.string().optional(),
  pageSize: z.string().optional(),
});

/** The checked values as the parsers read them. */
export function queryValues(values: Record<string, string | undefined>): QueryValues {
  return { get: (name) => (Object.prototype.hasOwnProperty.call(values, name) ? (values[name] ?? null) : null) };
}

export const LINE_PAGE_SIZE = 50;
/**
 * Cells a page of lines shows by default: with many suppliers the page
 * shows fewer lines, so its HTML (matrix and award choices) stays small
 * enough for a phone (50 suppliers: 10 lines a page).
 */
export const CELLS_PER_PAGE = 500;
/** Never fewer lines a page by default, however many suppliers quoted. */
export const LINE_PAGE_SIZE_MIN = 10;

/** Lines a page when the address names no page size. */
export function defaultLinePageSize(suppliers: number): number {
  return Math.min(LINE_PAGE_SIZE, Math.max(LINE_PAGE_SIZE_MIN, Math.floor(CELLS_PER_PAGE / Math.max(1, suppliers))));
}
/** A larger page would bring back the slow page this paging exists to avoid. */
export const LINE_PAGE_SIZE_MAX = 200;

const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, { abort: true })
  .transform(Number);

const pageField = wholeNumber.refine((n) => n >= 1).optional();
const sizeField = wholeNumber.refine((n) => n >= 1 && n <= LINE_PAGE_SIZE_MAX).optional();

export interface LinePageRequest {
  page: number;
  /** null: the default for the number of suppliers (defaultLinePageSize). */
  size: number | null;
  /** What the URL asked for, when it was not a page number or size; said on the page. */
  invalid: { page: string | null; size: string | null } | null;
}

export function parseLinePage(search: QueryValues): LinePageRequest {
  const rawPage = search.get("page");
  const rawSize = search.get("pageSize");
  const page = pageField.safeParse(rawPage ?? undefined);
  const size = sizeField.safeParse(rawSize ?? undefined);
  const invalid = { page: page.success ? null : (rawPage ?? ""), size: size.success ? null : (rawSize ?? "") };
  return {
    page: (page.success ? page.data : undefined) ?? 1,
    size: (size.success ? size.data : undefined) ?? null,
    invalid: invalid.page === null && invalid.size === null ? null : invalid,
  };
}

/** Where the shown lines sit among all of them, for the "Lines 1-50 of 500" links. */
export interface LinePage {
  /** The page shown, from 1; the last one when the URL asked for a page past the end. */
  page: number;
  pageCount: number;
  size: number;
  /** 1-based ordinals of the first and last line shown; 0 and 0 when the RFQ has no lines. */
  first: number;
  last: number;
  total: number;
  /** Set when the page asked for does not exist, saying what is shown instead (a catalogue key with its values). */
  notice: string | null;
}

export function linePage(request: LinePageRequest, total: number, suppliers = 1): LinePage {
  const size = request.size ?? defaultLinePageSize(suppliers);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(request.page, pageCount);
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  let notice: string | null = null;
  const shown = { first, last, total, max: LINE_PAGE_SIZE_MAX };
  const invalid = request.invalid;
  if (invalid?.page !== null && invalid?.page !== undefined && invalid.size !== null)
    notice = msgWith(
      'There is no page "{{page}}" and page size "{{size}}" (from 1 to {{max}}); showing lines {{first}}-{{last}} of {{total}}.',
      { ...shown, page: invalid.page, size: invalid.size },
    );
  else if (invalid?.page !== null && invalid?.page !== undefined)
    notice = msgWith('There is no page "{{page}}"; showing lines {{first}}-{{last}} of {{total}}.', {
      ...shown,
      page: invalid.page,
    });
  else if (invalid?.size !== null && invalid?.size !== undefined)
    notice = msgWith(
      'There is no page size "{{size}}" (from 1 to {{max}}); showing lines {{first}}-{{last}} of {{total}}.',
      { ...shown, size: invalid.size },
    );
  else if (request.page > pageCount)
    notice = msgWith(
      pageCount === 1
        ? msg("There is no page {{page}}: the {{count}} lines fit on 1 page; showing lines {{first}}-{{last}}.")
        : msg(
            "There is no page {{page}}: the {{count}} lines fit on {{pages}} pages; showing lines {{first}}-{{last}}.",
          ),
      { page: request.page, count: total, pages: pageCount, first, last },
    );
  return { page, pageCount, size, first, last, total, notice };
}
