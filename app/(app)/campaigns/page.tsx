import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Campaigns" };

export default function Page() {
  return (
    <>
      <PageHeader title="Campaigns" description="Personal outreach from your own mailbox under strict pacing." />
      <EmptyState title="Not available yet">Campaigns are not built yet in this version.</EmptyState>
    </>
  );
}
