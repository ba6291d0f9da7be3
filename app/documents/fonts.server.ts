/**
 * The typeface of our PDFs: Noto Sans SC (SIL Open Font License), from the
 * npm package @expo-google-fonts/noto-sans-sc. Besides Chinese it has Latin
 * with its accents, Greek, Cyrillic and Japanese kana, so one family draws
 * an item name such as "不锈钢螺栓 M8" and every other line alike; the PDF
 * standard fonts (Helvetica) cannot draw anything outside Latin-1.
 *
 * pdfkit embeds only the glyphs a document uses, so a PO stays a few tens
 * of kilobytes although the font files are about 10 MB each. The files are
 * read once per process and kept.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const FILES = {
  regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
} as const;

export type FontWeight = keyof typeof FILES;

const cache = new Map<FontWeight, Buffer>();

export function documentFont(weight: FontWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    font = readFileSync(require.resolve(FILES[weight]));
    cache.set(weight, font);
  }
  return font;
}
