/**
 * The consumption of an agreement over time: the value of its standing
 * call-offs added up day by day, against the value cap when it has one. An
 * SVG drawn by React, so the server renders it into the page and it needs
 * no script; it scales to the width it is given (no sideways scroll on a
 * phone). Coordinates come from decimal strings turned into numbers only
 * for drawing; no amount is computed here.
 */
import { useI18n } from "~/i18n/react";

const W = 640;
const H = 220;
const PAD = { left: 12, right: 12, top: 16, bottom: 28 };

export function ConsumptionChart({
  points,
  cap,
  currency,
  validFrom,
  validTo,
}: {
  points: { day: string; cumulative: string }[];
  cap: string | null;
  currency: string;
  validFrom: string;
  validTo: string;
}) {
  const { t, format } = useI18n();
  const last = points.at(-1)?.cumulative ?? "0";
  const top = Math.max(Number(cap ?? 0), Number(last), 1);
  const start = Date.parse(`${validFrom}T00:00:00Z`);
  const end = Math.max(Date.parse(`${validTo}T00:00:00Z`), start + 86_400_000);
  const x = (day: string) =>
    PAD.left +
    ((Math.min(Math.max(Date.parse(`${day}T00:00:00Z`), start), end) - start) / (end - start)) *
      (W - PAD.left - PAD.right);
  const y = (value: string) => PAD.top + (1 - Number(value) / top) * (H - PAD.top - PAD.bottom);
  let path = `M ${x(validFrom)} ${y("0")}`;
  let previous = "0";
  for (const p of points) {
    path += ` L ${x(p.day)} ${y(previous)} L ${x(p.day)} ${y(p.cumulative)}`;
    previous = p.cumulative;
  }
  const summary =
    cap === null
      ? t("Consumption over time: {{total}} ordered by {{count}} days of call-offs, no value cap.", {
          total: format.money(last, currency),
          count: points.length,
        })
      : t("Consumption over time: {{total}} ordered by {{count}} days of call-offs of a {{cap}} cap.", {
          total: format.money(last, currency),
          count: points.length,
          cap: format.money(cap, currency),
        });
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={summary}
        style={{ maxWidth: "100%", height: "auto" }}
      >
        <title>{summary}</title>
        <line x1={PAD.left} y1={y("0")} x2={W - PAD.right} y2={y("0")} stroke="#9ca3af" />
        {cap !== null ? (
          <>
            <line x1={PAD.left} y1={y(cap)} x2={W - PAD.right} y2={y(cap)} stroke="#b91c1c" strokeDasharray="6 4" />
            <text x={W - PAD.right} y={y(cap) - 4} textAnchor="end" fontSize="12" fill="#b91c1c">
              {t("cap {{amount}}", { amount: format.money(cap, currency) })}
            </text>
          </>
        ) : null}
        {points.length > 0 ? <path d={path} fill="none" stroke="#1d4ed8" strokeWidth="2.5" /> : null}
        {points.map((p) => (
          <circle key={p.day} cx={x(p.day)} cy={y(p.cumulative)} r="3.5" fill="#1d4ed8" />
        ))}
        <text x={PAD.left} y={H - 8} fontSize="12" fill="#374151">
          {format.date(validFrom)}
        </text>
        <text x={W - PAD.right} y={H - 8} fontSize="12" textAnchor="end" fill="#374151">
          {format.date(validTo)}
        </text>
      </svg>
      <figcaption className="hint">{summary}</figcaption>
    </figure>
  );
}
