// Phase: the outbox. Reset requests for distinct accounts at a fixed rate; from sending each request
// to its message's arrival at the SMTP receiver.
import { summarize } from '../../lib/stats'
import { log, prepareLoad, type Bench, type Target } from '../lib/bench'
import type { BenchResults } from '../lib/results'
import type { SeededUser } from '../lib/seed'
import type { OutboxResult } from '../load/tasks'

export async function measureOutbox(bench: Bench, target: Target, people: SeededUser[]): Promise<BenchResults['outbox']> {
  const { plan, sink } = bench
  log(`outbox, ${people.length} reset requests at ${plan.outboxRate}/s…`)
  const before = sink.arrivals.length
  const load = await prepareLoad<OutboxResult>(bench, {
    kind: 'outbox',
    url: target.url,
    usernames: people.map((p) => p.username),
    rate: plan.outboxRate,
  })
  await bench.quiet.wait('outbox')
  const outbox = await bench.phases.run(
    'outbox',
    () => target.pid,
    async (addCpu) => {
      const done = await load.run()
      await sink.waitForCount(before + people.length, 90_000)
      addCpu(done.health.cpuSeconds)
      return done
    },
  )
  await load.stop()
  const arrivalByEmail = new Map<string, number>()
  for (const arrival of sink.arrivals.slice(before))
    for (const to of arrival.to) if (!arrivalByEmail.has(to)) arrivalByEmail.set(to, arrival.at)
  const sendByUsername = new Map(outbox.result.sends.map((s) => [s.username, s]))
  const deliveryMs: number[] = []
  let undelivered = 0
  for (const person of people) {
    const sent = sendByUsername.get(person.username)
    const arrived = arrivalByEmail.get(person.email.toLowerCase())
    if (sent && arrived !== undefined) deliveryMs.push(arrived - sent.sentAt)
    else undelivered++
  }
  log(`  delivery p95 ${summarize(deliveryMs).p95.toFixed(0)} ms; ${undelivered} not delivered`)
  return {
    requests: people.length,
    rate: plan.outboxRate,
    sendSeconds: outbox.result.seconds,
    delivered: deliveryMs.length,
    undelivered,
    delivery: summarize(deliveryMs),
    answer: summarize(outbox.result.sends.map((s) => s.ms)),
    nonRedirects: outbox.result.sends.filter((s) => s.status !== 303).length,
    loadProcess: outbox.health,
  }
}
