/** A record's history in words: each kind of event as a sentence, approvals counted per submission. */
import { describe, expect, it } from "vitest";

import { createFormat } from "../../../app/i18n/format";
import { translatorFor } from "../../../app/i18n/translator";
import { translated } from "../../../app/i18n/config";
import { AUTOMATIC } from "../../../app/models/requisitions/requisition.server";
import { describeEvent, describeTimeline, type TimelineEvent } from "../../../app/models/shared/timeline";
import { english } from "../../support/english";

let next = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
const po = (event: string, actorName: string | null, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id: ++next,
  created_at: at(next),
  actorName,
  entityType: "purchase_order",
  event,
  to_state: null,
  data: {},
  ...extra,
});

describe("a PO's history in words", () => {
  it("names the automatic run that acted, not a person, and the product for its own steps", () => {
    const automatic = { automatic: "requisition ordering from agreements", onBehalfOf: "someone" };
    expect(english(describeEvent(po("CREATE", null, { data: { ...automatic, from: "agreement" } })))).toBe(
      "Requisition ordering from agreements created the order as a call-off of an agreement",
    );
    expect(english(describeEvent(po("ISSUE", null)))).toBe("Quotient issued the order to the supplier");
    // The run that placed the order issued it too, when no approval was needed.
    expect(english(describeEvent(po("ISSUE", null, { data: automatic })))).toBe(
      "Requisition ordering from agreements issued the order to the supplier",
    );
  });

  it("knows every automatic cause the requisitions stage records, and shows an unknown one as stored", () => {
    for (const cause of Object.values(AUTOMATIC)) {
      const sentence = describeEvent(po("APPROVE", null, { data: { automatic: cause } }));
      // A known cause is a catalogue message of its own, not the stored phrase passed through.
      expect(sentence).toContain('"message":');
      expect(english(sentence).toLowerCase()).toContain(cause);
    }
    expect(english(describeEvent(po("SUBMIT", null, { data: { automatic: "nightly import" } })))).toBe(
      "Nightly import submitted the order for approval",
    );
  });

  it("is said in the reader's language, its dates in the reader's format", () => {
    const acknowledged = describeEvent(po("ACKNOWLEDGE", "Nora Sales", { data: { promisedDate: "2027-01-15" } }));
    const pseudo = translated(
      translatorFor("en-XA"),
      acknowledged,
      createFormat({ locale: "en-XA", timeZone: "Europe/Berlin" }),
    );
    // The whole sentence accented and bracketed, the date marked as the formatter's.
    expect(pseudo).toBe("⟦Ñóŕà Śàĺéś àçķñóŵĺéđĝéđ íţ, ƥŕóɱíśíñĝ đéĺíʋéŕý ƀý ⟦2027-01-15⟧⟧");
    expect(translated(translatorFor("en-XA"), describeEvent(po("ISSUE", null)))).toMatch(/^⟦⟦Ɋũóţíéñţ⟧ íśśũéđ/);
  });

  it("reads like sentences, approvals counted against what the submission needs", () => {
    const entries = describeTimeline(
      [
        po("CREATE", "Alice Byrne", { data: { from: "award" } }),
        po("SUBMIT", "Alice Byrne"),
        po("APPROVE", "Finance Person"),
        po("APPROVE", "Carla Controller"),
        po("ISSUE", null),
        po("ACKNOWLEDGE", "Nora Sales", { data: { promisedDate: "2027-01-15" } }),
        po("RECEIVE", "Alice Byrne", { to_state: "partially_received", data: { deliveryNote: "DN-7" } }),
        {
          ...po("SUBMIT", "Nora Sales"),
          entityType: "invoice",
          data: { invoiceNumber: "NW-2026-0417" },
        },
        { ...po("MATCH", null), entityType: "invoice", to_state: "disputed" },
      ],
      { requiredApprovals: 2 },
    );
    expect(entries.map((e) => english(e.text))).toEqual([
      "Alice Byrne created the order from an award",
      "Alice Byrne submitted the order for approval",
      "Finance Person approved it (1 of 2)",
      "Carla Controller approved it (2 of 2)",
      "Quotient issued the order to the supplier",
      "Nora Sales acknowledged it, promising delivery by 2027-01-15",
      "Alice Byrne recorded a delivery (delivery note DN-7): part of the goods are received",
      "Nora Sales submitted invoice NW-2026-0417",
      "The invoice did not match the order and receipts, and is disputed",
    ]);
  });

  it("starts counting approvals again after a rejection and a new submission, and says no count for one approver", () => {
    const twice = describeTimeline(
      [
        po("SUBMIT", "Alice Byrne"),
        po("APPROVE", "Finance Person"),
        po("REJECT", "Carla Controller", { data: { reason: "Wrong cost centre" } }),
        po("REVISE", "Alice Byrne"),
        po("SUBMIT", "Alice Byrne"),
        po("APPROVE", "Finance Person"),
      ],
      { requiredApprovals: 2 },
    ).map((e) => english(e.text));
    expect(twice).toContain("Carla Controller rejected it: “Wrong cost centre”");
    expect(twice.filter((t) => t === "Finance Person approved it (1 of 2)")).toHaveLength(2);
    const once = describeTimeline([po("SUBMIT", "A"), po("APPROVE", "B")], { requiredApprovals: 1 });
    expect(once.map((e) => english(e.text))[1]).toBe("B approved it");
  });

  it("puts events in time order whatever order they were loaded in, and names unknown events plainly", () => {
    const early = { ...po("CREATE", "Alice Byrne"), created_at: at(0) };
    const late = po("CANCEL", "Alice Byrne", { data: { reason: "Not needed" } });
    expect(describeTimeline([late, early]).map((e) => english(e.text))).toEqual([
      "Alice Byrne created the order",
      "Alice Byrne cancelled it: “Not needed”",
    ]);
    expect(english(describeEvent(po("SOMETHING_NEW", null, { to_state: "on_hold" })))).toBe(
      "Quotient: something new; it is now on hold",
    );
  });
});

describe("when each event happened", () => {
  it("takes a workflow event's own instant, but keeps the order the log was written in", () => {
    // Logged in one transaction: the creation stamped by the database, the match a moment earlier by the use case.
    const submitted = { ...po("SUBMIT", "Nora Sales"), entityType: "invoice", created_at: at(30) };
    const matched = {
      ...po("MATCH", null),
      entityType: "invoice",
      to_state: "matched",
      created_at: at(30),
      data: { at: new Date(at(30).getTime() - 5).toISOString() },
    };
    const approved = {
      ...po("APPROVE", "Farid Nasser"),
      entityType: "invoice",
      created_at: at(31),
      data: { at: at(45).toISOString() },
    };
    const entries = describeTimeline([approved, matched, submitted]);
    expect(entries.map((e) => english(e.text))).toEqual([
      "Nora Sales submitted an invoice",
      "The invoice matched the order and receipts",
      "Farid Nasser approved the invoice",
    ]);
    expect(entries.map((e) => e.at)).toEqual([at(30), at(30), at(45)]);
  });
});
