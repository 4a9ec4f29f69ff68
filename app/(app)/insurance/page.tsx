import { EmptyState, PageHeader } from "@/components/ui/card";

export const metadata = { title: "Insurance" };

export default function Page() {
  return (
    <>
      <PageHeader title="Insurance" description="Broker fleet spreadsheets turned into coded vehicles and a quote file." />
      <EmptyState title="Not available yet">Insurance intake is not built yet in this version.</EmptyState>
    </>
  );
}
