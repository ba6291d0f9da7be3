import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { requireAbility } from "~/auth/authorize.server";
import { requireContext } from "~/auth/request.server";
import { TableFrame } from "~/components/table-frame";
import { listRefusedReads, parseRefusedReadsCursor } from "~/models/sourcing/refused-reads.server";
import { readQuery } from "~/utils/query.server";
import { z } from "zod";
import { msg } from "~/i18n/config";
import { titled } from "~/i18n/meta";
import { useI18n } from "~/i18n/react";

// A forged cursor reads as the first page, as on the other lists.
const querySchema = z.object({ after: z.string().optional() });

export const meta: MetaFunction = ({ matches }) => titled(matches, "Refused reads");

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  requireAbility(ctx, "review", "AuditEvent");
  const after = parseRefusedReadsCursor(readQuery(request, querySchema).after ?? null);
  const { reads, next } = await listRefusedReads(ctx, { after });
  return { reads, nextHref: next ? `/admin/refused-reads?after=${next}` : null, firstPage: after === null };
}

const WHAT: Record<string, string> = {
  compare: msg("Quote comparison"),
  quote_attachment: msg("A quote's file"),
};

export default function RefusedReads() {
  const { reads, nextHref, firstPage } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  // The reader's roles arrive as one English line of catalogue words ("Buyer, Finance").
  const roles = (line: string) =>
    line
      .split(", ")
      .map((r) => t(r))
      .join(", ");
  return (
    <>
      <h1>{t("Refused reads of sealed quotes")}</h1>
      <p className="hint">
        {t(
          "Every attempt to read your organisation's quotes while they were sealed, or by someone who may not read them: your own people, invited suppliers and people of other organisations alike. Newest first.",
        )}
      </p>
      {reads.length === 0 ? (
        <p className="card muted">{firstPage ? t("No refused reads.") : t("No refused reads further back.")}</p>
      ) : (
        <TableFrame label={t("Refused reads")}>
          <table>
            <thead>
              <tr>
                <th>{t("When")}</th>
                <th>{t("Who")}</th>
                <th>{t("What")}</th>
                <th>{t("From where")}</th>
              </tr>
            </thead>
            <tbody>
              {reads.map((read) => (
                <tr key={read.id}>
                  <td>{format.instant(read.at)}</td>
                  <td>
                    {read.who.name ?? t("Unknown person")}
                    <br />
                    <span className="muted">
                      {read.who.email ?? ""}
                      {read.who.organisation ? `, ${read.who.organisation}` : ""}
                      {read.who.roleLabel ? ` (${roles(read.who.roleLabel)})` : ""}
                    </span>
                  </td>
                  <td>
                    {WHAT[read.what] ? t(WHAT[read.what]) : read.what}
                    {read.rfq ? (
                      <>
                        {t(" of ")}
                        <Link to={`/rfqs/${read.rfq.id}`}>{read.rfq.reference}</Link> {read.rfq.title}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {read.address ? <code>{read.address}</code> : t("not recorded")}
                    {read.userAgent ? (
                      <>
                        <br />
                        <code className="muted">{read.userAgent}</code>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <p className="row">
        {firstPage ? null : <Link to="/admin/refused-reads">{t("First page")}</Link>}
        {nextHref ? <Link to={nextHref}>{t("Next page")}</Link> : null}
      </p>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
