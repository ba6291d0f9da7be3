/**
 * The purchase order as a PDF a supplier can file: both parties with their
 * addresses and tax ids, PO number and revision, dates, delivery and terms,
 * the line table (cells wrap, rows that do not fit move to the next page or
 * split across it, the header row repeats on every page), subtotal, tax per
 * rate and total with the currency code, approvals, and "Page X of Y" on
 * every page. Text is set in embedded Noto Sans faces chosen per run of
 * text by script, so item names in Chinese, Korean, Arabic, Hebrew, Thai,
 * Devanagari, Greek or Cyrillic render, right-to-left scripts in visual
 * order with joined forms (see fonts.server.ts and text-runs.server.ts).
 *
 * Pure rendering: the caller loads and authorizes the order and passes a
 * `PurchaseOrderDocument`. Amounts arrive as decimal strings and are
 * formatted by string/decimal logic (app/utils/money), never as floats.
 * The output is deterministic for a given document: the PDF dates and file
 * id come from the order, not the clock.
 */

import type { TFunction } from "i18next";

import { DEFAULT_LOCALE } from "../i18n/config";
import { createFormat, type Format } from "../i18n/format";
import { translatorFor } from "../i18n/translator";
import { formatAmount, formatQuantity, formatUnitPriceAmount, minorUnits, toDecimal } from "../utils/money";

import type { FontWeight } from "./fonts.server";
import {
  taxBreakdown,
  type PurchaseOrderDocument,
  type PurchaseOrderDocumentLine,
  type PurchaseOrderParty,
} from "./purchase-order-document";
import { breakPieces, logicalRuns, visualRuns, type TextRun } from "./text-runs.server";

export type { PurchaseOrderDocument } from "./purchase-order-document";

// Weights; the face for each run of text is chosen by script (see fonts.server.ts).
const REGULAR: FontWeight = "regular";
const BOLD: FontWeight = "bold";
const INK = "#111111";
const MUTED = "#555555";
const RULE = "#BBBBBB";
const HEADER_FILL = "#EEEEEE";

const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 } as const;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 4;

type Doc = PDFKit.PDFDocument;

/** One already-wrapped line of text with the font it is drawn in. */
interface TextLine {
  text: string;
  font: FontWeight;
  size: number;
  color: string;
  height: number;
}

type Align = "left" | "right";

interface Column {
  key: "position" | "item" | "quantity" | "unit" | "unitPrice" | "tax" | "lineTotal";
  header: string;
  width: number;
  align: Align;
}

/** Who reads the PDF: its words in their language, its dates in their time zone. */
export interface DocumentReader {
  t: TFunction;
  format: Format;
}

const ENGLISH_UTC: DocumentReader = {
  t: translatorFor(DEFAULT_LOCALE),
  format: createFormat({ locale: DEFAULT_LOCALE, timeZone: "UTC" }),
};

export async function renderPurchaseOrderPdf(
  doc: PurchaseOrderDocument,
  reader: DocumentReader = ENGLISH_UTC,
): Promise<Buffer> {
  const { t } = reader;
  // Loaded with the first PDF, not at start (see fonts.server.ts).
  const { default: PDFDocument } = await import("pdfkit");
  const stamp = doc.issuedAt ?? doc.createdAt;
  const pdf = new PDFDocument({
    size: "A4",
    margins: { ...MARGIN },
    bufferPages: true,
    lang: "en",
    displayTitle: true,
    info: {
      Title: t("Purchase order {{number}}", { number: clean(doc.number) }),
      Author: clean(doc.buyer.name),
      Subject: t("Purchase order {{number}}, revision {{revision}}, to {{supplier}}", {
        number: clean(doc.number),
        revision: doc.revision,
        supplier: clean(doc.supplier.name),
      }),
      Creator: "Quotient",
      CreationDate: stamp,
      ModDate: stamp,
    },
  });

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  try {
    new PurchaseOrderLayout(pdf, doc, reader).draw();
  } catch (error) {
    // Let the stream finish so nothing dangles, then report the real cause.
    pdf.end();
    await done.catch(() => undefined);
    throw error;
  }
  pdf.end();
  return done;
}

class PurchaseOrderLayout {
  private y: number;
  private readonly left: number;
  private readonly right: number;
  private readonly columns: Column[];

  constructor(
    private readonly pdf: Doc,
    private readonly po: PurchaseOrderDocument,
    private readonly reader: DocumentReader,
  ) {
    const { t } = reader;
    this.left = MARGIN.left;
    this.right = pdf.page.width - MARGIN.right;
    this.y = MARGIN.top;
    const fixed: Column[] = [
      { key: "position", header: "#", width: 26, align: "right" },
      { key: "item", header: t("Item"), width: 0, align: "left" },
      { key: "quantity", header: t("Qty"), width: 58, align: "right" },
      { key: "unit", header: t("Unit"), width: 36, align: "left" },
      { key: "unitPrice", header: t("Unit price"), width: 72, align: "right" },
      // Only orders whose lines carry tax rates get the column.
      ...(po.lines.some((l) => l.taxRate !== undefined)
        ? [{ key: "tax", header: t("Tax"), width: 40, align: "right" } as const]
        : []),
      { key: "lineTotal", header: t("Line total"), width: 84, align: "right" },
    ];
    const used = fixed.reduce((acc, c) => acc + c.width, 0);
    fixed[1].width = this.right - this.left - used;
    this.columns = fixed;
  }

  draw(): void {
    this.drawTitle();
    this.drawParties();
    this.drawDetails();
    this.drawLineTable();
    this.drawTotals();
    this.drawNotes();
    this.drawApprovals();
    this.drawPageFurniture();
  }

  // ---- sections -----------------------------------------------------------

  private drawTitle(): void {
    const { po } = this;
    const top = this.y;
    const logoBox = { width: 120, height: 48 };
    const logo = po.logo ? this.drawLogo(po.logo, logoBox) : false;
    // The title wraps beside the logo rather than under it.
    const width = this.right - this.left - (logo ? logoBox.width + 12 : 0);
    const { t } = this.reader;
    this.drawLines(
      wrap(this.pdf, t("Purchase order {{number}}", { number: po.number }), BOLD, 18, width, INK),
      this.left,
      width,
    );
    this.y += 2;
    const meta = t("Revision {{revision}} | Status: {{status}}", {
      revision: po.revision,
      status: statusLabel(po.status),
    });
    this.drawLines(wrap(this.pdf, meta, REGULAR, 10, width, MUTED), this.left, width);
    if (!po.issuedAt) {
      this.y += 2;
      const notice = t("Not yet issued: this order is not valid for delivery.");
      this.drawLines(wrap(this.pdf, notice, BOLD, 9, width, "#9A3412"), this.left, width);
    }
    if (logo) this.y = Math.max(this.y, top + logoBox.height);
    this.y += 14;
  }

  /** The buyer's logo in the top right corner, scaled to fit the box; false when it cannot be drawn. */
  private drawLogo(bytes: Uint8Array, box: { width: number; height: number }): boolean {
    try {
      this.pdf.image(Buffer.from(bytes), this.right - box.width, this.y, {
        fit: [box.width, box.height],
        align: "right",
      });
      return true;
    } catch {
      // A logo is checked on upload; should one still fail, the order prints without it rather than not at all.
      return false;
    }
  }

  private drawParties(): void {
    const { t } = this.reader;
    const gap = 24;
    const width = (this.right - this.left - gap) / 2;
    const party = (label: string, p: PurchaseOrderParty): TextLine[] => [
      ...wrap(this.pdf, label, BOLD, 8, width, MUTED),
      ...wrap(this.pdf, p.name, BOLD, 11, width, INK),
      ...(p.legalName?.trim() && p.legalName.trim() !== p.name
        ? wrap(this.pdf, p.legalName.trim(), REGULAR, 9, width, INK)
        : []),
      ...wrap(this.pdf, p.address || t("No address given"), REGULAR, 9, width, INK),
      ...(p.taxId?.trim()
        ? wrap(this.pdf, t("Tax ID: {{taxId}}", { taxId: p.taxId.trim() }), REGULAR, 9, width, INK)
        : []),
    ];
    this.drawColumns([
      { x: this.left, width, lines: party(t("Buyer"), this.po.buyer) },
      { x: this.left + width + gap, width, lines: party(t("Supplier"), this.po.supplier) },
    ]);
    this.y += 14;
  }

  private drawDetails(): void {
    const { po } = this;
    const { t, format } = this.reader;
    const unspecified = t("Not specified");
    const gap = 24;
    const width = (this.right - this.left - gap) / 2;
    const labelWidth = 78;
    const pairs = (items: [string, string][]) =>
      items.map(([label, value]) => ({
        label: wrap(this.pdf, label, BOLD, 9, labelWidth - 6, MUTED),
        value: wrap(this.pdf, value, REGULAR, 9, width - labelWidth, INK),
      }));
    const leftPairs = pairs([
      [t("PO number"), po.number],
      [t("Revision"), String(po.revision)],
      [t("Order date"), format.date(po.createdAt)],
      [t("Issued"), po.issuedAt ? format.date(po.issuedAt) : t("Not issued")],
      [t("Delivery date"), po.deliveryDate ? format.date(po.deliveryDate) : unspecified],
      ...(po.promisedDate ? ([[t("Promised date"), format.date(po.promisedDate)]] as [string, string][]) : []),
      [t("Currency"), po.currency],
    ]);
    const rightPairs = pairs([
      [t("Payment terms"), po.paymentTerms || unspecified],
      [t("Incoterm"), po.incoterm || unspecified],
      [t("Deliver to"), po.deliveryAddress || unspecified],
      ...(po.orderedBy
        ? ([[t("Ordered by"), `${po.orderedBy.name}\n${po.orderedBy.email}`]] as [string, string][])
        : []),
    ]);
    const heightOf = (list: { label: TextLine[]; value: TextLine[] }[]) =>
      list.reduce((acc, p) => acc + Math.max(linesHeight(p.label), linesHeight(p.value)) + 3, 0);
    this.ensureSpace(Math.max(heightOf(leftPairs), heightOf(rightPairs)));
    const top = this.y;
    let bottom = top;
    for (const [x, list] of [
      [this.left, leftPairs],
      [this.left + width + gap, rightPairs],
    ] as const) {
      let y = top;
      for (const p of list) {
        drawTextLines(this.pdf, p.label, x, y, labelWidth - 6, "left");
        drawTextLines(this.pdf, p.value, x + labelWidth, y, width - labelWidth, "left");
        y += Math.max(linesHeight(p.label), linesHeight(p.value)) + 3;
      }
      bottom = Math.max(bottom, y);
    }
    this.y = bottom + 16;
  }

  private drawLineTable(): void {
    const { po } = this;
    const width = this.right - this.left;
    this.drawLines(
      wrap(this.pdf, this.reader.t("Lines (amounts in {{currency}})", { currency: po.currency }), BOLD, 11, width, INK),
      this.left,
      width,
    );
    this.y += 4;

    // The header row and at least one line of the first row stay together.
    this.ensureSpace(this.headerRowHeight() + 2 * CELL_PAD_Y + 24);
    this.drawHeaderRow();

    if (po.lines.length === 0) {
      this.drawLines(
        wrap(this.pdf, this.reader.t("No lines."), REGULAR, 9, width, MUTED),
        this.left + CELL_PAD_X,
        width,
      );
      return;
    }
    const lines = [...po.lines].sort((a, b) => a.position - b.position);
    for (const line of lines) {
      let cells = this.rowCells(line);
      for (;;) {
        const available = this.bottom() - this.y - 2 * CELL_PAD_Y;
        const needed = Math.max(...cells.map(linesHeight));
        if (needed <= available) {
          this.drawRow(cells);
          break;
        }
        const onFreshPage = this.bottom() - MARGIN.top - this.headerRowHeight() - 2 * CELL_PAD_Y;
        if (needed <= onFreshPage) {
          // Keep the row whole: move it to the next page.
          this.newTablePage();
          continue;
        }
        // Taller than a page: split its cells line by line.
        const [head, rest] = splitCells(cells, available);
        if (head.some((c) => c.length > 0)) this.drawRow(head);
        this.newTablePage();
        cells = rest;
      }
    }
  }

  private drawTotals(): void {
    const { po } = this;
    const labelWidth = 170;
    const valueWidth = 130;
    const x = this.right - labelWidth - valueWidth;
    const breakdown = taxBreakdown(po);
    const taxRows: [string, string, boolean][] =
      breakdown && breakdown.length > 0
        ? breakdown.map((row) => [
            this.reader.t("Tax {{rate}} on {{taxable}}", {
              rate: percentText(row.rate),
              taxable: formatDecimal(row.taxable, minorUnits(po.currency), "taxable amount"),
            }),
            this.money(row.tax),
            false,
          ])
        : [[this.reader.t("Tax"), this.money(po.taxTotal), false]];
    // With several rates the reader also wants their sum.
    if (breakdown && breakdown.length > 1) taxRows.push([this.reader.t("Tax total"), this.money(po.taxTotal), false]);
    const rows: [string, string, boolean][] = [
      [this.reader.t("Subtotal"), this.money(po.subtotal), false],
      ...taxRows,
      [this.reader.t("Total"), this.money(po.total), true],
    ];
    this.y += 8;
    this.ensureSpace(rows.length * 16 + 8);
    for (const [label, value, strong] of rows) {
      const font = strong ? BOLD : REGULAR;
      const size = strong ? 11 : 10;
      if (strong) {
        this.pdf.moveTo(x, this.y).lineTo(this.right, this.y).lineWidth(0.75).strokeColor(INK).stroke();
        this.y += 4;
      }
      const labelLines = wrap(this.pdf, label, font, size, labelWidth - 8, INK);
      const valueLines = wrap(this.pdf, value, font, size, valueWidth, INK);
      drawTextLines(this.pdf, labelLines, x, this.y, labelWidth - 8, "left");
      drawTextLines(this.pdf, valueLines, x + labelWidth, this.y, valueWidth, "right");
      this.y += Math.max(linesHeight(labelLines), linesHeight(valueLines)) + 4;
    }
    this.y += 14;
  }

  private drawNotes(): void {
    const notes = this.po.notes.trim();
    if (!notes) return;
    const width = this.right - this.left;
    this.ensureSpace(40);
    this.drawLines(wrap(this.pdf, this.reader.t("Notes"), BOLD, 11, width, INK), this.left, width);
    this.y += 3;
    this.drawLines(wrap(this.pdf, notes, REGULAR, 9, width, INK), this.left, width);
    this.y += 14;
  }

  private drawApprovals(): void {
    const width = this.right - this.left;
    this.ensureSpace(40);
    this.drawLines(wrap(this.pdf, this.reader.t("Approvals"), BOLD, 11, width, INK), this.left, width);
    this.y += 3;
    if (this.po.approvals.length === 0) {
      const text =
        this.po.requiredApprovals === 0
          ? this.reader.t("None needed: the total is under the organisation's first approval threshold.")
          : this.reader.t("No approvals recorded.");
      this.drawLines(wrap(this.pdf, text, REGULAR, 9, width, MUTED), this.left, width);
      return;
    }
    for (const approval of this.po.approvals) {
      const text = this.reader.t("Approved by {{name}} on {{time}}", {
        name: approval.name,
        time: this.reader.format.instant(approval.at),
      });
      this.drawLines(wrap(this.pdf, text, REGULAR, 9, width, INK), this.left, width);
      this.y += 2;
    }
  }

  /** Running header on continuation pages and "Page X of Y" on every page. */
  private drawPageFurniture(): void {
    const { pdf, po } = this;
    const { t } = this.reader;
    const range = pdf.bufferedPageRange();
    const total = range.count;
    const label = t("Purchase order {{number}}, revision {{revision}}", {
      number: clean(po.number),
      revision: po.revision,
    });
    for (let i = range.start; i < range.start + total; i++) {
      pdf.switchToPage(i);
      const pageNumber = i - range.start + 1;
      const footerY = pdf.page.height - MARGIN.bottom + 24;
      const small = (text: string): TextLine => ({ text, font: REGULAR, size: 8, color: MUTED, height: 0 });
      drawTextLines(pdf, [small(fitToWidth(pdf, label, 300))], this.left, footerY, 300, "left");
      drawTextLines(
        pdf,
        [small(t("Page {{page}} of {{pages}}", { page: pageNumber, pages: total }))],
        this.right - 100,
        footerY,
        100,
        "right",
      );
      if (pageNumber > 1) {
        const continued = small(t("{{label}} (continued)", { label: fitToWidth(pdf, label, 400) }));
        drawTextLines(pdf, [continued], this.left, MARGIN.top - 24, 460, "left");
      }
    }
  }

  // ---- table helpers -------------------------------------------------------

  private rowCells(line: PurchaseOrderDocumentLine): TextLine[][] {
    const { pdf, po } = this;
    const cents = minorUnits(po.currency);
    return this.columns.map((column) => {
      const width = column.width - 2 * CELL_PAD_X;
      const cell = (text: string) => wrap(pdf, text, REGULAR, 9, width, INK);
      switch (column.key) {
        case "position":
          return cell(String(line.position));
        case "item":
          return [
            ...wrap(pdf, line.itemName, BOLD, 9, width, INK),
            ...(line.specification.trim() ? wrap(pdf, line.specification.trim(), REGULAR, 8, width, MUTED) : []),
          ];
        case "quantity":
          return cell(quantityText(line.quantity, "quantity"));
        case "unit":
          return cell(line.unit);
        case "unitPrice":
          return cell(unitPriceText(line.unitPrice, po.currency));
        case "tax":
          return cell(line.taxRate === undefined ? "" : percentText(line.taxRate));
        case "lineTotal":
          return cell(formatDecimal(line.lineTotal, cents, "line total"));
      }
    });
  }

  private headerCells(): TextLine[][] {
    return this.columns.map((c) => wrap(this.pdf, c.header, BOLD, 9, c.width - 2 * CELL_PAD_X, INK));
  }

  private headerRowHeight(): number {
    return Math.max(...this.headerCells().map(linesHeight)) + 2 * CELL_PAD_Y;
  }

  private drawHeaderRow(): void {
    const height = this.headerRowHeight();
    this.pdf.rect(this.left, this.y, this.right - this.left, height).fill(HEADER_FILL);
    this.drawCells(this.headerCells(), height);
  }

  private drawRow(cells: TextLine[][]): void {
    const height = Math.max(...cells.map(linesHeight)) + 2 * CELL_PAD_Y;
    this.drawCells(cells, height);
  }

  private drawCells(cells: TextLine[][], height: number): void {
    let x = this.left;
    cells.forEach((cell, i) => {
      const column = this.columns[i];
      drawTextLines(this.pdf, cell, x + CELL_PAD_X, this.y + CELL_PAD_Y, column.width - 2 * CELL_PAD_X, column.align);
      x += column.width;
    });
    this.y += height;
    this.pdf.moveTo(this.left, this.y).lineTo(this.right, this.y).lineWidth(0.5).strokeColor(RULE).stroke();
  }

  private newTablePage(): void {
    this.newPage();
    this.drawHeaderRow();
  }

  // ---- flow helpers --------------------------------------------------------

  private bottom(): number {
    return this.pdf.page.height - MARGIN.bottom;
  }

  private newPage(): void {
    this.pdf.addPage();
    this.y = MARGIN.top;
  }

  private ensureSpace(height: number): void {
    if (this.y + height > this.bottom()) this.newPage();
  }

  /** Single-column text, line by line, continuing on a new page when full. */
  private drawLines(lines: TextLine[], x: number, width: number): void {
    for (const line of lines) {
      this.ensureSpace(line.height);
      drawTextLines(this.pdf, [line], x, this.y, width, "left");
      this.y += line.height;
    }
  }

  /** Side-by-side blocks that start at the same height. */
  private drawColumns(blocks: { x: number; width: number; lines: TextLine[] }[]): void {
    const height = Math.max(...blocks.map((b) => linesHeight(b.lines)));
    if (height > this.bottom() - MARGIN.top) {
      // Taller than a page (only with absurd input): stack them instead.
      for (const block of blocks) this.drawLines(block.lines, this.left, block.width);
      return;
    }
    this.ensureSpace(height);
    const top = this.y;
    for (const block of blocks) drawTextLines(this.pdf, block.lines, block.x, top, block.width, "left");
    this.y = top + height;
  }

  private money(value: string): string {
    return `${this.po.currency} ${formatDecimal(value, minorUnits(this.po.currency), "amount")}`;
  }
}

// ---- text -------------------------------------------------------------------

function lineHeightFor(size: number): number {
  return Math.round(size * 1.28 * 100) / 100;
}

function linesHeight(lines: TextLine[]): number {
  return lines.reduce((acc, l) => acc + l.height, 0);
}

/** Tabs and stray control characters out, line breaks normalised. */
function clean(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      .replace(/\t/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
  );
}

/**
 * Word-wraps `text` to `width` in the given font; words longer than the
 * width are broken between characters. Explicit line breaks are kept.
 */
function wrap(pdf: Doc, text: string, font: FontWeight, size: number, width: number, color: string): TextLine[] {
  const height = lineHeightFor(size);
  const fits = (s: string) => measure(pdf, s, font, size) <= width;
  const out: string[] = [];
  for (const paragraph of clean(text).split("\n")) {
    const words = paragraph.split(" ").filter((w) => w.length > 0);
    let line = "";
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      line = "";
      if (fits(word)) {
        line = word;
        continue;
      }
      for (const ch of breakPieces(word, fits)) {
        if (line && !fits(line + ch)) {
          out.push(line);
          line = ch;
        } else {
          line += ch;
        }
      }
    }
    out.push(line);
  }
  return out.map((t) => ({ text: t, font, size, color, height }));
}

function drawTextLines(pdf: Doc, lines: TextLine[], x: number, y: number, width: number, align: Align): void {
  let top = y;
  for (const line of lines) {
    if (line.text) {
      const dx = align === "right" ? Math.max(0, width - measure(pdf, line.text, line.font, line.size)) : 0;
      let left = x + dx;
      for (const run of visualRuns(line.text, line.font)) {
        setFace(pdf, run, line.size);
        pdf.fillColor(line.color).text(run.text, left, top, { lineBreak: false, features: WHOLE_RUN });
        left += pdf.widthOfString(run.text, { features: WHOLE_RUN });
      }
    }
    top += line.height;
  }
}

/** Splits a row's cells so that the first part fits in `available` points. */
function splitCells(cells: TextLine[][], available: number): [TextLine[][], TextLine[][]] {
  const head: TextLine[][] = [];
  const rest: TextLine[][] = [];
  for (const cell of cells) {
    let used = 0;
    let i = 0;
    while (i < cell.length && used + cell[i].height <= available) {
      used += cell[i].height;
      i++;
    }
    head.push(cell.slice(0, i));
    rest.push(cell.slice(i));
  }
  return [head, rest];
}

/** Shortens footer text (8 pt) to `width`, marking the cut. */
function fitToWidth(pdf: Doc, text: string, width: number): string {
  const flat = clean(text).replace(/\n/g, " ");
  const wide = (t: string) => measure(pdf, t, REGULAR, 8) > width;
  if (!wide(flat)) return flat;
  let cut = flat;
  while (cut.length > 1 && wide(`${cut}...`)) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/**
 * Naming a feature makes pdfkit shape the run as one piece; without it
 * pdfkit shapes word by word, which puts the spaces of a right-to-left run
 * at the wrong end of each word. Kerning is on by default anyway.
 */
const WHOLE_RUN: PDFKit.Mixins.OpenTypeFeatures[] = ["kern"];

// Faces are registered with a document the first time it sets text in them.
const registered = new WeakMap<Doc, Set<string>>();

function setFace(pdf: Doc, run: TextRun, size: number): void {
  let names = registered.get(pdf);
  if (!names) {
    names = new Set();
    registered.set(pdf, names);
  }
  if (!names.has(run.face.name)) {
    pdf.registerFont(run.face.name, run.face.data);
    names.add(run.face.name);
  }
  pdf.font(run.face.name).fontSize(size);
}

/** Width of a line of text set run by run, each in the face that has its glyphs. */
function measure(pdf: Doc, text: string, font: FontWeight, size: number): number {
  let width = 0;
  for (const run of logicalRuns(text, font, false)) {
    setFace(pdf, run, size);
    width += pdf.widthOfString(run.text, { features: WHOLE_RUN });
  }
  return width;
}

// ---- values -----------------------------------------------------------------

function parseDecimal(value: string, what: string) {
  const trimmed = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
    throw new Error(`Purchase order PDF: ${what} "${value}" is not a decimal number`);
  }
  return toDecimal(trimmed);
}

/** Amount with exactly `places` decimals and thousands separators. */
function formatDecimal(value: string, places: number, what: string): string {
  parseDecimal(value, what);
  return formatAmount(value.trim(), places);
}

function unitPriceText(value: string, currency: string): string {
  parseDecimal(value, "unit price");
  return formatUnitPriceAmount(value.trim(), currency);
}

function quantityText(value: string, what: string): string {
  parseDecimal(value, what);
  return formatQuantity(value.trim());
}

/** "19" -> "19%", "7.7000" -> "7.7%". */
function percentText(value: string): string {
  return `${parseDecimal(value, "tax rate").toFixed()}%`;
}

function statusLabel(status: string): string {
  const words = status.replace(/_/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Unknown";
}
