// Process-local metrics in Prometheus text format. One registry per process (kept on globalThis for dev reloads).

type Labels = Record<string, string>;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Registry {
  counters: Map<string, Map<string, number>>;
  histograms: Map<string, Map<string, { buckets: number[]; sum: number; count: number }>>;
  help: Map<string, string>;
}

const g = globalThis as unknown as { __docketMetrics?: Registry };
const registry = (g.__docketMetrics ??= { counters: new Map(), histograms: new Map(), help: new Map() });

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

export function incCounter(name: string, help: string, labels: Labels = {}, by = 1) {
  registry.help.set(name, help);
  const series = registry.counters.get(name) ?? new Map<string, number>();
  registry.counters.set(name, series);
  const k = key(labels);
  series.set(k, (series.get(k) ?? 0) + by);
}

export function observe(name: string, help: string, labels: Labels, seconds: number) {
  registry.help.set(name, help);
  const series = registry.histograms.get(name) ?? new Map();
  registry.histograms.set(name, series);
  const k = key(labels);
  const h = series.get(k) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
  BUCKETS.forEach((b, i) => {
    if (seconds <= b) h.buckets[i]++;
  });
  h.sum += seconds;
  h.count++;
  series.set(k, h);
}

/** Count and time one request (route handler or server action). */
export async function measureRequest<T>(kind: "route" | "action", name: string, fn: () => Promise<T>, statusOf?: (r: T) => string): Promise<T> {
  const start = performance.now();
  let status = "error";
  try {
    const r = await fn();
    status = statusOf ? statusOf(r) : "ok";
    return r;
  } finally {
    const labels = { kind, name, status };
    incCounter("docket_requests_total", "Requests handled, by kind (route/action), name and status.", labels);
    observe("docket_request_duration_seconds", "Request latency in seconds.", { kind, name }, (performance.now() - start) / 1000);
  }
}

export interface Gauge {
  name: string;
  help: string;
  values: { labels?: Labels; value: number }[];
}

export function renderMetrics(gauges: Gauge[] = []): string {
  const out: string[] = [];
  for (const [name, series] of registry.counters) {
    out.push(`# HELP ${name} ${registry.help.get(name)}`, `# TYPE ${name} counter`);
    for (const [k, v] of series) out.push(`${name}${k ? `{${k}}` : ""} ${v}`);
  }
  for (const [name, series] of registry.histograms) {
    out.push(`# HELP ${name} ${registry.help.get(name)}`, `# TYPE ${name} histogram`);
    for (const [k, h] of series) {
      const sep = k ? `${k},` : "";
      BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${sep}le="${b}"} ${h.buckets[i]}`));
      out.push(`${name}_bucket{${sep}le="+Inf"} ${h.count}`);
      out.push(`${name}_sum${k ? `{${k}}` : ""} ${h.sum}`, `${name}_count${k ? `{${k}}` : ""} ${h.count}`);
    }
  }
  for (const gauge of gauges) {
    out.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
    for (const v of gauge.values) {
      const k = v.labels ? key(v.labels) : "";
      out.push(`${gauge.name}${k ? `{${k}}` : ""} ${v.value}`);
    }
  }
  return `${out.join("\n")}\n`;
}
