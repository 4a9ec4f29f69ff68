import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("env", () => {
  it("offers the local sign-in only in development, and refuses production without Google", () => {
    expect(parseEnv({ NODE_ENV: "development" }).localSignIn).toBe(true);
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x" })).toThrow(/Refusing to start in production without Google sign-in/);
    const prod = parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x", AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "s" });
    expect(prod.localSignIn).toBe(false);
    expect(prod.googleSignIn).toBe(true);
  });

  it("lets `next build` load server modules without production secrets", () => {
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).localSignIn).toBe(false);
  });

  it("names the mis-set variables", () => {
    expect(() => parseEnv({ AUTH_GOOGLE_ID: "id" })).toThrow(/both AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET/);
    expect(() => parseEnv({ INNGEST_EVENT_KEY: "k" })).toThrow(/INNGEST_SIGNING_KEY/);
    expect(() => parseEnv({ DOCKET_MAX_UPLOAD_MB: "lots" })).toThrow(/DOCKET_MAX_UPLOAD_MB/);
    expect(parseEnv({ INNGEST_DEV: "1" }).inngestMode).toBe("dev");
    expect(parseEnv({}).inngestMode).toBe("embedded");
  });
});
