import { describe, expect, it } from "vitest";
import { measureRequest, renderMetrics } from "./metrics";

describe("metrics", () => {
  it("counts requests with status and renders Prometheus text with a latency histogram", async () => {
    await measureRequest("route", "GET /x", async () => 1);
    await expect(measureRequest("route", "GET /x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const text = renderMetrics([{ name: "docket_jobs", help: "Jobs by state.", values: [{ labels: { state: "queued" }, value: 3 }] }]);
    expect(text).toContain('docket_requests_total{kind="route",name="GET /x",status="ok"} 1');
    expect(text).toContain('docket_requests_total{kind="route",name="GET /x",status="error"} 1');
    expect(text).toContain('docket_request_duration_seconds_count{kind="route",name="GET /x"} 2');
    expect(text).toMatch(/docket_request_duration_seconds_bucket\{kind="route",name="GET \/x",le="\+Inf"\} 2/);
    expect(text).toContain('docket_jobs{state="queued"} 3');
    expect(text).toContain("# TYPE docket_jobs gauge");
  });
});
