// GraphQL Code Generator: typed documents for every contract operation and
// the persisted-documents manifest (ids "sha256:<hex>"), from the committed
// schema. Run from this folder: npm ci && npm run codegen
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["operations/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "generated/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: {
        enumsAsTypes: true,
        strictScalars: true,
        useTypeImports: true,
        scalars: {
          ID: { input: "string", output: "string" },
          // ISO 8601 with the UTC offset, e.g. "2027-03-30T16:00:00+02:00"
          DateTime: { input: "string", output: "string" },
          // ISO 8601 calendar date, e.g. "2027-03-30"
          Date: { input: "string", output: "string" },
          // ISO 8601 local time of day, e.g. "16:00:00"
          Time: { input: "string", output: "string" },
          // A JSON value in the response; the jsonLd fields are objects
          JSON: {
            input: "{ [key: string]: unknown }",
            output: "{ [key: string]: unknown }",
          },
        },
      },
    },
  },
};

export default config;
