import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Inbox" };

export default function Page() {
  return (
    <>
      <PageHeader title="Inbox" description="Emails and uploads arriving into this workspace." />
      <EmptyState title="Not available yet">The inbox is not built yet. It will list incoming emails (uploads, .eml, IMAP and Outlook mailboxes) with their attachments. For now, add files on the Documents page.</EmptyState>
    </>
  );
}
