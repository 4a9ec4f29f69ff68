export const ROLES = ["viewer", "member", "admin", "owner"] as const;

/** A workspace member as the settings page lists them (`since`: ISO date-time). */
export interface MemberRow {
  userId: string;
  email: string | null;
  name: string | null;
  role: string;
  since: string;
}
