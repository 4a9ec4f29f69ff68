// The source paths a quote template may name, and how a stored template is read for the quote file. Nothing of
// the Excel writer here: the template editor (a client component) imports it.
import { FLEET_FIELDS } from "./fields";
import type { QuoteTemplate } from "./export";

/** The broker's fields that the coded vehicle answers for in the quote file (`canonical.<field>` → `vehicle.<field>`). */
const VEHICLE_FIELDS = ["brand", "model", "year", "version", "body", "use", "vin", "plate"] as const;

/**
 * The broker's policy terms the quote file states normalised (policy-terms.ts): `canonical.<field>` → `policy.<term>`.
 * `policy.theftDeductible` (RT) has no broker field of its own: brokers write it in the deductible ("DM 5% RT 10%").
 */
const POLICY_FIELDS: Record<string, string> = { coverage: "coverage", deductible: "deductible" };
const POLICY_SOURCES = ["policy.coverage", "policy.deductible", "policy.theftDeductible", "policy.deductibles"];

/**
 * Source paths a template may name: the row's code and description, the coded vehicle (`vehicle.*`: the catalog's
 * values once matched), the broker's row as read (`canonical.*`, or `broker.*` to keep the broker's writing even for
 * the vehicle fields in a quote file), and the quote's own values.
 */
export const QUOTE_SOURCES: readonly string[] = [
  "sourceId", "rowNumber", "code", "catalogDescription", "confidence", "decision", "quote.startDate",
  ...VEHICLE_FIELDS.map((f) => `vehicle.${f}`),
  ...POLICY_SOURCES,
  ...FLEET_FIELDS.filter((f) => !(VEHICLE_FIELDS as readonly string[]).includes(f) && !(f in POLICY_FIELDS)).map((f) => `canonical.${f}`),
  ...VEHICLE_FIELDS.map((f) => `broker.${f}`),
  ...Object.keys(POLICY_FIELDS).map((f) => `broker.${f}`),
];

/**
 * A stored quote template as the quote file reads it. Templates saved before `vehicle.*` existed (every insurer's
 * copy of the Gcotiza layout) name the broker's fields for the vehicle columns; the insurer's system expects its own
 * catalog's spelling there, so those columns read the coded vehicle; likewise coverage and deductible read the
 * normalised policy terms (`policy.*`). A template that really wants the broker's writing names `broker.<field>`.
 */
export function quoteFileTemplate(template: QuoteTemplate): QuoteTemplate {
  return template.map((col) => {
    const m = /^canonical\.(\w+)$/.exec(col.source);
    if (m && (VEHICLE_FIELDS as readonly string[]).includes(m[1])) return { ...col, source: `vehicle.${m[1]}` };
    if (m && POLICY_FIELDS[m[1]]) return { ...col, source: `policy.${POLICY_FIELDS[m[1]]}` };
    return col;
  });
}
