// Small statistics for timing tests: medians and the Mann–Whitney U test (two-sided, normal
// approximation with tie correction), which needs no assumption about how latencies are spread.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export interface MannWhitney {
  u: number
  z: number
  /** Two-sided p-value: how likely a difference this large is if both samples come from one distribution. */
  p: number
}

export function mannWhitney(a: number[], b: number[]): MannWhitney {
  const all = [...a.map((value) => ({ value, group: 0 })), ...b.map((value) => ({ value, group: 1 }))].sort((x, y) => x.value - y.value)
  const ranks = new Array<number>(all.length)
  let tieTerm = 0
  for (let i = 0; i < all.length; ) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++
    const rank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) ranks[k] = rank
    const ties = j - i + 1
    tieTerm += ties ** 3 - ties
    i = j + 1
  }
  const rankSumA = all.reduce((sum, item, index) => (item.group === 0 ? sum + ranks[index]! : sum), 0)
  const n1 = a.length
  const n2 = b.length
  const u = rankSumA - (n1 * (n1 + 1)) / 2
  const mean = (n1 * n2) / 2
  const n = n1 + n2
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  const z = variance > 0 ? (u - mean) / Math.sqrt(variance) : 0
  return { u, z, p: 2 * (1 - normalCdf(Math.abs(z))) }
}

/** The standard normal distribution function (Abramowitz–Stegun 26.2.17, error below 1e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x))
  const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
  return x >= 0 ? 1 - tail : tail
}
