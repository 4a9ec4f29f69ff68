import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";

const styles = {
  primary: "rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700",
  secondary: "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50",
};

/**
 * A link drawn as a button (page header actions). `file` makes it a plain `<a>`: a download from a route handler
 * must be a full request, not a client-side navigation.
 */
export function LinkButton({ href, variant = "secondary", file = false, children }: { href: string; variant?: keyof typeof styles; file?: boolean; children: ReactNode }) {
  return file ? (
    <a href={href} className={styles[variant]}>
      {children}
    </a>
  ) : (
    <Link href={href} className={styles[variant]}>
      {children}
    </Link>
  );
}
