/**
 * A titled panel. `min-w-0`: in a grid or flex column a card may be narrower than its widest content (a table then
 * scrolls inside its own frame) — without it a members or send-log table widened the card, and the page scrolled
 * sideways at phone width. The header wraps its action under the title when both do not fit.
 */
export function Card({ title, action, children, className = "" }: { title?: React.ReactNode; action?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <section className={`min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm ${className}`}>
      {(title || action) && (
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          {action}
        </header>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
      {/* min-w-0 and anywhere-wrapping: a title that is a long file name (no spaces) wraps instead of widening the page */}
      <div className="min-w-0 max-w-full">
        <h1 className="text-xl font-semibold text-slate-900 [overflow-wrap:anywhere]">{title}</h1>
        {description && <p className="mt-1 max-w-2xl text-sm text-slate-600 [overflow-wrap:anywhere]">{description}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-600">{children}</div>}
    </div>
  );
}
