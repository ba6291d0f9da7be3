/**
 * Errors built for one field or one record read as whole catalogue
 * sentences: a translator never sees "Enter the " with a hole for the
 * field's name, nor "This " with a hole for the record's.
 */
import { describe, expect, it } from "vitest";

import { en } from "~/i18n/messages";
import { dateField, type DateFieldName } from "~/models/shared/fields.schema";

import { StaleVersionError, type VersionedEntity } from "../../../workflows/errors";
import { english } from "../../support/english";

const errorOf = (what: DateFieldName, value: unknown): string => {
  const result = dateField(what).safeParse(value);
  if (result.success) throw new Error(`${what}: ${String(value)} was accepted`);
  return result.error.issues[0].message;
};

const catalogue = en;

describe("a date field's errors", () => {
  it("are whole sentences of the catalogue, each naming its field", () => {
    const fields: DateFieldName[] = ["due date", "invoice date", "date received", "first due date", "validity date"];
    for (const what of fields) {
      const blank = errorOf(what, "");
      const shape = errorOf(what, "31/01/2027");
      expect(blank).toBe(`Enter the ${what}.`);
      expect(shape).toBe(`Enter the ${what} as a date, like 2027-01-31.`);
      expect(catalogue[blank]).toBe(blank);
      expect(catalogue[shape]).toBe(shape);
      expect(errorOf(what, undefined)).toBe(blank);
    }
  });

  it("say a day that does not exist, and a year out of range, as catalogue messages", () => {
    expect(errorOf("due date", "2027-02-30")).toBe("That date does not exist.");
    const year = errorOf("due date", "0000-01-01");
    expect(year).not.toBe("Enter a year from 1900 to 9999.");
    expect(english(year)).toBe("Enter a year from 1900 to 9999.");
    expect(dateField("due date").safeParse("2027-01-31").success).toBe(true);
  });
});

describe("a record changed by someone else", () => {
  it("is refused with one whole sentence of the catalogue per kind of record", () => {
    const entities: VersionedEntity[] = [
      "RFQ",
      "quote",
      "purchase order",
      "invoice",
      "invitation",
      "supplier relationship",
      "agreement",
      "requisition",
    ];
    for (const entity of entities) {
      const { message, status } = new StaleVersionError(entity);
      expect(status).toBe(409);
      expect(message).toBe(
        `This ${entity} was changed by someone else since you opened it. Reload the page and try again.`,
      );
      expect(catalogue[message]).toBe(message);
    }
  });
});
