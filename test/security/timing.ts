// What the timing tests count as a difference an attacker could use, and how they time a request.
import { mannWhitneyU, median } from '../../lib/stats'

/**
 * A difference is usable when it is both real (p < 0.001: not the noise of a busy machine — the
 * other test files run beside this one) and big enough to matter (1 ms: far below what a network
 * adds, so anything smaller is of no use to an attacker over one).
 */
export const USABLE_MS = 1
export const SIGNIFICANT_P = 0.001

export interface Comparison {
  /** Median of A minus median of B. */
  difference: number
  p: number
  /** One printable line with every figure. */
  row: string
}

/** Samples of A against samples of B: the medians' difference and the Mann–Whitney U test (two-sided). */
export function compareSamples(label: string, a: { name: string; samples: number[] }, b: { name: string; samples: number[] }): Comparison {
  const test = mannWhitneyU(a.samples, b.samples)
  const difference = median(a.samples) - median(b.samples)
  const row =
    `${label.padEnd(24)} ${a.name} ${median(a.samples).toFixed(3)} ms vs ${b.name.padEnd(11)} ${median(b.samples).toFixed(3)} ms` +
    `  Δ ${difference.toFixed(3)} ms  U=${test.u.toFixed(0)} z=${test.z.toFixed(2)} p=${test.p.toFixed(4)}  (n=${a.samples.length}/${b.samples.length})`
  return { difference, p: test.p, row }
}

export function usable(c: Comparison): boolean {
  return Math.abs(c.difference) >= USABLE_MS && c.p < SIGNIFICANT_P
}

/** Runs a request and measures how long it took, in ms. */
export async function timed<T>(request: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const started = process.hrtime.bigint()
  const answer = await request()
  return { answer, ms: Number(process.hrtime.bigint() - started) / 1e6 }
}
