import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { actionFiles } from "./testing/discover";

// Next compiles "use server" files with a rule that typecheck, lint and the other tests do not see: every function
// written inside an exported declaration must be async (a sync `.refine((v) => …)` inline in an action's schema fails
// `next build` with "Server Actions must be async functions"). This runs Next's own compiler on each action file,
// as the server build does, so the mistake fails here first.

const require = createRequire(import.meta.url);
const { transform } = require("next/dist/build/swc") as { transform: (code: string, opts: object) => Promise<{ code: string }> };
const { getLoaderSWCOptions } = require("next/dist/build/swc/options") as { getLoaderSWCOptions: (o: object) => object };

function compile(file: string, code: string) {
  const filename = path.join(process.cwd(), file);
  const options = getLoaderSWCOptions({
    filename, development: false, isServer: true, pagesDir: undefined, appDir: path.join(process.cwd(), "app"), isPageFile: false,
    hasReactRefresh: false, modularizeImports: undefined, optimizeServerReact: false, optimizePackageImports: [], swcPlugins: [], compilerOptions: {},
    jsConfig: {}, supportedBrowsers: [], swcCacheDir: undefined, relativeFilePathFromRoot: file, serverComponents: true, serverReferenceHashSalt: "",
    bundleLayer: "rsc", esm: true, cacheHandlers: {}, isCacheComponents: false, useCacheEnabled: false, trackDynamicImports: false,
  });
  return transform(code, { ...options, filename });
}

describe("action files compile as Next compiles them", () => {
  it.each(actionFiles())("%s", async (file) => {
    const out = await compile(file, fs.readFileSync(path.join(process.cwd(), file), "utf8"));
    expect(out.code).toContain("registerServerReference");
  });

  it("refuses a sync function inside an exported declaration (what this test is for)", async () => {
    const bad = '"use server";\nimport { z } from "zod";\nimport { workspaceAction } from "@/lib/action";\nexport const xAction = workspaceAction({ name: "x", role: "member", schema: z.string().refine((v) => v.length > 1) }, async () => null);\n';
    await expect(compile("lib/actions/x.ts", bad)).rejects.toThrow(/Server Actions must be async functions/);
  });
});
