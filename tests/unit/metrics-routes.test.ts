/**
 * Requests are labelled by the Remix route that answers them, never by URL:
 * the matcher over the build's route table, ids made alike, data requests
 * under their page.
 */
import { describe, expect, it } from "vitest";

import { routeMatcher } from "../../app/metrics.server";

const routes = {
  root: { id: "root", path: "" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true },
  "routes/pos._index": { id: "routes/pos._index", parentId: "root", path: "pos", index: true },
  "routes/pos.new": { id: "routes/pos.new", parentId: "root", path: "pos/new" },
  "routes/pos.$id._index": { id: "routes/pos.$id._index", parentId: "root", path: "pos/:id", index: true },
  "routes/pos.$id.pdf": { id: "routes/pos.$id.pdf", parentId: "root", path: "pos/:id/pdf" },
  "routes/$": { id: "routes/$", parentId: "root", path: "*" },
};

describe("routeMatcher", () => {
  const routeOf = routeMatcher(routes);
  it("names the route, whatever the id in the path", () => {
    expect(routeOf("/")).toBe("routes/_index");
    expect(routeOf("/pos")).toBe("routes/pos._index");
    expect(routeOf("/pos/new")).toBe("routes/pos.new");
    expect(routeOf("/pos/4b0e3c52-1f7a-4f55-9a51-0c1f8c4f2a10")).toBe("routes/pos.$id._index");
    expect(routeOf("/pos/12345/pdf")).toBe("routes/pos.$id.pdf");
    expect(routeOf("/pos/not-an-id")).toBe("routes/pos.$id._index");
  });

  it("counts data requests under their page and unknown paths under the catch-all", () => {
    expect(routeOf("/pos/4b0e3c52-1f7a-4f55-9a51-0c1f8c4f2a10.data")).toBe("routes/pos.$id._index");
    expect(routeOf("/_root.data")).toBe("root");
    expect(routeOf("/__manifest")).toBe("__manifest");
    expect(routeOf("/no/such/page")).toBe("routes/$");
  });

  it("still answers rightly after more path shapes than it keeps", () => {
    for (let i = 0; i < 6_000; i++) expect(routeOf(`/pos/${i}/pdf/x${i}`)).toBe("routes/$");
    expect(routeOf("/pos/7")).toBe("routes/pos.$id._index");
  });
});
