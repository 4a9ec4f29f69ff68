import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { functions } from "./index";

// Function files hold functions only: each exports its Inngest function(s), registered in index.ts, and the
// create…Function(s)(deps) factory that makes them from a dependency getter — the one way a function gets its
// database, blobs, clock and outside services (production getters in services/, tests pass their own).

const dir = path.join(process.cwd(), "inngest", "functions");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts");

describe("inngest/functions", () => {
  it("export only registered functions and their factories", async () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
    const registered = new Set(functions);
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
      const exports = Object.entries(mod);
      expect(exports.length, f).toBeGreaterThan(0);
      for (const [name, value] of exports) {
        const isFactory = typeof value === "function" && /^create[A-Z]\w*Functions?$/.test(name);
        const isRegistered = registered.has(value as (typeof functions)[number]);
        expect(isFactory || isRegistered, `${f} exports ${name}: move helpers to services/, constants to lib/`).toBe(true);
      }
    }
  });
});
