/**
 * A reorder decision's reason is kept as a catalogue message with its
 * figures and said in the reader's words and format; a reason stored as
 * English before that still reads as it was written.
 */
import { describe, expect, it } from "vitest";

import { msg, msgWith, translated } from "../../../app/i18n/config";
import { createFormat } from "../../../app/i18n/format";
import { translatorFor } from "../../../app/i18n/translator";
import { decisionReason } from "../../../app/models/requisitions/reorder-reason";

const en = { t: translatorFor("en"), format: createFormat({ locale: "en", timeZone: "Europe/Berlin" }) };
const pseudo = { t: translatorFor("en-XA"), format: createFormat({ locale: "en-XA", timeZone: "Europe/Berlin" }) };

const ordered = msgWith(
  "{{quantity}} {{unit}} under {{agreement}} ({{supplier}}) at {{price}} each: {{requisition}} line {{line}}.",
  {
    quantity: "1200",
    unit: "pcs",
    agreement: "AGR-2026-000003",
    supplier: "Northwind Fasteners",
    price: "0.0500",
    currency: "EUR",
    requisition: "REQ-2026-000007",
    line: 1,
  },
);

describe("a decision's reason", () => {
  it("is said in English with the figures in the reader's format", () => {
    expect(decisionReason(en.t, en.format, ordered)).toBe(
      "1,200 pcs under AGR-2026-000003 (Northwind Fasteners) at 0.05 EUR each: REQ-2026-000007 line 1.",
    );
    expect(
      decisionReason(
        en.t,
        en.format,
        msgWith("{{requisition}} line {{line}} ({{quantity}} {{unit}}) is still open.", {
          requisition: "REQ-2026-000007",
          line: 2,
          quantity: "300.000",
          unit: "kg",
        }),
      ),
    ).toBe("REQ-2026-000007 line 2 (300 kg) is still open.");
  });

  it("is marked whole in the pseudo-locale: words, quantity and price through the catalogue and formatter", () => {
    const said = decisionReason(pseudo.t, pseudo.format, ordered);
    expect(said).not.toContain("under");
    expect(said).not.toContain("each");
    // The quantity and the price went through the viewer's formatter (marked apart), the unit through the catalogue.
    expect(said).toContain("⟦1,200⟧");
    expect(said).toContain("⟦0.05 ÉŨŔ⟧");
    expect(said.startsWith("⟦")).toBe(true);
  });

  it("of an old run, stored as English text, reads as it was written", () => {
    const old = "1200 pcs under AGR-2026-000003 (Northwind Fasteners) at 0.0500 EUR. REQ-2026-000007 line 1.";
    expect(decisionReason(en.t, en.format, old)).toBe(old);
    expect(decisionReason(en.t, en.format, "")).toBe("");
  });
});

describe("a message inside a message", () => {
  it("is said in the reader's words too, one or several", () => {
    const row = msgWith("Row {{row}}, {{column}}: {{problem}}", {
      row: 4,
      column: "quantity",
      problem: { message: msg("The quantity must be more than zero.") },
    });
    expect(translated(en.t, row)).toBe("Row 4, quantity: The quantity must be more than zero.");
    const all = msgWith("Nothing was imported. Fix these rows and upload again:\n{{problems}}", {
      problems: {
        messages: [
          row,
          msgWith("Row {{row}}: {{values}} values but {{columns}} columns.", { row: 5, values: 4, columns: 3 }),
        ],
      },
    });
    expect(translated(en.t, all)).toBe(
      "Nothing was imported. Fix these rows and upload again:\nRow 4, quantity: The quantity must be more than zero.\nRow 5: 4 values but 3 columns.",
    );
    expect(translated(pseudo.t, all)).not.toMatch(/Row|more than zero|values but/);
  });
});
