// The source paths a quote template may name, and how a stored template is read for the quote file. Nothing of
// the Excel writer here: the template editor (a client component) imports it.
import { FLEET_FIELDS } from "./fields";
import type { QuoteTemplate } from "./export";

/** The broker's fields that the coded vehicle answers for in the quote file (`canonical.<field>` → `vehicle.<field>`). */
const VEHICLE_FIELDS = ["brand", "model", "year", "version", "body", "use", "vin"] as const;

/**
 * Source paths a template may name: the row's code and description, the coded vehicle (`vehicle.*`: the catalog's
 * values once matched), the broker's row as read (`canonical.*`, or `broker.*` to keep the broker's writing even for
 * the vehicle fields in a quote file), and the quote's own values.
 */
export const QUOTE_SOURCES: readonly string[] = [
  "sourceId", "rowNumber", "code", "catalogDescription", "confidence", "decision", "quote.startDate",
  ...VEHICLE_FIELDS.map((f) => `vehicle.${f}`),
  ...FLEET_FIELDS.filter((f) => !(VEHICLE_FIELDS as readonly string[]).includes(f)).map((f) => `canonical.${f}`),
  ...VEHICLE_FIELDS.map((f) => `broker.${f}`),
];

/**
 * A stored quote template as the quote file reads it. Templates saved before `vehicle.*` existed (every insurer's
 * copy of the Gcotiza layout) name the broker's fields for the vehicle columns; the insurer's system expects its own
 * catalog's spelling there, so those columns read the coded vehicle. A template that really wants the broker's
 * writing names `broker.<field>`.
 */
export function quoteFileTemplate(template: QuoteTemplate): QuoteTemplate {
  return template.map((col) => {
    const m = /^canonical\.(\w+)$/.exec(col.source);
    return m && (VEHICLE_FIELDS as readonly string[]).includes(m[1]) ? { ...col, source: `vehicle.${m[1]}` } : col;
  });
}
