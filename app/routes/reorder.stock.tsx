/**
 * Stock on hand per item and site, each figure with the time it was
 * counted: one count typed in (counted now), or a CSV of counts that is
 * saved whole or not at all, each bad row answered beside itself.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { ErrorSummary } from "~/components/form/error-summary";
import { InputField, SelectField } from "~/components/form/fields";
import { asReply, useSchemaForm } from "~/components/form/use-schema-form";
import { TableFrame } from "~/components/table-frame";
import { STOCK_CSV_COLUMNS, stockCountSchema } from "~/models/requisitions/reorder.schema";
import {
  importStockCsv,
  listStock,
  organisationZone,
  setStockCount,
  STOCK_CSV_MAX_BYTES,
  type CsvRowReport,
} from "~/models/requisitions/stock.server";
import { UNITS } from "~/models/shared/vocabularies";
import { readFormBody, readSubmission, replyWithError, type FormReply } from "~/utils/submission.server";
import { msg, translated } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";
import { unitLabel } from "~/models/shared/vocabulary-labels";

export const meta: MetaFunction = ({ matches }) => titled(matches, "Stock on hand");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "read", "StockLevel", "Only buyers and admins keep the stock counts.");
  return { ...(await listStock(ctx)), timeZone: await organisationZone(ctx) };
}

/** `fileError` and each row's problems are catalogue messages, said in the viewer's words by the form. */
type Upload = { upload: { fileError: string; rows: CsvRowReport[] } };
type Done = { saved: number; source: "form" | "csv" };

const uploadProblem = (fileError: string, rows: CsvRowReport[] = []) =>
  Response.json({ upload: { fileError, rows } } satisfies Upload, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "update", "StockLevel", "Only buyers and admins keep the stock counts.");
  // Room for the file and the few fields beside it; a larger post is cut off, not buffered whole.
  const formData = await readFormBody(request, { maxBytes: STOCK_CSV_MAX_BYTES + 64 * 1024 });
  if (!formData) return uploadProblem(msg("The file is larger than 1 MB. Split it and upload each part."));
  if (formData.get("intent") === "upload") {
    const file = formData.get("stockCsv");
    if (typeof file !== "object" || file === null || file.size === 0)
      return uploadProblem(msg("Choose a CSV file of counts."));
    const result = await importStockCsv(ctx, await file.text());
    if (!result.ok) return uploadProblem(result.fileError, result.rows);
    return { saved: result.saved, source: "csv" } satisfies Done;
  }
  const parsed = readSubmission(formData, stockCountSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const { saved } = await setStockCount(ctx, parsed.value);
    return { saved, source: "form" } satisfies Done;
  } catch (error) {
    return replyWithError(parsed.submission, error);
  }
}

export default function StockOnHand() {
  const { rows, items, sites, can, timeZone } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const result = useActionData<Done | Upload | FormReply>();
  const busy = useNavigation().state !== "idle";
  const upload = result && "upload" in result ? result.upload : null;
  const done = result && "saved" in result ? result : null;
  return (
    <>
      <p>
        <Link to="/reorder">{t("Reorder rules")}</Link>
      </p>
      <h1>{t("Stock on hand")}</h1>
      <p className="hint">
        {t(
          "What was counted on hand, per item and site. Reorder rules judge by the latest count of their item at their site; an item never counted counts as none.",
        )}
      </p>
      {done ? (
        <p className="banner ok" role="status">
          {done.source === "csv"
            ? t("{{count}} counts saved from the file.", { count: done.saved })
            : t("Count saved.")}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="card muted">{t("Nothing counted yet.")}</p>
      ) : (
        <TableFrame label={t("Stock on hand")}>
          <table>
            <thead>
              <tr>
                <th>{t("Item")}</th>
                <th>{t("Site")}</th>
                <th className="num">{t("On hand")}</th>
                <th>{t("Counted at")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.itemName}</td>
                  <td>{r.siteLabel}</td>
                  <td className="num">
                    {format.quantity(r.quantity)} <span className="hint">{t(unitLabel(r.unit))}</span>
                  </td>
                  <td>
                    {format.instant(r.countedAt)}
                    {r.countedBy ? <span className="hint"> · {r.countedBy}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      {can.update ? (
        <>
          <CountForm
            sites={sites}
            items={items}
            lastResult={asReply(result)}
            busy={busy}
            key={done?.source === "form" ? rows.length : "count"}
          />
          <UploadForm upload={upload} busy={busy} timeZone={timeZone} />
        </>
      ) : null}
    </>
  );
}

function CountForm({
  sites,
  items,
  lastResult,
  busy,
}: {
  sites: { value: string; label: string }[];
  items: { itemName: string; unit: string }[];
  lastResult: FormReply | undefined;
  busy: boolean;
}) {
  const [form, fields] = useSchemaForm(stockCountSchema, { id: "count", lastResult });
  const { t } = useI18n();
  return (
    <section aria-labelledby="count-heading">
      <h2 id="count-heading">{t("Record a count")}</h2>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="stack card">
        <ErrorSummary form={form} />
        <input type="hidden" name="intent" value="count" />
        <SelectField field={fields.siteId} label={t("Site")} options={sites} placeholder={t("Choose a site")} />
        <InputField field={fields.itemName} label={t("Item")} list="stock-items" autoComplete="off" />
        <datalist id="stock-items">
          {items.map((i) => (
            <option key={`${i.itemName}-${i.unit}`} value={i.itemName} />
          ))}
        </datalist>
        <SelectField
          field={fields.unit}
          label={t("Unit")}
          options={UNITS.map((u) => ({ value: u, label: t(unitLabel(u)) }))}
          fallback="pcs"
        />
        <InputField field={fields.quantity} label={t("Quantity on hand")} inputMode="decimal" />
        <div className="row actions">
          <button type="submit" disabled={busy}>
            {t("Save count")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function UploadForm({ upload, busy, timeZone }: { upload: Upload["upload"] | null; busy: boolean; timeZone: string }) {
  const { t } = useI18n();
  const invalid = upload !== null;
  return (
    <section aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t("Upload counts")}</h2>
      <Form method="post" encType="multipart/form-data" className="stack card">
        <input type="hidden" name="intent" value="upload" />
        <div className="field">
          <label htmlFor="stockCsv">{t("CSV file of counts")}</label>
          <input
            id="stockCsv"
            name="stockCsv"
            type="file"
            accept=".csv,text/csv"
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? "stockCsv-error stockCsv-hint" : "stockCsv-hint"}
          />
          <span id="stockCsv-hint" className="hint">
            {t(
              "Columns: {{columns}}. The site is named as under Settings; counted_at (optional, like 2026-12-01 07:30, in your organisation's zone, {{zone}}) defaults to now. One bad row saves nothing.",
              { columns: STOCK_CSV_COLUMNS.map((c) => c.header).join(", "), zone: timeZone },
            )}
          </span>
          {upload ? (
            <span id="stockCsv-error" className="error" role="alert">
              {translated(t, upload.fileError)}
            </span>
          ) : null}
        </div>
        <div className="row actions">
          <button type="submit" disabled={busy}>
            {t("Upload counts")}
          </button>
        </div>
      </Form>
      {upload && upload.rows.length > 0 ? (
        <TableFrame label={t("Rows with problems")}>
          <table>
            <thead>
              <tr>
                <th className="num">{t("Row")}</th>
                <th>{t("Site")}</th>
                <th>{t("Item")}</th>
                <th>{t("Unit")}</th>
                <th className="num">{t("Quantity")}</th>
                <th>{t("Counted at")}</th>
                <th>{t("Problem")}</th>
              </tr>
            </thead>
            <tbody>
              {upload.rows.map((r) => (
                <tr key={r.row}>
                  <td className="num">{r.row}</td>
                  <td>{r.site}</td>
                  <td>{r.item}</td>
                  <td>{r.unit}</td>
                  <td className="num">{r.quantity}</td>
                  <td>{r.countedAt}</td>
                  <td className="error">
                    {r.errors.map((e, i) => (
                      <span key={i}>
                        {i > 0 ? " " : null}
                        {/* The column as the file names it, a code shared with the template. */}
                        {e.column ? <code>{e.column}</code> : null}
                        {e.column ? ": " : null}
                        {translated(t, e.message)}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      ) : null}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
