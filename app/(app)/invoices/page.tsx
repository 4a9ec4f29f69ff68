import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Invoices" };

export default function Page() {
  return (
    <>
      <PageHeader title="Invoices" description="The AP inbox: invoices read, checked, reviewed and exported." />
      <EmptyState title="Not available yet">Invoice extraction and review are not built yet in this version. Uploaded PDFs are stored on the Documents page.</EmptyState>
    </>
  );
}
