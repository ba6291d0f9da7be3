/**
 * The minimal Remix v2 baseline of the page benchmark: one route that runs
 * the SQL a Quotient page runs and renders its rows, built apart from the
 * product (`npx remix build` in this folder), with the product's future flags.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  serverModuleFormat: "esm",
  assetsBuildDirectory: "build/public",
  publicPath: "/build/",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
