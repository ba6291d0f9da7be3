/**
 * Every action that creates something runs through the one-time form token
 * (decision 019): its route claims the token with the write (`once`), and
 * its loader issues one for the form to carry. A creating route that forgets
 * either fails here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROUTES = path.resolve(__dirname, "../../../app/routes");

/** The creating actions, by route module, with the purpose each claims its token for. */
const CREATING: [route: string, purposes: string[]][] = [
  ["rfqs.new/route.tsx", ["rfq.create"]],
  ["rfqs.$id._index/route.tsx", ["rfq.attach", "rfq.invite"]],
  ["rfqs.$id.quote.tsx", ["quote.submit", "quote.attach"]],
  ["rfqs.$id.questions.tsx", ["question.ask", "question.answer.${input.questionId}"]],
  ["rfqs.$id.compare.tsx", ["rfq.award"]],
  ["pos.new/route.tsx", ["po.create"]],
  ["pos.$id._index/route.tsx", ["po.${intent}"]],
  ["pos.$id.change/route.tsx", ["po.change"]],
  ["pos.$id.invoice.tsx", ["invoice.submit"]],
  ["agreements.new.tsx", ["agreement.create"]],
  ["agreements.$id.tsx", ["agreement.callOff"]],
  ["agreements.$id_.edit.tsx", ["agreement.edit"]],
  ["reorder._index.tsx", ["reorder.run"]],
  ["reorder.new.tsx", ["reorder.rule.create"]],
];

describe("creating actions", () => {
  for (const [route, purposes] of CREATING) {
    it(`${route} issues a token in its loader and claims it with the write`, () => {
      const source = readFileSync(path.join(ROUTES, route), "utf8");
      expect(source).toMatch(/formToken: issueFormToken\(\)/);
      expect(source).toMatch(/once\(\s*ctx,\s*\{ token: formTokenOf\(parsed\.submission\)/);
      for (const purpose of purposes)
        expect(source).toContain(`purpose: ${purpose.includes("$") ? "`" : '"'}${purpose}`);
    });
  }
});
