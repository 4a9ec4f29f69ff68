import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { FlatCompat } from "@eslint/eslintrc";

const compat = new FlatCompat({ baseDirectory: dirname(fileURLToPath(import.meta.url)) });

// Imports run one way: app → services → db/queries + lib (docs/ARCHITECTURE.md). lib is pure logic and imports
// neither db, inngest, services nor app; db imports no function files and no app; components import no db.
// Everywhere: links go through components/ui/link.tsx (prefetch off: see there). ESLint keeps one set of options per
// rule and file, so each `forbid` repeats it.
const LINK = { name: "next/link", message: "use { Link } from @/components/ui/link: Next's prefetch of every link in view costs the server a request each." };
const forbid = (group, message) => ["error", { paths: [LINK], patterns: [{ group, message }] }];

// lib files that still do a service's job (they read the database or send events). They predate services/ and
// move there one by one; the list is closed — a new file in lib gets the rule.
const LIB_WAITING_TO_MOVE = [
  "lib/action.ts",
  "lib/actions/**",
  "lib/auth/index.ts",
  "lib/auth/session.ts",
  "lib/documents/upload.ts",
  "lib/exports/invoices-response.ts",
  "lib/invoice-checks.ts",
  "lib/invoice-filters.ts",
  "lib/ops.ts",
  "lib/server-start.ts",
];

const config = [
  { ignores: ["node_modules/**", ".next/**", ".next-dev/**", "data/**", "db/migrations/**", "next-env.d.ts", "test-results/**"] },
  ...compat.extends("next/core-web-vitals", "next/typescript"),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { paths: [LINK] }],
    },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: [...LIB_WAITING_TO_MOVE, "lib/**/*.test.ts", "lib/**/testing/**", "lib/**/testing.ts"],
    rules: {
      "no-restricted-imports": forbid(["@/db", "@/db/*", "@/inngest", "@/inngest/*", "@/services/*", "@/app/*"], "lib is pure logic: put code that reads the database or sends events in services/<domain>/."),
    },
  },
  {
    // The embedded runner keeps its state in the database (so it may use db), but executes only the functions its
    // caller hands it (lib/server-start.ts, scripts/runner.ts): it imports no function, service or page.
    files: ["lib/runner/**/*.ts"],
    ignores: ["lib/runner/**/*.test.ts", "lib/runner/testing/**"],
    rules: {
      "no-restricted-imports": forbid(["@/inngest", "@/inngest/*", "@/services/*", "@/app/*"], "the runner executes the functions it is handed (startRunner({ client, functions })): it imports none."),
    },
  },
  {
    files: ["db/**/*.ts"],
    ignores: ["db/**/*.test.ts", "db/testing/**"],
    rules: {
      "no-restricted-imports": forbid(["@/inngest/functions/*", "@/app/*", "@/services/*"], "db holds schema and queries: it calls no function, service or page."),
    },
  },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": forbid(["@/db", "@/db/*", "@/inngest", "@/inngest/*", "@/services/*"], "components render what pages give them: data comes from the page or an action."),
    },
  },
];

export default config;
