"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";

export const NAV = [
  { href: "/", label: "Dashboard" },
  { href: "/inbox", label: "Inbox" },
  { href: "/invoices", label: "Invoices" },
  { href: "/insurance", label: "Insurance" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/documents", label: "Documents" },
  { href: "/alerts", label: "Alerts" },
  { href: "/activity", label: "Activity" },
  { href: "/settings", label: "Settings" },
] as const;

/** `alertCount`: open alerts of the current workspace, shown beside Alerts ("99+" past 99: the frame counts up to 100). */
export function SidebarNav({ alertCount = 0 }: { alertCount?: number }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-row flex-wrap gap-0.5 md:flex-col">
      {NAV.map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {item.label}
            {item.href === "/alerts" && alertCount > 0 && (
              <span
                className="ml-2 rounded-full bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-800"
                data-testid="alert-count"
                aria-label={alertCount > 99 ? "more than 99 open alerts" : `${alertCount} open alerts`}
              >
                {alertCount > 99 ? "99+" : alertCount}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
