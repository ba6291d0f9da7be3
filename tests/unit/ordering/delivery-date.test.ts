import { describe, expect, it } from "vitest";

import { expectedDeliveryDate } from "../../../app/models/ordering/delivery-date";

describe("expectedDeliveryDate", () => {
  it("counts the lead time in calendar days from the award, across months and leap days", () => {
    expect(expectedDeliveryDate({ awardedOn: "2026-12-06", leadTimeDays: 10, wantedBy: null })).toBe("2026-12-16");
    expect(expectedDeliveryDate({ awardedOn: "2026-12-28", leadTimeDays: 7, wantedBy: null })).toBe("2027-01-04");
    expect(expectedDeliveryDate({ awardedOn: "2028-02-25", leadTimeDays: 5, wantedBy: null })).toBe("2028-03-01");
    expect(expectedDeliveryDate({ awardedOn: "2026-12-06", leadTimeDays: 0, wantedBy: null })).toBe("2026-12-06");
  });

  it("keeps the buyer's wanted-by date when it is later than the supplier could deliver", () => {
    expect(expectedDeliveryDate({ awardedOn: "2026-12-06", leadTimeDays: 10, wantedBy: "2027-01-31" })).toBe(
      "2027-01-31",
    );
  });

  it("takes the supplier's date when the wanted-by date cannot be met", () => {
    expect(expectedDeliveryDate({ awardedOn: "2026-12-06", leadTimeDays: 30, wantedBy: "2026-12-20" })).toBe(
      "2027-01-05",
    );
  });
});
