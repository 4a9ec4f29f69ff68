// Status fields are state machines written down once, here. Code that changes a status calls `assertTransition`;
// the UI shows the same labels. A failed item can always be retried; nothing is stuck without a way out.

export class TransitionError extends Error {
  override name = "TransitionError";
}

function machine<S extends string>(name: string, edges: Record<S, readonly S[]>, labels: Record<S, string>) {
  return {
    name,
    labels,
    can: (from: S, to: S) => edges[from]?.includes(to) ?? false,
    next: (from: S) => edges[from] ?? [],
    assert(from: S, to: S) {
      if (!(edges[from]?.includes(to) ?? false)) {
        throw new TransitionError(`A ${name} that is ${labels[from]} cannot become ${labels[to]}.`);
      }
    },
  };
}

export const documentMachine = machine(
  "document",
  {
    queued: ["processing", "failed"],
    processing: ["ready", "needs_review", "failed", "queued"],
    ready: ["processing"],
    needs_review: ["processing", "ready"],
    failed: ["queued", "processing"],
  },
  { queued: "queued", processing: "processing", ready: "ready", needs_review: "needs review", failed: "failed" },
);

export const invoiceMachine = machine(
  "invoice",
  {
    needs_review: ["ready", "approved", "rejected"],
    ready: ["needs_review", "approved", "rejected"],
    approved: ["needs_review"],
    rejected: ["needs_review"],
  },
  { needs_review: "needs review", ready: "ready", approved: "approved", rejected: "rejected" },
);

export const caseMachine = machine(
  "case",
  {
    received: ["matching", "needs_profile", "needs_catalog", "failed", "received"],
    needs_profile: ["received"],
    needs_catalog: ["received"],
    matching: ["review", "ready", "needs_profile", "needs_catalog", "failed", "received"],
    review: ["ready", "exported", "received"],
    ready: ["review", "exported", "received"],
    exported: ["review", "ready", "exported", "received"],
    failed: ["received"],
  },
  {
    received: "received",
    needs_profile: "waiting for a broker profile",
    needs_catalog: "waiting for a catalog",
    matching: "matching",
    review: "in review",
    ready: "ready to export",
    exported: "exported",
    failed: "failed",
  },
);
