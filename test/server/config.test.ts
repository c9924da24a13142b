// The environment the server starts from: sensible embedded defaults, and every mistake reported
// at once, in words an operator can act on.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/textup')
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    // The message lists them too, for the terminal.
    for (const problem of problems) expect((error as ConfigError).message).toContain(problem)
    return problems
  }
  throw new Error(`Expected ${JSON.stringify(env)} to be refused`)
}

describe('configuration', () => {
  it('has embedded defaults: loopback, port 8080, ./data, OWASP argon2id, 15-character passwords, 60-minute links', () => {
    const config = loadConfig({}, '/srv/textup')
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/textup', 'data'),
      publicUrl: undefined,
      smtpUrl: undefined,
      mailFrom: undefined,
      trustProxy: false,
      passwordMinLength: 15,
      resetLinkTtlMinutes: 60,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
      logLevel: 'info',
      mfaRequiredForAdmins: true,
    })
    expect(config.throttle.signInPerAccount.limit).toBeGreaterThan(0)
    expect(config.throttle.resetPerAccount.limit).toBeGreaterThan(0)
  })

  it('reads every documented variable', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/textup',
        PUBLIC_URL: 'https://accounts.example.org',
        SMTP_URL: 'smtps://user:secret@mail.example.org:465',
        MAIL_FROM: 'TextUp <no-reply@example.org>',
        TRUST_PROXY: 'true',
        PASSWORD_MIN_LENGTH: '8',
        RESET_LINK_TTL_MINUTES: '30',
        MFA_REQUIRED_FOR_ADMINS: 'false',
      },
      '/srv/textup',
    )
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/textup',
      smtpUrl: 'smtps://user:secret@mail.example.org:465',
      mailFrom: 'TextUp <no-reply@example.org>',
      trustProxy: true,
      passwordMinLength: 8,
      resetLinkTtlMinutes: 30,
      mfaRequiredForAdmins: false,
    })
    expect(config.publicUrl?.href).toBe('https://accounts.example.org/')
  })

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ PORT: '', PUBLIC_URL: '' }, '/srv').port).toBe(8080)
  })

  it.each([
    ['abc', 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    ['-1', 'PORT must be a whole number from 0 to 65535'],
    ['1e3', 'PORT must be a whole number from 0 to 65535'],
    ['70000', 'PORT must be at most 65535'],
  ])('refuses PORT=%s', (value, message) => {
    expect(problemsOf({ PORT: value })).toEqual([expect.stringContaining(message)])
  })

  it('keeps answering for SHUTDOWN_GRACE_SECONDS after SIGTERM: none by default, at most a minute', () => {
    expect(loadConfig({}, '/srv').shutdownGraceSeconds).toBe(0)
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '5' }, '/srv').shutdownGraceSeconds).toBe(5)
    expect(problemsOf({ SHUTDOWN_GRACE_SECONDS: '61' })).toEqual(['SHUTDOWN_GRACE_SECONDS must be at most 60 (got "61")'])
    expect(problemsOf({ SHUTDOWN_GRACE_SECONDS: 'soon' })).toHaveLength(1)
  })

  it('has no metrics port unless METRICS_PORT is set; 0 asks for any free port', () => {
    expect(loadConfig({}, '/srv').metricsPort).toBeUndefined()
    expect(loadConfig({ METRICS_PORT: '' }, '/srv').metricsPort).toBeUndefined()
    expect(loadConfig({ METRICS_PORT: '9464' }, '/srv').metricsPort).toBe(9464)
    expect(loadConfig({ METRICS_PORT: '0' }, '/srv').metricsPort).toBe(0)
    expect(problemsOf({ METRICS_PORT: 'on' })).toEqual(['METRICS_PORT must be a whole number from 0 to 65535 (got "on")'])
    expect(problemsOf({ METRICS_PORT: '65536' })).toEqual(['METRICS_PORT must be at most 65535 (got "65536")'])
  })

  it.each([
    'https://accounts.example.org/textup',
    'https://accounts.example.org/?a=1',
    'https://accounts.example.org/#x',
    'https://user:pw@accounts.example.org',
  ])('refuses a PUBLIC_URL that is not an origin: %s', (value) => {
    expect(problemsOf({ PUBLIC_URL: value })).toEqual([expect.stringMatching(/^PUBLIC_URL must be an origin only/)])
  })

  it.each(['ftp://accounts.example.org', 'javascript:alert(1)', 'accounts.example.org'])(
    'refuses a PUBLIC_URL that is not http(s): %s',
    (value) => {
      expect(problemsOf({ PUBLIC_URL: value })).toEqual([expect.stringMatching(/^PUBLIC_URL must be an http:\/\/ or https:\/\/ address/)])
    },
  )

  it.each(['http://mail.corp.test', 'mail.corp.test', 'smtp://mail.corp.test:99999'])('refuses SMTP_URL=%s without echoing it', (value) => {
    const problems = problemsOf({ SMTP_URL: value })
    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ address/)])
    expect(problems.join('\n')).not.toContain(value)
  })

  it('never echoes a password given in a refused URL', () => {
    const problems = problemsOf({
      PUBLIC_URL: 'https://admin:hunter2hunter2@accounts.example.org/x',
      SMTP_URL: 'http://u:s3cret-pass@mail',
    })
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).not.toContain('hunter2hunter2')
    expect(problems.join('\n')).not.toContain('s3cret-pass')
  })

  it.each([
    ['SESSION_IDLE_MINUTES', '0', 'must be at least 1'],
    ['PASSWORD_MIN_LENGTH', '7', 'must be at least 8'],
    ['PASSWORD_MIN_LENGTH', '65', 'must be at most 64'],
    ['RESET_LINK_TTL_MINUTES', 'soon', 'must be a whole number'],
    ['ARGON2_MEMORY_KIB', '1024', 'must be at least 7168'],
    ['TRUST_PROXY', 'maybe', 'must be true or false'],
    ['MFA_REQUIRED_FOR_ADMINS', 'sometimes', 'must be true or false'],
  ])('refuses %s=%s', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([
      `${name} ${message}${message.includes('whole number') ? ' from 5 to 1440' : ''} (got "${value}")`,
    ])
  })

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf({
      PORT: 'abc',
      HOST: '0.0.0.0',
      SMTP_URL: 'http://mail.example.org',
      SESSION_IDLE_MINUTES: '0',
      ARGON2_MEMORY_KIB: '1',
      LOG_LEVEL: 'loud',
    })
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'ARGON2_MEMORY_KIB',
      'LOG_LEVEL',
      'PORT',
      'PUBLIC_URL',
      'SESSION_IDLE_MINUTES',
      'SMTP_URL',
    ])
  })

  it('requires PUBLIC_URL when HOST is not a loopback address', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })).toEqual([
      expect.stringMatching(/^PUBLIC_URL is required when HOST \(0\.0\.0\.0\) is not a loopback address/),
    ])
    expect(problemsOf({ HOST: '192.0.2.10' })).toHaveLength(1)
    expect(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://accounts.example.org' }).host).toBe('0.0.0.0')
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(loadConfig({ HOST: host }).publicUrl).toBeUndefined()
  })
})
