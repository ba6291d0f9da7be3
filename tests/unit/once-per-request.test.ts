/**
 * The signed-in user is looked up once per request although the root loader
 * and the page's loader both ask: `oncePerRequest` keeps one answer per key
 * for the request it runs in, and none outside a request.
 */
import { describe, expect, it } from "vitest";

import { oncePerRequest, requestScope } from "../../app/logging.server";

function counter() {
  let calls = 0;
  return {
    make: async () => ++calls,
    get calls() {
      return calls;
    },
  };
}

describe("oncePerRequest", () => {
  it("answers every caller in one request from one call", async () => {
    const c = counter();
    const answers = await requestScope.run({ requestId: "r1" }, () =>
      Promise.all([oncePerRequest("k", c.make), oncePerRequest("k", c.make)]),
    );
    expect(answers).toEqual([1, 1]);
    expect(c.calls).toBe(1);
  });

  it("keeps requests and keys apart", async () => {
    const c = counter();
    const first = await requestScope.run({ requestId: "r1" }, () => oncePerRequest("k", c.make));
    const second = await requestScope.run({ requestId: "r2" }, () => oncePerRequest("k", c.make));
    const other = await requestScope.run({ requestId: "r3" }, async () => {
      await oncePerRequest("a", c.make);
      return oncePerRequest("b", c.make);
    });
    expect([first, second, other]).toEqual([1, 2, 4]);
  });

  it("keeps nothing outside a request, and no failure within one", async () => {
    const c = counter();
    await oncePerRequest("k", c.make);
    await oncePerRequest("k", c.make);
    expect(c.calls).toBe(2);
    let tries = 0;
    const flaky = async () => {
      tries += 1;
      if (tries === 1) throw new Error("database down");
      return "ok";
    };
    const result = await requestScope.run({ requestId: "r4" }, async () => {
      await expect(oncePerRequest("f", flaky)).rejects.toThrow("database down");
      return oncePerRequest("f", flaky);
    });
    expect(result).toBe("ok");
  });
});
