// The GraphQL-over-HTTP server audit of graphql-http (the spec's reference
// implementation) against a running Rathaus: `node scripts/graphql-http-audit.mjs
// http://localhost:8000/graphql/`. Prints one JSON array of the results
// ({id, name, status: "ok" | "warn" | "error", reason}) and exits 1 when any
// audit fails (a MUST of the specification); warnings (SHOULDs) do not fail.
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node scripts/graphql-http-audit.mjs <graphql endpoint url>");
  process.exit(2);
}

const results = await auditServer({ url });
const report = results.map(({ id, name, status, reason }) => ({
  id,
  name,
  status,
  ...(reason ? { reason } : {}),
}));
console.log(JSON.stringify(report, null, 2));
process.exit(results.some((result) => result.status === "error") ? 1 : 0);
