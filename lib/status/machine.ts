// The one state-machine helper. Every status field is a machine made here from its table of allowed transitions
// (one table per entity: lib/status/machines.ts, campaigns and recipients in lib/campaigns/status.ts); every write
// of a status asks `assert` (or `can`) first — or, when it changes many rows at once, puts `from(to)` in its WHERE so
// the database refuses what the machine refuses — and the UI shows the same labels.

export class TransitionError extends Error {
  override name = "TransitionError";
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Machine<S extends string> {
  readonly name: string;
  /** Every status, in the table's order. */
  readonly statuses: readonly S[];
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  readonly labels: Readonly<Record<S, string>>;
  can(from: S, to: S): boolean;
  next(from: S): readonly S[];
  /**
   * The statuses that may become `to`: the guard of a set-based write (`… where status in from(to)`). With `among`,
   * only those of `among` (the rows the write means, e.g. bulk approval takes ready invoices only) that may.
   */
  from(to: S, among?: readonly S[]): S[];
  /** No way out: completed, cancelled, sent… */
  isFinal(status: S): boolean;
  /** Throws a TransitionError in words ("A campaign that is Completed cannot become Sending.") when not allowed. */
  assert(from: S, to: S): void;
}

export function defineMachine<S extends string>(
  name: string,
  transitions: Readonly<Record<S, readonly S[]>>,
  labels: Readonly<Record<S, string>>,
): Machine<S> {
  const statuses = Object.keys(transitions) as S[];
  for (const [from, tos] of Object.entries(transitions) as [S, readonly S[]][]) {
    for (const to of tos) if (!(to in transitions)) throw new Error(`${name} machine: ${from} → ${to}, but ${to} is not a status`);
  }
  const can = (from: S, to: S) => transitions[from]?.includes(to) ?? false;
  return {
    name,
    statuses,
    transitions,
    labels,
    can,
    next: (from) => transitions[from] ?? [],
    from: (to, among) => (among ?? statuses).filter((s) => can(s, to)),
    isFinal: (status) => (transitions[status]?.length ?? 0) === 0,
    assert(from, to) {
      if (!can(from, to)) {
        const article = /^[aeiou]/i.test(name) ? "An" : "A";
        throw new TransitionError(name, from, to, `${article} ${name} that is ${labels[from] ?? from} cannot become ${labels[to] ?? to}.`);
      }
    },
  };
}
