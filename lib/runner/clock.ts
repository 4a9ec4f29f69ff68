/** The runner's notion of time. Tests pass a `ManualClock` and advance it instead of waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class ManualClock implements Clock {
  constructor(private ms: number = Date.parse("2026-11-21T09:00:00Z")) {}
  now() {
    return this.ms;
  }
  advance(ms: number) {
    this.ms += ms;
    return this.ms;
  }
  set(at: Date | number) {
    this.ms = typeof at === "number" ? at : at.getTime();
  }
}
