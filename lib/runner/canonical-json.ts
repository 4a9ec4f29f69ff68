import crypto from "node:crypto";

/**
 * RFC 8785-style canonical JSON (sorted keys, no whitespace), which is what the SDK signs and verifies
 * (`canonicalize` in inngest/helpers/net). Input must be plain JSON (run it through JSON.parse first).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** `x-inngest-signature` for a request body, as Inngest signs requests to an app in cloud mode. */
export function signRequestBody(canonicalBody: string, signingKey: string, nowMs: number = Date.now()): string {
  const ts = Math.floor(nowMs / 1000).toString();
  const key = signingKey.replace(/^signkey-[\w]+-/, "");
  const mac = crypto.createHmac("sha256", key).update(canonicalBody + ts).digest("hex");
  return `t=${ts}&s=${mac}`;
}
