/** The part of fontkit (a pdfkit dependency without its own types) that fonts.server.ts uses. */
declare module "fontkit" {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer): Font;
}
