import { type AccountKind, type PacingLimits, validatePacingLimits } from "@/lib/campaigns/pacing";
import { UserError } from "@/lib/errors";

// A sending account's pacing limits, as stored and as checked when a user sets them.

export function limitsOf(a: PacingLimits): PacingLimits {
  return { perHour: a.perHour, perDay: a.perDay, minGapSec: a.minGapSec, maxGapSec: a.maxGapSec };
}

/** Pacing limits checked against the account kind's bounds; a bad value is a UserError naming the field. */
export function checkedLimits(input: Partial<PacingLimits>, kind: AccountKind): PacingLimits {
  try {
    return validatePacingLimits(input, kind);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}
