// The machine may be shared with other work (other people's test runs). Before a measurement the
// benchmark waits, within a budget, for the CPUs to be nearly idle, and records how busy they were.
import { setTimeout as sleep } from 'node:timers/promises'
import { systemCpu } from './machine'

export interface QuietGate {
  waitedMs: number
  /** Share of all CPUs busy over the last sample before the measurement (0–1). */
  busy: number
  quiet: boolean
}

export class QuietWaiter {
  private spentMs = 0
  readonly gates: Array<QuietGate & { before: string }> = []

  constructor(
    /** Total waiting allowed over the whole run, so the benchmark ends in bounded time. */
    private readonly budgetMs: number,
    private readonly threshold = 0.15,
    private readonly sampleMs = 500,
  ) {}

  async wait(before: string, maxMs = 15_000): Promise<QuietGate> {
    const started = performance.now()
    let busy = 1
    for (;;) {
      const a = systemCpu()
      await sleep(this.sampleMs)
      const b = systemCpu()
      busy = (b.busy - a.busy) / Math.max(1e-9, b.total - a.total)
      const waited = performance.now() - started
      if (busy < this.threshold || waited >= maxMs || this.spentMs + waited >= this.budgetMs) {
        this.spentMs += waited
        const gate = { waitedMs: waited, busy, quiet: busy < this.threshold }
        this.gates.push({ before, ...gate })
        return gate
      }
    }
  }
}
