import { Badge } from "@/components/ui/badge";
import { CAMPAIGN_STATUS_LABELS, RECIPIENT_STATUS_LABELS, type CampaignStatus, type RecipientStatus } from "@/lib/campaigns/status";

const campaignTone = { draft: "gray", scheduled: "blue", sending: "green", paused: "amber", completed: "gray", cancelled: "red" } as const;
const recipientTone = { pending: "gray", sending: "blue", sent: "green", failed: "red", skipped: "amber" } as const;

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return <Badge tone={campaignTone[status]}>{CAMPAIGN_STATUS_LABELS[status]}</Badge>;
}

export function RecipientStatusBadge({ status, held }: { status: RecipientStatus; held?: boolean }) {
  return <Badge tone={held ? "amber" : recipientTone[status]}>{held ? "Check needed" : RECIPIENT_STATUS_LABELS[status]}</Badge>;
}
