import { SidebarNav } from "@/components/shell/sidebar";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { signOut } from "@/lib/auth";
import { requirePageContext } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePageContext();
  return (
    <div className="flex min-h-full">
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col gap-6 border-r border-slate-200 bg-white px-3 py-4">
        <div className="px-2 text-lg font-semibold tracking-tight">Docket</div>
        <div className="px-2">
          <WorkspaceSwitcher current={ctx.workspaceId} memberships={ctx.memberships} />
        </div>
        <SidebarNav alertCount={ctx.activeAlerts} />
        <div className="mt-auto border-t border-slate-100 px-2 pt-3 text-sm">
          <p className="truncate font-medium text-slate-800" title={ctx.email}>
            {ctx.name}
          </p>
          <p className="truncate text-xs text-slate-500">{ctx.email}</p>
          <form
            action={async () => {
              "use server";
              await signOut({ redirectTo: "/sign-in" });
            }}
          >
            <button className="mt-2 text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">Sign out</button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">
        {ctx.isDemo && (
          <p className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-xs text-brand-700">
            Demo workspace — sample data made by Docket&apos;s own seed script. Create your own workspace from the switcher.
          </p>
        )}
        {children}
      </main>
    </div>
  );
}
