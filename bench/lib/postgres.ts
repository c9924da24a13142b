// The benchmark's own PostgreSQL: a throwaway cluster (test/helpers/postgres-cluster.ts) with the
// durability of a real one (fsync on), one database with pg_trgm for the server, and what the
// cluster did during a phase, read from PostgreSQL's own statistics (pg_stat_statements)
// and from /proc (the CPU time of the postmaster and all its children), not from the product.
import { readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'
import { PostgresCluster } from '../../test/helpers/postgres-cluster'
import { processCpuSeconds } from './machine'

const DATABASE = 'textup_bench'

/** What PostgreSQL did between two readings. */
export interface DatabaseUsage {
  /** Statements the server sent (pg_stat_statements calls in its database, BEGIN and COMMIT included). */
  statements: number
  /**
   * Explicit transactions the server committed (COMMIT statements in pg_stat_statements; a statement
   * sent outside a transaction commits on its own). pg_stat_database.xact_commit would count all, but
   * backends report it to the statistics only every second or so, too late for a phase of seconds.
   */
  commits: number
  /** CPU seconds of the postmaster and every process it started (backends, WAL writer, checkpointer…). */
  cpuSeconds: number
}

export class BenchPostgres {
  /** The last CPU reading of each process the postmaster has had, kept after it ends (a backend the pool let go). */
  private readonly cpuByPid = new Map<number, number>()
  /** Reads the processes' CPU four times a second, so that one ending mid-phase keeps its time counted. */
  private readonly sampler = setInterval(() => this.cpuSeconds(), 250).unref()

  private constructor(
    private readonly cluster: PostgresCluster,
    /** The server's database, for DATABASE_URL. */
    readonly url: string,
    readonly version: string,
  ) {}

  static async start(): Promise<BenchPostgres> {
    // Durable like a real database (the test clusters turn fsync off), with statement statistics.
    const cluster = await PostgresCluster.create({
      maxConnections: 100,
      settings: ['fsync=on', 'full_page_writes=on', 'shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'],
    })
    try {
      const url = await cluster.createDatabase(DATABASE, ['pg_trgm'])
      await withClient(cluster.url('postgres'), (c) => c.query('create extension pg_stat_statements'))
      return new BenchPostgres(cluster, url, await cluster.version())
    } catch (error) {
      await cluster.destroy()
      throw error
    }
  }

  get port(): number {
    return this.cluster.port
  }

  /** A running total, read from the "postgres" database so that the reading itself is not counted. */
  async usage(): Promise<DatabaseUsage> {
    const cpuSeconds = this.cpuSeconds()
    return withClient(this.cluster.url('postgres'), async (c) => {
      const { rows } = await c.query<{ statements: string | null; commits: string | null }>(
        `select sum(calls) as statements, coalesce(sum(calls) filter (where upper(query) like 'COMMIT%'), 0) as commits
           from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1`,
        [DATABASE],
      )
      return { statements: Number(rows[0]?.statements ?? 0), commits: Number(rows[0]?.commits ?? 0), cpuSeconds }
    })
  }

  /** Stops the cluster and deletes its folder. */
  async destroy(): Promise<void> {
    clearInterval(this.sampler)
    await this.cluster.destroy()
  }

  private cpuSeconds(): number {
    const postmaster = this.cluster.postmasterPid()
    this.cpuByPid.set(postmaster, processCpuSeconds(postmaster))
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        const cpu = ppid === postmaster ? processCpuSeconds(Number(entry)) : 0
        // 0: it ended between the listing and the reading; its last reading stands.
        if (cpu > 0) this.cpuByPid.set(Number(entry), cpu)
      } catch {
        // The process ended between the listing and the reading.
      }
    }
    let total = 0
    for (const cpu of this.cpuByPid.values()) total += cpu
    return total
  }
}

export function usageBetween(before: DatabaseUsage, after: DatabaseUsage): DatabaseUsage {
  return {
    statements: after.statements - before.statements,
    commits: after.commits - before.commits,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
  }
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}
