// Phase: the server's footprint. Cold start to the first answer and idle memory, of a bare Node HTTP
// server (the floor), of TextUp on an empty data folder, then on the seeded database: as run, once it
// has judged a password, and as deployed (the node flags of deploy/textup.service).
import { setTimeout as sleep } from 'node:timers/promises'
import { log, type Bench } from '../lib/bench'
import { deployedCommand, type BundleCopy } from '../lib/bundle'
import { HttpClient } from '../lib/http'
import { processCpuSeconds, processMemory } from '../lib/machine'
import type { FootprintRun } from '../lib/results'
import type { SeededUser } from '../lib/seed'
import { startServerProcess } from '../lib/server-process'

interface FootprintOptions {
  args: string[]
  env: Record<string, string>
  cwd: string
  settleMs: number
  nodeFlags?: string[]
  afterIdle?: (url: string) => Promise<void>
}

/**
 * Starts a server and times its first answer; with settleMs, then lets it sit idle, reading its
 * memory every second (V8 gives memory back some seconds after the start's burst of allocation),
 * and reports the last reading as its idle RSS. Then stops it.
 */
async function footprint(bench: Bench, name: string, options: FootprintOptions): Promise<FootprintRun> {
  await bench.quiet.wait(name)
  return bench.phases.run(
    name,
    () => undefined,
    async (addCpu) => {
      const s = await startServerProcess({ args: options.args, cwd: options.cwd, env: options.env, nodeFlags: options.nodeFlags ?? [] })
      const rssSeries: number[] = []
      for (let waited = 0; waited < options.settleMs; waited += 1000) {
        await sleep(1000)
        rssSeries.push(Math.round(processMemory(s.pid).rssMiB * 10) / 10)
      }
      const memory = processMemory(s.pid)
      let rssAfterFirstPasswordMiB: number | undefined
      if (options.afterIdle) {
        await options.afterIdle(s.url)
        await sleep(1000)
        rssAfterFirstPasswordMiB = processMemory(s.pid).rssMiB
      }
      addCpu(processCpuSeconds(s.pid))
      const stopped = await s.stop()
      return {
        coldStartMs: s.coldStartMs,
        idleRssMiB: memory.rssMiB,
        peakRssMiB: memory.peakRssMiB,
        rssSeries,
        rssAfterFirstPasswordMiB,
        stopMs: stopped.ms,
        exitCode: stopped.code,
      }
    },
  )
}

/** A bare Node HTTP server as the floor, then TextUp's first start on an empty data folder (its migrations run). */
export async function measureFreshFootprint(bench: Bench, app: BundleCopy, serverEnv: Record<string, string>) {
  const bareServer = "import http from 'node:http'; http.createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')"
  const bare = await footprint(bench, 'footprint: bare node', {
    args: ['--input-type=module', '-e', bareServer],
    env: {},
    cwd: app.cwd,
    settleMs: bench.plan.idleSettleMs,
  })
  log(`bare Node HTTP server: first answer after ${bare.coldStartMs.toFixed(0)} ms, idle RSS ${bare.idleRssMiB.toFixed(1)} MiB`)
  const fresh = await footprint(bench, 'footprint: first start', { args: [app.bundle], env: serverEnv, cwd: app.cwd, settleMs: 0 })
  log(`TextUp on an empty data folder (migrations run): first answer after ${fresh.coldStartMs.toFixed(0)} ms`)
  return { bare, fresh }
}

/** Restarts on the seeded database (what an operator sees), idle memory before and after judging a password, and as deployed. */
export async function measureSeededFootprint(
  bench: Bench,
  app: BundleCopy,
  serverEnv: Record<string, string>,
  admin: SeededUser,
  password: string,
) {
  const run = { args: [app.bundle], env: serverEnv, cwd: app.cwd }
  const restarts: FootprintRun[] = []
  for (let i = 0; i < bench.plan.coldStartRepeats; i++)
    restarts.push(await footprint(bench, `footprint: restart ${i + 1}`, { ...run, settleMs: 0 }))
  log(`TextUp on the seeded database: first answer after ${restarts.map((r) => r.coldStartMs.toFixed(0)).join(', ')} ms`)
  const idle = await footprint(bench, 'footprint: idle', {
    ...run,
    settleMs: bench.plan.idleSettleMs,
    afterIdle: (url) => judgeOnePassword(url, admin, password),
  })
  log(
    `  idle RSS ${idle.idleRssMiB.toFixed(1)} MiB after ${bench.plan.idleSettleMs / 1000} s (each second: ${idle.rssSeries.join(' ')}); ${idle.rssAfterFirstPasswordMiB?.toFixed(1)} MiB once it has judged a password`,
  )
  const asDeployed = deployedCommand()
  const deployed = {
    ...(await footprint(bench, 'footprint: as deployed', { ...run, settleMs: bench.plan.idleSettleMs, nodeFlags: asDeployed.nodeFlags })),
    ...asDeployed,
  }
  log(
    `as deployed (${asDeployed.command}, deploy/textup.service): first answer after ${deployed.coldStartMs.toFixed(0)} ms, idle RSS ${deployed.idleRssMiB.toFixed(1)} MiB`,
  )
  return { restarts, idle, deployed }
}

/**
 * Has the server judge one password (an admin creating an account with a guessable one: refused
 * with 422, nothing created), to see what the password-strength estimator adds once it is used.
 */
async function judgeOnePassword(url: string, admin: SeededUser, password: string): Promise<void> {
  const client = new HttpClient(url)
  try {
    const session = await client.request({
      method: 'POST',
      path: '/api/session',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: admin.username, password }),
    })
    if (session.status !== 201) throw new Error(`The admin could not sign in: ${session.status}`)
    const { token } = JSON.parse(session.body) as { token: string }
    const weak = 'password1234567890'
    const refused = await client.request({
      method: 'POST',
      path: '/api/users',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        username: 'bench.memory',
        displayName: 'Bench Memory',
        email: 'bench.memory@example.org',
        newPassword: weak,
        newPasswordConfirmation: weak,
      }),
    })
    if (refused.status !== 422)
      throw new Error(`A guessable password was answered ${refused.status}, not 422: ${refused.body.slice(0, 200)}`)
  } finally {
    client.close()
  }
}
