// Statistics for latency samples, shared by the benchmark (bench/) and the timing tests (test/):
// summaries and percentiles, the Mann–Whitney U test and a bootstrap interval that decide whether two
// sets of samples (answers after existing and after unknown usernames) differ measurably, and a
// seeded generator so that a run's order and resampling can be repeated.

export interface Summary {
  n: number
  min: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** Percentile by linear interpolation between closest ranks (R's type 7); `sorted` ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = (p / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  const a = sorted[low] ?? Number.NaN
  const b = sorted[high] ?? Number.NaN
  return a + (b - a) * (rank - low)
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const sum = sorted.reduce((total, x) => total + x, 0)
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  }
}

export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  )
}

/** Standard normal upper tail, P(Z > z), via the complementary error function. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2)
}

/** erfc with relative error below 1.2e-7 everywhere (Numerical Recipes, erfcc). */
function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? r : 2 - r
}

export interface MannWhitneyResult {
  u: number
  /** Two-sided p-value (normal approximation with tie and continuity corrections). */
  p: number
  /** Standardised U, continuity-corrected towards 0: positive when A tends to be larger. */
  z: number
  /** P(a sample of A > a sample of B) + ½ P(equal): 0.5 means neither tends to be larger. */
  probabilityAGreater: number
}

/** Mann–Whitney U test of A against B. */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length
  const n2 = b.length
  const all = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))].sort(
    (x, y) => x.value - y.value,
  )
  let rankSumA = 0
  let tieTerm = 0
  for (let i = 0; i < all.length;) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++
    const averageRank = (i + j + 2) / 2
    const tied = j - i + 1
    if (tied > 1) tieTerm += tied ** 3 - tied
    for (let k = i; k <= j; k++) if (all[k]!.fromA) rankSumA += averageRank
    i = j + 1
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2
  const mean = (n1 * n2) / 2
  const n = n1 + n2
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  const distance = Math.max(0, Math.abs(u - mean) - 0.5)
  const z = variance > 0 ? (Math.sign(u - mean) * distance) / Math.sqrt(variance) : 0
  return { u, z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))), probabilityAGreater: u / (n1 * n2) }
}

/** A small seedable generator (mulberry32), so a run's resampling can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A shuffled copy (Fisher–Yates), in an order the seeded generator repeats. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

export interface BootstrapInterval {
  estimate: number
  low: number
  high: number
  level: number
  resamples: number
}

/** Percentile bootstrap confidence interval of median(A) − median(B). */
export function bootstrapMedianDifference(
  a: readonly number[],
  b: readonly number[],
  random: () => number,
  resamples = 2000,
  level = 0.95,
): BootstrapInterval {
  const resampleMedian = (xs: readonly number[]) => {
    const draw = new Float64Array(xs.length)
    for (let i = 0; i < xs.length; i++) draw[i] = xs[Math.floor(random() * xs.length)]!
    draw.sort()
    return percentile(Array.from(draw), 50)
  }
  const differences: number[] = []
  for (let r = 0; r < resamples; r++) differences.push(resampleMedian(a) - resampleMedian(b))
  differences.sort((x, y) => x - y)
  const tail = ((1 - level) / 2) * 100
  return {
    estimate: median(a) - median(b),
    low: percentile(differences, tail),
    high: percentile(differences, 100 - tail),
    level,
    resamples,
  }
}
