// A PostgreSQL cluster of its own in a temporary folder: initdb, started on a free port of
// 127.0.0.1 (and a socket in that folder), stopped and started again on the same port and data (a
// database outage), then deleted. As root it runs as the unprivileged user "postgres" (PostgreSQL
// refuses to run as root). scripts/with-postgres.ts starts the tests' shared cluster with it; a test
// that stops PostgreSQL starts a cluster of its own, so the other test files keep theirs.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './ports'

const run = promisify(execFile)

/** The superuser initdb creates; connections are trusted (loopback and the folder's socket only). */
const SUPERUSER = 'textup'

export interface ClusterOptions {
  /** Tests open and close many connections at once (two workers, several servers each). */
  maxConnections?: number
  /** More `-c name=value` settings, after (and so overriding) the defaults, e.g. `fsync=on`. */
  settings?: string[]
}

export class PostgresCluster {
  private running = false

  private constructor(
    /** The folder of initdb, pg_ctl and postgres. */
    readonly bin: string,
    /** The temporary folder: the data folder, the log and the socket. */
    readonly dir: string,
    readonly port: number,
    private readonly asOwner: string[],
    private readonly settings: string[],
  ) {}

  /** initdb in a new temporary folder, and start. */
  static async create(options: ClusterOptions = {}): Promise<PostgresCluster> {
    const bin = postgresBin()
    const dir = await mkdtemp(path.join(process.env.TMPDIR ?? tmpdir(), 'textup-pg-'))
    const root = process.getuid?.() === 0
    if (root) await run('chown', ['postgres', dir])
    const settings = [
      `-c listen_addresses=127.0.0.1`,
      `-c max_connections=${options.maxConnections ?? 400}`,
      // Throwaway data: durability against a power cut is not what tests are about.
      '-c fsync=off',
      '-c full_page_writes=off',
      ...(options.settings ?? []).map((setting) => `-c ${setting}`),
    ]
    const cluster = new PostgresCluster(bin, dir, await freePort(), root ? ['runuser', '-u', 'postgres', '--'] : [], settings)
    try {
      await cluster.pg('initdb', ['-D', cluster.dataDir, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--locale=C.UTF-8'])
      await cluster.start()
    } catch (error) {
      await cluster.destroy()
      throw error
    }
    return cluster
  }

  /** The postmaster's process id (the first line of postmaster.pid), whose children are the backends. */
  postmasterPid(): number {
    return Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  }

  get dataDir(): string {
    return path.join(this.dir, 'data')
  }

  /** The address of one of its databases, as the superuser. */
  url(database = 'postgres'): string {
    return `postgres://${SUPERUSER}@127.0.0.1:${this.port}/${database}`
  }

  /** Starts PostgreSQL on its port and waits until it takes connections. */
  async start(): Promise<void> {
    const options = [`-p ${this.port}`, `-k ${this.dir}`, ...this.settings].join(' ')
    await this.pg('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'log'), '-w', '-o', options, 'start'])
    this.running = true
  }

  /**
   * Stops PostgreSQL. 'immediate' is a crash as far as its clients see: every connection is cut at
   * once, whatever it was doing, and the next start recovers from the write-ahead log.
   */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop'])
    this.running = false
  }

  /** A new empty database, with the extensions named (created as the superuser). */
  async createDatabase(name: string, extensions: string[] = []): Promise<string> {
    await this.query('postgres', [`create database ${name}`])
    if (extensions.length > 0)
      await this.query(
        name,
        extensions.map((extension) => `create extension ${extension}`),
      )
    return this.url(name)
  }

  async version(): Promise<string> {
    const { stdout } = await run(path.join(this.bin, 'postgres'), ['--version'])
    return /\d+(\.\d+)+/.exec(stdout)?.[0] ?? stdout.trim()
  }

  /** Stops PostgreSQL if it runs, and deletes the folder. */
  async destroy(): Promise<void> {
    if (this.running) await this.stop().catch(() => undefined)
    await rm(this.dir, { recursive: true, force: true })
  }

  private async query(database: string, statements: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: this.url(database) })
    await client.connect()
    try {
      for (const statement of statements) await client.query(statement)
    } finally {
      await client.end()
    }
  }

  private async pg(program: string, args: string[]): Promise<void> {
    const [command = '', ...rest] = [...this.asOwner, path.join(this.bin, program), ...args]
    try {
      await run(command, rest)
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string }
      throw new Error(`${program} ${args.join(' ')} failed: ${stderr || stdout || String(error)}`, { cause: error })
    }
  }
}

/** Debian's folder of the newest installed version first (its programs belong together), else pg_ctl on PATH. */
function postgresBin(): string {
  const debian = '/usr/lib/postgresql'
  const versions = existsSync(debian) ? readdirSync(debian).filter((name) => /^\d+$/.test(name)) : []
  const candidates = [
    ...versions.sort((a, b) => Number(b) - Number(a)).map((version) => path.join(debian, version, 'bin')),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
  ]
  const found = candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')))
  if (!found) throw new Error('PostgreSQL is not installed (apt-get install postgresql postgresql-contrib).')
  return found
}
