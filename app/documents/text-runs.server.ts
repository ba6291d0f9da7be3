/**
 * Text in many scripts on a PDF line. pdfkit draws a string in one font and
 * left to right; fontkit, beneath it, shapes a run (Arabic joining forms,
 * Thai and Devanagari marks, Korean syllables) and turns a right-to-left
 * script's glyphs around, but knows nothing of mixing fonts or directions.
 * So a line is cut into runs of one face and one bidi level (Unicode
 * Bidirectional Algorithm from bidi-js, on a left-to-right page), and the
 * runs are put in visual order before they are drawn one after another.
 */
import bidiFactory from "bidi-js";

import { faceFor, type DocumentFace, type FontWeight } from "./fonts.server";

const bidi = bidiFactory();

export interface TextRun {
  text: string;
  face: DocumentFace;
  /** Bidi embedding level: even reads left to right, odd right to left. */
  level: number;
}

/** Runs in reading order: consecutive characters set in one face at one level. */
export function logicalRuns(text: string, weight: FontWeight, withLevels = true): TextRun[] {
  if (!text) return [];
  const levels = withLevels ? bidi.getEmbeddingLevels(text, "ltr").levels : undefined;
  const runs: TextRun[] = [];
  let current: TextRun | undefined;
  let index = 0;
  for (const char of text) {
    const level = levels?.[index] ?? 0;
    index += char.length;
    const face = faceFor(char, weight, current?.face);
    if (current && current.face === face && current.level === level) {
      current.text += char;
    } else {
      current = { text: char, face, level };
      runs.push(current);
    }
  }
  return runs;
}

/**
 * Runs of one line in the order they are drawn, left to right (rule L2 of
 * the bidi algorithm, on whole runs: from the highest level down to the
 * lowest odd one, every stretch at that level or above is reversed). The
 * text inside a right-to-left run stays in reading order: fontkit reverses
 * its glyphs when it shapes it.
 */
export function visualRuns(text: string, weight: FontWeight): TextRun[] {
  const runs = logicalRuns(text, weight);
  const odd = runs.filter((r) => r.level % 2 === 1).map((r) => r.level);
  if (odd.length === 0) return runs;
  const lowestOdd = Math.min(...odd);
  const highest = Math.max(...runs.map((r) => r.level));
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < runs.length) {
      if (runs[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j].level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs;
}

const words = new Intl.Segmenter(undefined, { granularity: "word" });
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Where a word too long for its line may be broken: between the words of a
 * script written without spaces (Thai), else between user-perceived
 * characters, never inside one (a Thai or Devanagari letter with its marks).
 */
export function breakPieces(word: string, fits: (s: string) => boolean): string[] {
  return Array.from(words.segment(word), (s) => s.segment).flatMap((piece) =>
    fits(piece) ? [piece] : Array.from(graphemes.segment(piece), (g) => g.segment),
  );
}
