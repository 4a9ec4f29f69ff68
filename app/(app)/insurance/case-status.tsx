import { Badge } from "@/components/ui/badge";
import type { CaseStatus } from "@/db/schema";
import { caseMachine } from "@/lib/status/machines";

const tone: Record<CaseStatus, "gray" | "blue" | "green" | "amber" | "red"> = {
  received: "gray",
  matching: "blue",
  needs_profile: "amber",
  needs_catalog: "amber",
  review: "amber",
  ready: "green",
  exported: "green",
  failed: "red",
};

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <Badge tone={tone[status]}>{caseMachine.labels[status]}</Badge>;
}
