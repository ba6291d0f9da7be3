/** What the shared error boundary says for each kind of refusal or failure. */
import { describe, expect, it } from "vitest";

import { describeRouteError } from "../../app/components/route-error-boundary";

/** The shape Remix gives a thrown Response (an ErrorResponse). */
const response = (status: number, data: unknown, statusText = "") => ({ status, statusText, internal: false, data });

describe("describeRouteError", () => {
  it("keeps a refusal's own sentence under a clear title", () => {
    expect(describeRouteError(response(404, "No such RFQ."))).toEqual({
      status: 404,
      title: "Not found",
      message: "No such RFQ.",
    });
    expect(describeRouteError(response(403, "Only buyers create RFQs."))).toMatchObject({
      title: "Not allowed",
      message: "Only buyers create RFQs.",
    });
    expect(describeRouteError(response(409, "Someone else approved it first."))).toMatchObject({
      title: "Changed in the meantime",
    });
    expect(describeRouteError(response(400, "Bad form."))).toMatchObject({
      title: "That request could not be understood",
    });
  });

  it("never shows the router's text, a stack or an internal error", () => {
    const noRoute = describeRouteError({
      ...response(404, 'Error: No route matches URL "/nope"', "Not Found"),
      internal: true,
    });
    expect(noRoute.title).toBe("Not found");
    expect(noRoute.message).not.toMatch(/No route matches|Error:/);
    const stack = describeRouteError(response(500, "TypeError: x is undefined\n    at loader (route.tsx:3:9)"));
    expect(stack).toMatchObject({ title: "Something went wrong" });
    expect(stack.message).not.toMatch(/TypeError|at loader/);
    const thrown = describeRouteError(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    expect(thrown).toEqual({
      status: 500,
      title: "Something went wrong",
      message: "Something went wrong on our side. Please try again.",
    });
    expect(describeRouteError(response(404, { secret: "row" })).message).not.toContain("secret");
  });
});
