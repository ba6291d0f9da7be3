/**
 * The typefaces of our PDFs: the Noto Sans family (SIL Open Font License),
 * from the npm packages @expo-google-fonts/noto-sans-*. No single file
 * covers every script an item name may be written in, so each run of text
 * is set in the first face that has its glyphs (see text-runs.server.ts):
 *
 * - Noto Sans SC: Latin with its accents, Chinese and Japanese kana; the
 *   default for everything else;
 * - Noto Sans: Greek and Cyrillic in full;
 * - Noto Sans KR (Hangul), Arabic, Hebrew, Thai and Devanagari: one each.
 *
 * pdfkit embeds only the glyphs a document uses, so a PO stays a few tens
 * of kilobytes although the font files are megabytes. A file is read and
 * parsed the first time a document needs it, once per process.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import type * as Fontkit from "fontkit";
import type { Font } from "fontkit";

const require = createRequire(import.meta.url);

export type FontWeight = "regular" | "bold";

interface Family {
  /** The npm package and the file stem within it, e.g. "noto-sans-kr" and "NotoSansKR". */
  pkg: string;
  stem: string;
  /** Letters of this script always take this face, even where an earlier one has a glyph for them. */
  script?: RegExp;
}

// The order is the order of preference for characters no script claims (digits, punctuation, Han).
const FAMILIES: readonly Family[] = [
  { pkg: "noto-sans-sc", stem: "NotoSansSC" },
  // Noto Sans SC has only part of Greek and Cyrillic (no tonos, for one); Noto Sans has them all.
  { pkg: "noto-sans", stem: "NotoSans", script: /[\p{Script=Greek}\p{Script=Cyrillic}]/u },
  { pkg: "noto-sans-kr", stem: "NotoSansKR", script: /\p{Script=Hangul}/u },
  { pkg: "noto-sans-arabic", stem: "NotoSansArabic", script: /\p{Script=Arabic}/u },
  { pkg: "noto-sans-hebrew", stem: "NotoSansHebrew", script: /\p{Script=Hebrew}/u },
  { pkg: "noto-sans-thai", stem: "NotoSansThai", script: /\p{Script=Thai}/u },
  { pkg: "noto-sans-devanagari", stem: "NotoSansDevanagari", script: /\p{Script=Devanagari}/u },
];

const FILE_WEIGHT: Record<FontWeight, string> = { regular: "400Regular", bold: "700Bold" };

/** One face of one family: the name pdfkit knows it by, its bytes and its character coverage. */
export interface DocumentFace {
  name: string;
  data: Buffer;
  covers(codePoint: number): boolean;
}

const cache = new Map<string, DocumentFace>();

function face(family: Family, weight: FontWeight): DocumentFace {
  const name = `${family.stem}-${weight}`;
  let loaded = cache.get(name);
  if (!loaded) {
    const data = readFileSync(
      require.resolve(
        `@expo-google-fonts/${family.pkg}/${FILE_WEIGHT[weight]}/${family.stem}_${FILE_WEIGHT[weight]}.ttf`,
      ),
    );
    // Loaded with the first document, not at start: fontkit (with pdfkit) is about 28 MB resident
    // that a server showing pages never needs.
    const { create } = require("fontkit") as typeof Fontkit;
    const parsed: Font = create(data);
    loaded = { name, data, covers: (cp) => parsed.hasGlyphForCodePoint(cp) };
    cache.set(name, loaded);
  }
  return loaded;
}

/** The default face: Latin, Greek, Cyrillic and CJK. */
export function documentFont(weight: FontWeight): DocumentFace {
  return face(FAMILIES[0], weight);
}

/**
 * The face to set one character in. `current` is the face of the run the
 * character follows: spaces, digits and punctuation stay in it when it has
 * them, so an Arabic phrase with its spaces is shaped as one run.
 */
export function faceFor(char: string, weight: FontWeight, current?: DocumentFace): DocumentFace {
  const codePoint = char.codePointAt(0) ?? 0x20;
  const claimed = FAMILIES.find((f) => f.script?.test(char));
  if (claimed) return face(claimed, weight);
  if (current?.covers(codePoint)) return current;
  for (const family of FAMILIES) {
    const candidate = face(family, weight);
    if (candidate.covers(codePoint)) return candidate;
  }
  // Nothing has it: the default face draws its "missing glyph" box.
  return documentFont(weight);
}
