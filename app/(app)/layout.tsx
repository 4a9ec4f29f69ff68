import { SidebarNav } from "@/components/shell/sidebar";
import { ShownWorkspace } from "@/components/shell/shown-workspace";
import { WorkspaceCookieRepair } from "@/components/shell/workspace-cookie-repair";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";
import { WorkspaceTabGuard } from "@/components/shell/workspace-tab-guard";
import { cookies } from "next/headers";
import { signOut } from "@/lib/auth";
import { WORKSPACE_COOKIE } from "@/lib/auth/names";
import { requirePageContext } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePageContext();
  // Below md (a phone) the sidebar is a band across the top whose links wrap: a 240 px column left pages ~86 px at 390 px.
  return (
    <div className="flex min-h-full flex-col md:flex-row">
      <aside className="flex shrink-0 flex-col gap-3 border-b border-slate-200 bg-white px-3 py-3 md:sticky md:top-0 md:h-screen md:w-60 md:gap-6 md:border-b-0 md:border-r md:py-4">
        <div className="px-2 text-lg font-semibold tracking-tight">Docket</div>
        <div className="px-2">
          <WorkspaceSwitcher current={ctx.workspaceId} memberships={ctx.memberships} />
        </div>
        <SidebarNav alertCount={ctx.activeAlerts} />
        <div className="border-t border-slate-100 px-2 pt-3 text-sm md:mt-auto">
          <p className="truncate font-medium text-slate-800" title={ctx.email}>
            {ctx.name}
          </p>
          <p className="truncate text-xs text-slate-500">{ctx.email}</p>
          <form
            action={async () => {
              "use server";
              // the next person to sign in on this browser starts in their own first workspace, not this one
              (await cookies()).delete(WORKSPACE_COOKIE);
              await signOut({ redirectTo: "/sign-in" });
            }}
          >
            <button className="mt-2 text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">Sign out</button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-4 md:px-8 md:py-6">
        <WorkspaceCookieRepair lost={ctx.lostWorkspace} current={ctx.workspaceId} currentName={ctx.workspaceName} />
        <ShownWorkspace id={ctx.workspaceId} />
        <WorkspaceTabGuard current={ctx.workspaceId} names={Object.fromEntries(ctx.memberships.map((m) => [m.workspaceId, m.name]))} />
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
