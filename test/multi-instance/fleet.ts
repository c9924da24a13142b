// Several TextUp server processes on one PostgreSQL database, as an installation runs them behind a
// load balancer: each on a port of its own that it keeps across restarts, all with the same
// configuration (one PUBLIC_URL, one mail server), started together and addressed in turn.
import { freePort } from '../helpers/ports'
import { TEST_POSTGRES_URL } from '../helpers/postgres'
import type { FaultRig, ServerProcess } from '../faults/harness'

/** This suite is about PostgreSQL (vitest.config.ts runs it only there): refuse to run on anything else. */
export function requirePostgres(): void {
  if (!TEST_POSTGRES_URL)
    throw new Error('The multi-instance suite runs on PostgreSQL only: bash scripts/with-postgres.sh npx vitest run test/multi-instance')
}

export class Fleet {
  private constructor(
    private readonly rig: FaultRig,
    private readonly envs: Array<Record<string, string>>,
    /** The current process of each instance. */
    readonly servers: ServerProcess[],
  ) {}

  /**
   * Starts `count` instances at once with the same environment, each on its own free port; with
   * `hosts`, instance i listens on hosts[i], as if each ran on a machine of its own.
   */
  static async start(rig: FaultRig, count: number, env: Record<string, string>, hosts: string[] = []): Promise<Fleet> {
    const envs = await Promise.all(
      Array.from({ length: count }, async (_, i) => ({ ...env, ...(hosts[i] ? { HOST: hosts[i] } : {}), PORT: String(await freePort()) })),
    )
    const servers = await Promise.all(envs.map((instanceEnv) => rig.startServer(instanceEnv)))
    return new Fleet(rig, envs, servers)
  }

  get size(): number {
    return this.servers.length
  }

  /** The instance for the n-th of a series of requests: each in turn. */
  at(n: number): ServerProcess {
    return this.servers[n % this.servers.length]!
  }

  get urls(): string[] {
    return this.servers.map((server) => server.url)
  }

  /** Starts instance i again, on its port, after its process has ended. */
  async restart(i: number): Promise<ServerProcess> {
    if (this.servers[i]!.running) throw new Error(`Instance ${i} is still running`)
    const server = await this.rig.startServer(this.envs[i]!)
    this.servers[i] = server
    return server
  }
}

/** Runs `work` on every item with at most `limit` at a time, in order of the items; returns the results in that order. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await work(items[index]!, index)
      }
    }),
  )
  return results
}
