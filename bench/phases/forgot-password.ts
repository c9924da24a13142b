// Phase: "Forgot password", one request at a time, existing and unknown usernames interleaved at
// random. First back to back (the answers' p99, and existing vs unknown); then as an attacker who
// times the request after a probe would: each followed at once by GET /login, then a pause.
import { setTimeout as sleep } from 'node:timers/promises'
import { bootstrapMedianDifference, mannWhitneyU, summarize } from '../../lib/stats'
import { inTurn, log, measured, prepareLoad, type Bench, type Target } from '../lib/bench'
import type { LoadRun } from '../lib/load-process'
import type { BenchResults, Comparison } from '../lib/results'
import type { ForgotPasswordResult, LabelledSample } from '../load/tasks'

const FOLLOW_UP = '/login'

export interface Usernames {
  existing: string[]
  unknown: string[]
}

/** Each target in turn, in `slices` rounds (one for one target); then waits for every owed email. */
export async function measureForgotPassword(
  bench: Bench,
  targets: Target[],
  usernames: Usernames,
  slices: number,
): Promise<Map<Target, BenchResults['forgotPassword']>> {
  const { plan, sink } = bench
  log(
    `forgot password, ${plan.forgotRequests} requests back to back, then ${plan.forgotFollowUps} each followed by GET ${FOLLOW_UP} and a ${plan.forgotFollowUpPauseMs} ms pause…`,
  )
  const mailBefore = sink.arrivals.length
  const task = { kind: 'forgot-password' as const, ...usernames, warmupRequests: plan.forgotWarmup }
  const loads = await Promise.all(
    targets.map(async (t) => ({
      backToBack: await prepareLoad<ForgotPasswordResult>(bench, { ...task, url: t.url }),
      followed: await prepareLoad<ForgotPasswordResult>(bench, {
        ...task,
        url: t.url,
        followUp: { path: FOLLOW_UP, pauseMs: plan.forgotFollowUpPauseMs },
      }),
    })),
  )
  const runs = targets.map(() => ({
    backToBack: [] as Array<LoadRun<ForgotPasswordResult>>,
    followed: [] as Array<LoadRun<ForgotPasswordResult>>,
  }))
  for (let slice = 1; slice <= slices; slice++) {
    for (const target of inTurn(targets, slice)) {
      const i = targets.indexOf(target)
      const suffix = targets.length > 1 ? ` (${target.name}, ${slice})` : ''
      runs[i]!.backToBack.push(
        await measured(bench, `forgot password${suffix}`, target.pid, () =>
          loads[i]!.backToBack.run(Math.ceil(plan.forgotRequests / slices)),
        ),
      )
      runs[i]!.followed.push(
        await measured(bench, `forgot password, followed${suffix}`, target.pid, () =>
          loads[i]!.followed.run(Math.ceil(plan.forgotFollowUps / slices)),
        ),
      )
    }
  }
  await Promise.all(loads.flatMap((l) => [l.backToBack.stop(), l.followed.stop()]))
  // Every request for an existing account, warm-ups included, is owed one email.
  const owed = runs.map((r) => r.backToBack.at(-1)!.result.existingRequestsTotal + r.followed.at(-1)!.result.existingRequestsTotal)
  const drainStarted = performance.now()
  const drained = await sink.waitForCount(mailBefore + owed.reduce((a, b) => a + b, 0), 120_000)
  const drainMs = performance.now() - drainStarted
  // Unknown usernames must bring no email: give stragglers a moment before counting.
  await sleep(500)
  const emails = sink.arrivals.length - mailBefore
  log(
    `  ${emails} emails for ${owed.join(' + ')} existing-username requests (queue drained ${drained ? 'in' : 'NOT within'} ${(drainMs / 1000).toFixed(1)} s)`,
  )
  return new Map(
    targets.map((t, i) => {
      const { backToBack, followed } = runs[i]!
      const own = backToBack.flatMap((r) => r.result.samples)
      const next = followed.flatMap((r) => r.result.samples)
      return [
        t,
        {
          all: summarize(own.map((s) => s.ms)),
          slowestMs: own
            .map((s) => s.ms)
            .sort((a, b) => b - a)
            .slice(0, 8),
          answer: comparison(own, (s) => s.ms, bench.random),
          followUp: {
            path: FOLLOW_UP,
            pauseMs: plan.forgotFollowUpPauseMs,
            ...comparison(next, (s) => s.followUpMs ?? Number.NaN, bench.random),
          },
          unexpectedStatuses: [...backToBack, ...followed].reduce((n, r) => n + r.result.unexpectedStatuses, 0),
          existingRequestsTotal: owed[i]!,
          // With two servers the receiver cannot tell their emails apart: the count is of both.
          emails,
          drained,
          drainMs,
          loadProcess: backToBack.at(-1)!.health,
        },
      ]
    }),
  )
}

/** Existing against unknown usernames: both summaries, the Mann–Whitney U test, the bootstrap CI of the medians' difference. */
function comparison(samples: LabelledSample[], value: (s: LabelledSample) => number, random: () => number): Comparison {
  const existing = samples.filter((s) => s.existing).map(value)
  const unknown = samples.filter((s) => !s.existing).map(value)
  return {
    existing: summarize(existing),
    unknown: summarize(unknown),
    mannWhitney: mannWhitneyU(existing, unknown),
    medianDifference: bootstrapMedianDifference(existing, unknown, random),
  }
}
