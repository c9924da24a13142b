// The load process: started by bench/run.ts with one task, prepares it (CSRF cookies, warm-up),
// says "ready", runs it on "go" and sends back the measurements. It never runs in the server's
// process, so the server's CPU and event loop are not shared with the load generator's.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { verify } from '@node-rs/argon2'
import autocannon from 'autocannon'
import { formBody, formCredentials, HttpClient } from '../lib/http'
import type {
  Argon2RawResult,
  Argon2RawTask,
  ForgotPasswordResult,
  ForgotPasswordTask,
  FromWorker,
  LabelledSample,
  LoadResult,
  LoadTask,
  OutboxResult,
  OutboxSend,
  OutboxTask,
  ProbeResult,
  ProbeTask,
  SearchResult,
  SearchSample,
  SearchTask,
  SignInResult,
  SignInTask,
  ToWorker,
} from './tasks'

/** Clients that serve every run of a task, closed at "stop". */
const keptClients: HttpClient[] = []

function send(message: FromWorker): void {
  process.send?.(message)
}

function nextMessage(): Promise<ToWorker> {
  return new Promise((resolve) => process.once('message', (message: ToWorker) => resolve(message)))
}

/** Prepares a task; the returned function runs it (for `amount` seconds or requests if given, see ToWorker). */
type Prepared = (amount?: number) => Promise<LoadResult>

async function prepare(task: LoadTask): Promise<Prepared> {
  switch (task.kind) {
    case 'argon2-raw':
      return prepareArgon2Raw(task)
    case 'sign-in':
      return prepareSignIn(task)
    case 'probe':
      return () => probe(task)
    case 'forgot-password':
      return prepareForgotPassword(task)
    case 'outbox':
      return prepareOutbox(task)
    case 'search':
      return prepareSearch(task)
  }
}

/** argon2id verification of one hash at a fixed concurrency, exactly as the server calls it (libuv's pool). */
async function prepareArgon2Raw(task: Argon2RawTask): Promise<Prepared> {
  const window = async (seconds: number): Promise<Argon2RawResult> => {
    const start = performance.now()
    const end = start + seconds * 1000
    let verifies = 0
    await Promise.all(
      Array.from({ length: task.concurrency }, async () => {
        while (performance.now() < end) {
          const ok = await verify(task.hash, task.password)
          if (!ok) throw new Error('The seeded hash did not verify')
          if (performance.now() <= end) verifies++
        }
      }),
    )
    const measured = (performance.now() - start) / 1000
    return { verifies, seconds: measured, perSecond: verifies / seconds }
  }
  await window(task.warmupSeconds)
  return (seconds) => window(seconds ?? task.seconds)
}

async function prepareSignIn(task: SignInTask): Promise<Prepared> {
  const client = new HttpClient(task.url)
  const form = await formCredentials(client, '/login')
  client.close()
  let next = 0
  const run = (seconds: number, record: boolean): Promise<SignInResult> =>
    new Promise((resolve, reject) => {
      const statusCounts: Record<string, number> = {}
      const latenciesMs: number[] = []
      let successes = 0
      const instance = autocannon(
        {
          url: task.url,
          connections: task.connections,
          duration: seconds,
          requests: [
            {
              method: 'POST',
              path: '/login',
              headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
              // A different account for each request, round robin over all of them.
              setupRequest: (request) => {
                const username = task.usernames[next++ % task.usernames.length]!
                return { ...request, body: formBody({ _csrf: form.csrf, username, password: task.password }) }
              },
              onResponse: (status, _body, _context, headers) => {
                // autocannon passes the raw header names ("Location").
                const location = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'location')?.[1]
                if (status === 303 && location === '/account') successes++
              },
            },
          ],
        },
        (error: unknown, result) => {
          if (error) return reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`))
          const measured = result.duration
          resolve({
            seconds: measured,
            successes,
            statusCounts,
            errors: result.errors + result.timeouts,
            perSecond: successes / measured,
            latenciesMs,
          })
        },
      )
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1
        if (record) latenciesMs.push(responseTime)
      })
    })
  await run(task.warmupSeconds, false)
  return (seconds) => run(seconds ?? task.seconds, true)
}

/** A fixed-rate probe (open loop): a slow answer does not delay the next request. */
async function probe(task: ProbeTask): Promise<ProbeResult> {
  const client = new HttpClient(task.url)
  const latenciesMs: number[] = []
  const statusCounts: Record<string, number> = {}
  let errors = 0
  const inFlight: Promise<void>[] = []
  const start = performance.now()
  const total = Math.round(task.rate * task.seconds)
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / task.rate
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    inFlight.push(
      client.request({ path: task.path }).then(
        (response) => {
          statusCounts[response.status] = (statusCounts[response.status] ?? 0) + 1
          latenciesMs.push(response.ms)
        },
        () => void errors++,
      ),
    )
  }
  await Promise.all(inFlight)
  const seconds = (performance.now() - start) / 1000
  client.close()
  return { latenciesMs, statusCounts, errors, sent: total, seconds }
}

async function prepareForgotPassword(task: ForgotPasswordTask): Promise<Prepared> {
  const client = new HttpClient(task.url, 1)
  keptClients.push(client)
  const form = await formCredentials(client, '/forgot-password')
  let existingRequestsTotal = 0
  let unexpectedStatuses = 0
  const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)]!
  const once = async (): Promise<LabelledSample> => {
    // Existing and unknown usernames interleaved at random, so neither is favoured by warm-up or drift.
    const existing = Math.random() < 0.5
    if (existing) existingRequestsTotal++
    const response = await client.request({
      method: 'POST',
      path: '/forgot-password',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      body: formBody({ _csrf: form.csrf, username: pick(existing ? task.existing : task.unknown) }),
    })
    if (response.status !== 303 || response.headers.location !== '/forgot-password/sent') unexpectedStatuses++
    if (!task.followUp) return { existing, ms: response.ms, status: response.status }
    const next = await client.request({ path: task.followUp.path })
    if (next.status !== 200) unexpectedStatuses++
    await sleep(task.followUp.pauseMs)
    return { existing, ms: response.ms, status: response.status, followUpMs: next.ms }
  }
  for (let i = 0; i < task.warmupRequests; i++) await once()
  return async (requests = 1): Promise<ForgotPasswordResult> => {
    const samples: LabelledSample[] = []
    for (let i = 0; i < requests; i++) samples.push(await once())
    return { samples, existingRequestsTotal, unexpectedStatuses }
  }
}

async function prepareOutbox(task: OutboxTask): Promise<Prepared> {
  const client = new HttpClient(task.url)
  const form = await formCredentials(client, '/forgot-password')
  return async (): Promise<OutboxResult> => {
    const sends: OutboxSend[] = []
    const inFlight: Promise<void>[] = []
    const start = performance.now()
    for (const [i, username] of task.usernames.entries()) {
      const wait = start + (i * 1000) / task.rate - performance.now()
      if (wait > 0) await sleep(wait)
      inFlight.push(
        client
          .request({
            method: 'POST',
            path: '/forgot-password',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
            body: formBody({ _csrf: form.csrf, username }),
          })
          .then((response) => void sends.push({ username, sentAt: response.sentAt, ms: response.ms, status: response.status })),
      )
    }
    await Promise.all(inFlight)
    const seconds = (performance.now() - start) / 1000
    client.close()
    return { sends, seconds }
  }
}

async function prepareSearch(task: SearchTask): Promise<Prepared> {
  const client = new HttpClient(task.url, 1)
  keptClients.push(client)
  const headers = { authorization: `Bearer ${task.token}` }
  const once = async (q: string): Promise<SearchSample> => {
    const response = await client.request({ path: `/api/users?q=${encodeURIComponent(q)}`, headers })
    const users = response.status === 200 ? (JSON.parse(response.body) as { users: unknown[] }).users.length : -1
    return { q, ms: response.ms, status: response.status, users }
  }
  const all = task.categories.flatMap((c) => c.queries)
  for (let i = 0; i < task.warmupRequests; i++) await once(all[i % all.length]!)
  return async (requestsPerCategory = 1): Promise<SearchResult> => {
    const categories: Record<string, SearchSample[]> = Object.fromEntries(task.categories.map((c) => [c.name, []]))
    // Round robin over the categories, so that drift in the machine's load touches each alike.
    for (let i = 0; i < requestsPerCategory; i++) {
      for (const category of task.categories) {
        const q = category.queries[Math.floor(Math.random() * category.queries.length)]!
        categories[category.name]!.push(await once(q))
      }
    }
    return { categories }
  }
}

async function main(): Promise<void> {
  const first = await nextMessage()
  if (first.type !== 'task') throw new Error('Expected a task first')
  const run = await prepare(first.task)
  send({ type: 'ready' })
  for (;;) {
    const message = await nextMessage()
    if (message.type === 'stop') break
    if (message.type !== 'go') throw new Error(`Unexpected message ${message.type}`)
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    const cpu = process.cpuUsage()
    const result = await run(message.amount)
    delay.disable()
    const used = process.cpuUsage(cpu)
    send({
      type: 'done',
      result,
      health: {
        cpuSeconds: (used.user + used.system) / 1e6,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        eventLoopDelayMaxMs: delay.max / 1e6,
      },
    })
  }
  for (const client of keptClients) client.close()
  process.disconnect()
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  process.exitCode = 1
  process.disconnect()
})
