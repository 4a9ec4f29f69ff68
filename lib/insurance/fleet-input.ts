// A canonical spreadsheet row (any broker profile) as the matcher reads it.

import type { FleetRowInput } from "@/lib/insurance/matcher";
import type { CanonicalRow } from "@/lib/insurance/profile";

export function fleetInput(canonical: CanonicalRow): FleetRowInput {
  const s = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  return {
    brand: s(canonical.brand),
    model: s(canonical.model),
    year: canonical.year ?? "",
    version: s(canonical.version),
    description: s(canonical.description),
    vin: s(canonical.vin),
  };
}
