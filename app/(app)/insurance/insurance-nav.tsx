"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/insurance", label: "Cases" },
  { href: "/insurance/brokers", label: "Brokers & profiles" },
  { href: "/insurance/catalogs", label: "Insurers & catalogs" },
  { href: "/insurance/settings", label: "Settings" },
];

/** The Insurance section's tabs. */
export function InsuranceNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Insurance" className="mb-5 flex gap-1 border-b border-slate-200">
      {TABS.map((t) => {
        const active = t.href === "/insurance" ? pathname === "/insurance" || pathname.startsWith("/insurance/cases") : pathname.startsWith(t.href);
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
