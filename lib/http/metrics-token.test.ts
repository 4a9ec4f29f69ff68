import { describe, expect, it } from "vitest";
import { checkMetricsToken } from "./metrics-token";

describe("metrics token", () => {
  it("is off (404) when no token is configured, whatever the request sends", async () => {
    const r = checkMetricsToken("Bearer anything", undefined);
    expect(r?.status).toBe(404);
    expect(await r?.text()).toMatch(/DOCKET_METRICS_TOKEN/);
  });

  it("answers 401 without the right bearer token and lets the right one through", () => {
    const token = "s3cret-token-for-scraper";
    expect(checkMetricsToken(null, token)?.status).toBe(401);
    expect(checkMetricsToken("Bearer wrong", token)?.status).toBe(401);
    expect(checkMetricsToken(`Basic ${token}`, token)?.status).toBe(401);
    expect(checkMetricsToken(`Bearer ${token}x`, token)?.status).toBe(401);
    expect(checkMetricsToken(`Bearer ${token}`, token)).toBeNull();
    expect(checkMetricsToken(`bearer  ${token} `, token)).toBeNull();
  });
});
