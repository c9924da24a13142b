// The server's configuration, read from the environment once at start and validated with clear
// messages. Everything else receives a Config; nothing else reads process.env.
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_LOCALE, LOCALES } from '../src-shared/i18n/locales'
import { PASSWORD_MIN_LENGTH_DEFAULT, PASSWORD_MIN_LENGTH_FLOOR } from '../src-shared/password-policy'

export interface Limit {
  /** Attempts allowed per window. */
  limit: number
  windowMinutes: number
}

export interface Config {
  port: number
  host: string
  dataDir: string
  /** PostgreSQL (postgres:// or postgresql://); undefined: SQLite in dataDir. Holds a password: never logged. */
  databaseUrl: string | undefined
  databasePoolSize: number
  /** A second listener with Prometheus metrics at /metrics (0: any free port); undefined: none. */
  metricsPort: number | undefined
  /** Where users reach the server; links in emails start with it. Undefined: http://localhost:<port>. */
  publicUrl: URL | undefined
  smtpUrl: string | undefined
  mailFrom: string | undefined
  /**
   * The language of the emails of an account created without one (and of any email whose account is
   * gone). One of LOCALES: the test-only pseudo-locale is no language to write to people in.
   */
  defaultLanguage: (typeof LOCALES)[number]
  trustProxy: boolean
  passwordMinLength: number
  resetLinkTtlMinutes: number
  sessionIdleMinutes: number
  sessionMaxHours: number
  apiTokenTtlHours: number
  /** Admins must sign in with a second factor: without one they may only set one up (pages), and get no API token. */
  mfaRequiredForAdmins: boolean
  argon2: { memoryCost: number; timeCost: number; parallelism: number }
  throttle: {
    signInPerAccount: Limit
    signInPerAddress: Limit
    resetPerAccount: Limit
    resetPerAddress: Limit
  }
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /**
   * After SIGTERM, how long the server goes on taking connections while /health/ready answers 503,
   * so that a load balancer takes it out of rotation before it stops listening.
   */
  shutdownGraceSeconds: number
  /** Host names (with port when not the default) the server answers to, besides PUBLIC_URL's and loopback. */
  allowedHosts: string[]
}

/** How long an invitation link works: a week, as a new colleague may not read email on day one. */
export const INVITATION_TTL_MINUTES = 7 * 24 * 60

/** How long a link of this purpose works once sent (the email and the expired-link page say it). */
export function linkLifetimeMinutes(config: Pick<Config, 'resetLinkTtlMinutes'>, purpose: 'reset' | 'invitation'): number {
  return purpose === 'invitation' ? INVITATION_TTL_MINUTES : config.resetLinkTtlMinutes
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    )

const integer = (min: number, max: number, fallback: number) =>
  wholeNumber(min, max)
    .optional()
    .transform((value) => value ?? fallback)

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1' || value === 'yes'))

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

const environment = z.object({
  PORT: integer(0, 65535, 8080),
  HOST: z.string().trim().min(1).optional().default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).optional().default('data'),
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      message: 'must be a postgres:// or postgresql:// address, such as postgres://textup:secret@db.example.org:5432/textup',
    })
    .optional(),
  DATABASE_POOL_SIZE: integer(1, 200, 10),
  METRICS_PORT: wholeNumber(0, 65535).optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http:// or https:// address, such as https://accounts.example.org' })
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined
      const url = new URL(value)
      if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: 'must be an origin only (scheme, host and port), without a path, query or credentials' })
        return z.NEVER
      }
      return url
    }),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// address, such as smtps://user:password@mail.example.org:465' })
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  // The languages TextUp speaks (isLocale without the test-only pseudo-locale).
  DEFAULT_LANGUAGE: z
    .enum(LOCALES, { message: `must be one of: ${LOCALES.join(', ')}` })
    .optional()
    .default(DEFAULT_LOCALE),
  TRUST_PROXY: flag(false),
  PASSWORD_MIN_LENGTH: integer(PASSWORD_MIN_LENGTH_FLOOR, 64, PASSWORD_MIN_LENGTH_DEFAULT),
  RESET_LINK_TTL_MINUTES: integer(5, 24 * 60, 60),
  SESSION_IDLE_MINUTES: integer(1, 24 * 60, 30),
  SESSION_MAX_HOURS: integer(1, 24 * 30, 12),
  API_TOKEN_TTL_HOURS: integer(1, 24 * 30, 8),
  // ASVS 5 6.3.3: whoever takes over an admin account can set anyone's password.
  MFA_REQUIRED_FOR_ADMINS: flag(true),
  // OWASP Password Storage Cheat Sheet: argon2id with m=19 MiB, t=2, p=1 is the baseline.
  ARGON2_MEMORY_KIB: integer(7168, 4 * 1024 * 1024, 19456),
  ARGON2_ITERATIONS: integer(1, 20, 2),
  ARGON2_PARALLELISM: integer(1, 16, 1),
  SIGN_IN_LIMIT_PER_ACCOUNT: integer(1, 1000, 10),
  SIGN_IN_LIMIT_PER_ADDRESS: integer(1, 100000, 100),
  RESET_LIMIT_PER_ACCOUNT: integer(1, 1000, 3),
  RESET_LIMIT_PER_ADDRESS: integer(1, 100000, 20),
  ALLOWED_HOSTS: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:[\]-]+(,[A-Za-z0-9.:[\]-]+)*$/, {
      message: 'must be a comma-separated list of host names, such as textup.internal:8080,10.0.0.5:8080',
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  SHUTDOWN_GRACE_SECONDS: integer(0, 60, 0),
})

/** Every environment variable that configures TextUp (tests clear them all before starting a server). */
export const CONFIG_VARIABLES = Object.keys(environment.shape) as ReadonlyArray<keyof typeof environment.shape>

/**
 * Checked on the raw values rather than as a refinement of the schema: zod skips an object's
 * refinements once any field fails outright (an invalid LOG_LEVEL, say), and this problem must be
 * reported together with the others.
 */
function publicUrlProblem(present: Record<string, string | undefined>): string | undefined {
  const host = present.HOST?.trim() || '127.0.0.1'
  if (present.PUBLIC_URL || LOOPBACK_HOSTS.has(host)) return undefined
  return `PUBLIC_URL is required when HOST (${host}) is not a loopback address: links in emails must point where users reach the server`
}

/** A refused value as the error may show it: SMTP_URL and DATABASE_URL not at all, any other URL without its user and password. */
function shownValue(name: string, value: string | undefined): string {
  if (typeof value !== 'string' || name === 'SMTP_URL' || name === 'DATABASE_URL') return ''
  return ` (got "${value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1…@')}")`
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = environment.safeParse(present)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment')
        return `${name} ${issue.message}${shownValue(name, present[name])}`
      })
  const missingPublicUrl = publicUrlProblem(present)
  if (missingPublicUrl) problems.push(missingPublicUrl)
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  const minutes = 60
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    metricsPort: e.METRICS_PORT,
    publicUrl: e.PUBLIC_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    trustProxy: e.TRUST_PROXY,
    passwordMinLength: e.PASSWORD_MIN_LENGTH,
    resetLinkTtlMinutes: e.RESET_LINK_TTL_MINUTES,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    apiTokenTtlHours: e.API_TOKEN_TTL_HOURS,
    mfaRequiredForAdmins: e.MFA_REQUIRED_FOR_ADMINS,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_ITERATIONS, parallelism: e.ARGON2_PARALLELISM },
    throttle: {
      signInPerAccount: { limit: e.SIGN_IN_LIMIT_PER_ACCOUNT, windowMinutes: 15 },
      signInPerAddress: { limit: e.SIGN_IN_LIMIT_PER_ADDRESS, windowMinutes: 15 },
      resetPerAccount: { limit: e.RESET_LIMIT_PER_ACCOUNT, windowMinutes: minutes },
      resetPerAddress: { limit: e.RESET_LIMIT_PER_ADDRESS, windowMinutes: minutes },
    },
    logLevel: e.LOG_LEVEL,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    allowedHosts: e.ALLOWED_HOSTS?.split(',').map((host) => host.toLowerCase()) ?? [],
  }
}
