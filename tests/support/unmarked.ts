/**
 * What the pseudo-locale checks read: text rendered in `en-XA` where every
 * catalogue message and formatted value is bracketed (⟦…⟧). Any word left
 * unmarked must be data people typed (passed in `data`), an address, a
 * record number, a time zone or a currency code; anything else skipped the
 * catalogue. Returns the text when it holds such a word, else null.
 */
export function unmarked(text: string, data: string[]): string | null {
  let rest = text.replace(/⟦[^⟧]*⟧/g, " ");
  for (const value of data) if (rest.includes(value)) rest = rest.split(value).join(" ");
  rest = rest
    .replace(/[\w.+-]+@[\w.-]+/g, " ") // addresses
    .replace(/\b[A-Z]{2,5}-\d{4}-\d{3,}\b/g, " ") // record numbers
    .replace(/\b[A-Z][a-z]+(?:\/[A-Za-z_-]+)+\b/g, " ") // time zones, also "America/Argentina/La_Rioja" and "America/Port-au-Prince"
    .replace(/\b[A-Z]{3}\b/g, " "); // currencies and countries
  return /[A-Za-z]{2,}/.test(rest) ? text.trim() : null;
}
