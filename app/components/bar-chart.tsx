/**
 * A small bar chart drawn as SVG on the server: no script runs in the
 * browser, it scales to its box (a phone's 390 px as well as a wide screen),
 * and it names itself to a screen reader with <title> and <desc>. The same
 * figures follow in a table under "Show as a table", for whoever prefers to
 * read them and for a reader that skips images.
 *
 * The values are decimal strings; they become numbers here only to size the
 * bars, never for arithmetic on money. Every text comes in the viewer's words,
 * every figure through their formatter.
 */
import { useId } from "react";

import { useTranslation } from "~/i18n/react";

export interface Bar {
  label: string;
  /** Decimal string; sizes the bar. */
  value: string;
  /** What the reader sees for it: "12,345.00 EUR". */
  display: string;
  /** The label under a column, where room is short ("10-05" for the week of 2026-10-05); the label's tail when not given. */
  short?: string;
}

export function BarChart({
  title,
  description,
  bars,
  layout,
  valueHeading,
  labelHeading,
}: {
  title: string;
  description: string;
  bars: Bar[];
  /** "columns": one upright bar per label along a time axis; "rows": one bar a line, its label above. */
  layout: "columns" | "rows";
  labelHeading: string;
  valueHeading: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const max = Math.max(0, ...bars.map((b) => Number(b.value)));
  const scale = (v: string) => (max > 0 ? Math.max(0, Number(v)) / max : 0);
  return (
    <figure className="chart">
      {layout === "columns" ? (
        <Columns id={id} title={title} description={description} bars={bars} scale={scale} />
      ) : (
        <Rows id={id} title={title} description={description} bars={bars} scale={scale} />
      )}
      <details>
        <summary>{t("Show as a table")}</summary>
        <table>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col" className="num">
                {valueHeading}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td className="num">{b.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

interface DrawProps {
  id: string;
  title: string;
  description: string;
  bars: Bar[];
  scale: (value: string) => number;
}

const WIDTH = 320;

function Columns({ id, title, description, bars, scale }: DrawProps) {
  const height = 140;
  const axis = 18;
  const slot = bars.length > 0 ? WIDTH / bars.length : WIDTH;
  const barWidth = Math.max(2, slot * 0.7);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height + axis}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="chart-svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1="0" y1={height} x2={WIDTH} y2={height} className="chart-axis" />
      {bars.map((b, i) => {
        const h = Math.round(scale(b.value) * (height - 4));
        const x = i * slot + (slot - barWidth) / 2;
        return (
          <g key={b.label}>
            <rect x={x} y={height - h} width={barWidth} height={h} className="chart-bar">
              <title>{`${b.label}: ${b.display}`}</title>
            </rect>
            {/* Every other label when the weeks are many, so they never overlap. */}
            {i % (bars.length > 8 ? 2 : 1) === 0 ? (
              <text x={i * slot + slot / 2} y={height + 13} textAnchor="middle" className="chart-label">
                {b.short ?? b.label.slice(5)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

function Rows({ id, title, description, bars, scale }: DrawProps) {
  const rowHeight = 34;
  const height = Math.max(rowHeight, bars.length * rowHeight);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((b, i) => {
        const y = i * rowHeight;
        const w = Math.round(scale(b.value) * WIDTH);
        return (
          <g key={b.label}>
            <text x="0" y={y + 11} className="chart-label">
              {`${b.label} · ${b.display}`}
            </text>
            <rect x="0" y={y + 15} width={Math.max(w, 1)} height="12" className="chart-bar" />
          </g>
        );
      })}
    </svg>
  );
}
