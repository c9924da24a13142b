// Phase: user search at 100,000 accounts, one request at a time, by kind of query (drawn from the
// seeded people), and GET /api/session (the same token check and JSON, no search) for comparison.
import { summarize } from '../../lib/stats'
import { inTurn, log, measured, prepareLoad, type Bench, type Target } from '../lib/bench'
import { HttpClient } from '../lib/http'
import type { LoadRun } from '../lib/load-process'
import type { BenchResults } from '../lib/results'
import type { SeededUser } from '../lib/seed'
import type { SearchResult, SearchSample } from '../load/tasks'

type Queries = ReturnType<typeof searchQueries>

/** Builds the search queries from the seeded people, classed by how many accounts each matches. */
export function searchQueries(people: SeededUser[], random: () => number, wanted: number) {
  const haystacks = people.map((p) => `${p.username}\n${p.displayName}\n${p.email}`.toLowerCase())
  const matches = (q: string) => {
    const needle = q.toLowerCase()
    let n = 0
    for (const h of haystacks) if (h.includes(needle)) n++
    return n
  }
  const pickPerson = () => people[Math.floor(random() * people.length)]!
  const substring = (text: string, min: number, max: number) => {
    const length = min + Math.floor(random() * (max - min + 1))
    const start = Math.floor(random() * Math.max(1, text.length - length + 1))
    return text.slice(start, start + length)
  }
  const prefix = new Set<string>()
  while (prefix.size < wanted) prefix.add(pickPerson().username.slice(0, 1 + Math.floor(random() * 2)))
  const rare = new Map<string, number>()
  const common = new Map<string, number>()
  const veryCommon = new Map<string, number>()
  for (let tries = 0; tries < 5000 && (rare.size < wanted || common.size < wanted || veryCommon.size < wanted); tries++) {
    const person = pickPerson()
    const field = [person.username, person.displayName, person.email][Math.floor(random() * 3)]!
    const q = random() < 0.5 ? substring(field, 3, 4) : substring(field, 5, 8)
    if (q.length < 3 || q !== q.trim() || rare.has(q) || common.has(q) || veryCommon.has(q)) continue
    const n = matches(q)
    if (n <= 20 && rare.size < wanted) rare.set(q, n)
    else if (n >= 200 && n <= 2000 && common.size < wanted) common.set(q, n)
    else if (n > 2000 && veryCommon.size < wanted) veryCommon.set(q, n)
  }
  const email = new Set<string>()
  while (email.size < wanted) email.add(pickPerson().email)
  const range = (m: Map<string, number>) => ({ min: Math.min(...m.values()), max: Math.max(...m.values()) })
  return {
    categories: [
      { name: 'prefix', queries: [...prefix] },
      { name: 'substring-rare', queries: [...rare.keys()] },
      { name: 'substring-common', queries: [...common.keys()] },
      { name: 'substring-very-common', queries: [...veryCommon.keys()] },
      { name: 'email', queries: [...email] },
    ],
    matches: Object.fromEntries([...rare, ...common, ...veryCommon]),
    matchRanges: { 'substring-rare': range(rare), 'substring-common': range(common), 'substring-very-common': range(veryCommon) },
  }
}

/**
 * Searches on each target in turn, in `slices` rounds (one round for one target), then times
 * GET /api/session from this process, whose CPU the phase accounting counts as the benchmark's.
 */
export async function measureSearch(
  bench: Bench,
  targets: Target[],
  queries: Queries,
  slices: number,
): Promise<Map<Target, BenchResults['search']>> {
  const { plan } = bench
  log(
    `search, ${plan.searchRequestsPerCategory} requests per kind of query, one at a time${targets.length > 1 ? `, on ${targets.map((t) => t.name).join(' and ')} in ${slices} alternating slices` : ''}…`,
  )
  const perSlice = Math.ceil(plan.searchRequestsPerCategory / slices)
  const loads = await Promise.all(
    targets.map((t) =>
      prepareLoad<SearchResult>(bench, { kind: 'search', url: t.url, token: t.token, categories: queries.categories, warmupRequests: 50 }),
    ),
  )
  const runs = new Map<Target, Array<LoadRun<SearchResult>>>(targets.map((t) => [t, []]))
  const baselines = new Map<Target, number[]>(targets.map((t) => [t, []]))
  for (let slice = 1; slice <= slices; slice++) {
    for (const target of inTurn(targets, slice)) {
      const i = targets.indexOf(target)
      const suffix = targets.length > 1 ? ` (${target.name}, ${slice})` : ''
      runs.get(target)!.push(await measured(bench, `search${suffix}`, target.pid, () => loads[i]!.run(perSlice)))
      baselines.get(target)!.push(
        ...(await bench.phases.run(
          `api baseline${suffix}`,
          () => target.pid,
          () => sessionTimes(target, perSlice),
        )),
      )
    }
  }
  await Promise.all(loads.map((l) => l.stop()))
  return new Map(targets.map((t) => [t, searchFigures(runs.get(t)!, baselines.get(t)!, queries, plan.users)]))
}

async function sessionTimes(target: Target, requests: number): Promise<number[]> {
  const client = new HttpClient(target.url, 1)
  const samples: number[] = []
  for (let i = 0; i < requests; i++) {
    const r = await client.request({ path: '/api/session', headers: { authorization: `Bearer ${target.token}` } })
    if (r.status === 200) samples.push(r.ms)
  }
  client.close()
  return samples
}

function searchFigures(runs: Array<LoadRun<SearchResult>>, apiBaseline: number[], queries: Queries, users: number): BenchResults['search'] {
  const byCategory = new Map<string, SearchSample[]>()
  for (const run of runs)
    for (const [name, samples] of Object.entries(run.result.categories)) byCategory.set(name, [...(byCategory.get(name) ?? []), ...samples])
  return {
    users,
    matchRanges: queries.matchRanges,
    categories: Object.fromEntries(
      [...byCategory].map(([name, samples]) => {
        const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5)
        return [
          name,
          {
            ...summarize(samples.map((s) => s.ms)),
            queries: queries.categories.find((c) => c.name === name)?.queries.length ?? 0,
            failures: samples.filter((s) => s.status !== 200).length,
            emptyResults: samples.filter((s) => s.users === 0).length,
            examples: [...new Set(samples.map((s) => s.q))].slice(0, 5),
            slowest: slowest.map((s) => ({ q: s.q, ms: s.ms, matches: queries.matches[s.q] ?? null })),
          },
        ]
      }),
    ),
    apiBaseline: summarize(apiBaseline),
    loadProcess: runs.at(-1)!.health,
  }
}
