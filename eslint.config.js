import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The layer rule of app/models (docs/decisions/012-import-rule.md): a stage
 * imports only the stages below it, and nothing under app/ imports a route.
 * Matched on the import as written, relative or through "~/".
 */
const noRoutes = {
  regex: "(^|/)routes/",
  message: "Nothing imports a route: move what both need into a model or component.",
};
const stage = (name, below) => ({
  regex: `(^|/)models/${name}/|^\\.\\./${name}/`,
  message: `This stage may import only ${below}.`,
});
const layers = (forbidden, below) => ({
  "no-restricted-imports": ["error", { patterns: [noRoutes, ...forbidden.map((name) => stage(name, below))] }],
});

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      "bench/remix-baseline/build/",
      "node_modules/",
      ".cache/",
      ".data/",
      "test-results/",
      "playwright-report/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  { files: ["app/**/*.{ts,tsx}"], ignores: ["app/routes/**"], rules: layers([], "") },
  {
    files: ["app/models/shared/**/*.ts"],
    rules: layers(
      ["ordering", "agreements", "requisitions", "sourcing", "fulfilment", "people"],
      "what is outside app/models (shared is the bottom stage)",
    ),
  },
  // Who works here: sign-up, people, passwords. Beside the business stages, on shared only, and none of them imports it.
  {
    files: ["app/models/people/**/*.ts"],
    rules: layers(["ordering", "agreements", "requisitions", "sourcing", "fulfilment"], "shared"),
  },
  {
    files: ["app/models/ordering/**/*.ts"],
    rules: layers(["agreements", "requisitions", "sourcing", "fulfilment", "people"], "shared"),
  },
  {
    files: ["app/models/agreements/**/*.ts"],
    rules: layers(["requisitions", "sourcing", "fulfilment", "people"], "ordering and shared"),
  },
  // What people ask for and what reorder rules raise: ordered from agreements, or handed to sourcing.
  {
    files: ["app/models/requisitions/**/*.ts"],
    rules: layers(["sourcing", "fulfilment", "people"], "agreements, ordering and shared"),
  },
  {
    files: ["app/models/sourcing/**/*.ts"],
    rules: layers(["fulfilment", "people"], "requisitions, agreements, ordering and shared"),
  },
  {
    files: ["app/models/fulfilment/**/*.ts"],
    rules: layers(["sourcing", "requisitions", "agreements", "people"], "ordering and shared"),
  },
  {
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: globals.node },
  },
);
