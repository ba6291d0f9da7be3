/**
 * The lists people choose from on every form: currencies offered by default,
 * units of measure, Incoterms and payment terms. Pure, shared by browser and
 * server.
 */
export const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "JPY", "CNY", "SEK", "PLN", "CAD", "AUD"] as const;
export const UNITS = ["pcs", "kg", "m", "l", "box", "set", "h"] as const;
/** Incoterms 2020. */
export const INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"] as const;
export const PAYMENT_TERMS = ["Net 15", "Net 30", "Net 45", "Net 60", "Net 90", "Payment in advance"] as const;
