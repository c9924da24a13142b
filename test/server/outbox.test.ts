// The email outbox and its worker: retries with backoff through an SMTP outage, giving up on a
// permanent refusal, surviving a restart, the .eml fallback without SMTP, and link tokens minted
// only at delivery so that a password set meanwhile cancels the reset email.
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { simpleParser } from 'mailparser'
import { describe, expect, it } from 'vitest'
import { setPasswordFor, updateAccount } from '../../server/accounts/admin'
import { sendPasswordResetEmail } from '../../server/accounts/admin-emails'
import { Browser } from '../helpers/browser'
import { testClock, type TestClock } from '../helpers/clock'
import { auditEvents, workerIdle } from '../helpers/db'
import { NEW_PASSWORD, openResetLink } from '../helpers/flows'
import { useTestServers } from '../helpers/servers'
import { SmtpReceiver } from '../helpers/smtp-receiver'
import { startTestServer, TEST_OPERATOR, removeDataDir, tempDataDir, type TestServer } from '../helpers/test-server'
import { waitUntil } from '../helpers/wait'

const start = useTestServers()

async function forgot(t: TestServer, username: string) {
  const browser = new Browser(t.url)
  await browser.get('/forgot-password')
  expect((await browser.post('/forgot-password', { username })).status).toBe(303)
}

async function outboxRows(t: TestServer) {
  return t.server.context.db.selectFrom('outbox').selectAll().orderBy('id').execute()
}

/** Waits until every outbox row has been tried `attempts` times (and is waiting for its retry). */
async function attemptsReached(t: TestServer, attempts: number, count: number) {
  return waitUntil(async () => {
    const rows = await outboxRows(t)
    return rows.length === count && rows.every((r) => r.attempts === attempts && r.locked_until === null && r.last_error !== null) && rows
  }, `${count} message(s) tried ${attempts} time(s)`)
}

/** Moves the clock past every scheduled retry and tells the worker. */
async function advancePastRetries(t: TestServer, clock: TestClock) {
  const rows = await outboxRows(t)
  const latest = Math.max(...rows.map((r) => Date.parse(r.next_attempt_at)))
  clock.set(new Date(latest + 1))
  t.server.context.wakeMailWorker()
}

describe('the outbox', () => {
  it('retries through an SMTP outage (451) with growing backoff, then delivers every message once', async () => {
    const clock = testClock()
    const t = await start({ clock })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await t.createUser({ username: 'bob', email: 'bob@example.org' })
    t.smtp.refuseWith = 451
    await forgot(t, 'ann')
    await forgot(t, 'bob')

    let rows = await attemptsReached(t, 1, 2)
    const firstDelays = rows.map((r) => Date.parse(r.next_attempt_at) - clock().getTime())
    for (const delay of firstDelays) {
      // About 2 s, with jitter.
      expect(delay).toBeGreaterThanOrEqual(1600)
      expect(delay).toBeLessThanOrEqual(2400)
    }
    for (const row of rows) {
      expect(row.status).toBe('pending')
      expect(row.last_error).toContain('451')
    }
    // Not retried before it is due: while the clock stands still, the worker goes through whole
    // rounds (each one settling a forgot-password request) without trying the waiting messages.
    for (const name of ['nobody-1', 'nobody-2']) {
      await forgot(t, name)
      await waitUntil(
        async () => (await auditEvents(t.server.context.db, 'password_reset_requested')).some((e) => e.username === name),
        `${name} settled`,
      )
    }
    expect(t.smtp.refusals).toBe(2)
    expect((await outboxRows(t)).map((r) => r.attempts)).toEqual([1, 1])

    await advancePastRetries(t, clock)
    rows = await attemptsReached(t, 2, 2)
    const now = clock().getTime()
    for (const row of rows) {
      const delay = Date.parse(row.next_attempt_at) - now
      expect(delay).toBeGreaterThanOrEqual(3200)
      expect(delay).toBeLessThanOrEqual(4800)
    }
    expect(t.smtp.refusals).toBe(4)
    expect(t.smtp.messages).toEqual([])

    // The mail server is back.
    t.smtp.refuseWith = undefined
    await advancePastRetries(t, clock)
    await t.smtp.waitFor(() => true, 2)
    await waitUntil(async () => (await outboxRows(t)).every((r) => r.status === 'sent'), 'both messages marked sent')
    expect(t.smtp.messages.flatMap((m) => m.to).sort()).toEqual(['ann@example.org', 'bob@example.org'])
    expect(t.smtp.to('ann@example.org')).toHaveLength(1)
    expect(t.smtp.to('bob@example.org')).toHaveLength(1)
    // The link delivered after the outage works.
    const link = t.smtp.to('ann@example.org')[0]!.links.find((l) => l.includes('/reset-password?token='))!
    expect((await openResetLink(new Browser(t.url), link)).status).toBe(200)
    const emailed = await auditEvents(t.server.context.db, 'password_reset_emailed')
    expect(emailed.map((e) => e.parsed.attempts)).toEqual([3, 3])
  })

  it('gives up on a permanent refusal (550) after 3 attempts and audits email_failed', async () => {
    const clock = testClock()
    const t = await start({ clock })
    await t.createUser({ username: 'ann', email: 'ann@example.org' })
    t.smtp.refuseWith = 550
    await forgot(t, 'ann')
    await attemptsReached(t, 1, 1)
    await advancePastRetries(t, clock)
    await attemptsReached(t, 2, 1)
    await advancePastRetries(t, clock)
    const [row] = await waitUntil(async () => {
      const rows = await outboxRows(t)
      return rows[0]?.status === 'failed' && rows
    }, 'the message to be given up')
    expect(row).toMatchObject({ attempts: 3, status: 'failed' })
    expect(row!.last_error).toContain('550')
    expect(t.smtp.refusals).toBe(3)
    const [failed] = await auditEvents(t.server.context.db, 'email_failed')
    expect(failed?.parsed).toMatchObject({ template: 'password-reset', outboxId: row!.id, attempts: 3 })
    expect(failed).toMatchObject({ user_id: row!.user_id, username: 'ann' })
    // Given up means given up, even when the mail server would now take it.
    t.smtp.refuseWith = undefined
    clock.advanceMinutes(60)
    t.server.context.wakeMailWorker()
    await forgot(t, 'ann')
    await t.smtp.waitFor(() => true, 1)
    await waitUntil(async () => (await outboxRows(t))[1]?.status === 'sent', 'the new message to be marked sent')
    expect(t.smtp.messages).toHaveLength(1)
    expect((await outboxRows(t)).map((r) => r.status)).toEqual(['failed', 'sent'])
  })

  it('delivers what was pending when the server stopped, once it runs again on the same data', async () => {
    const dataDir = await tempDataDir()
    const smtp = await SmtpReceiver.start()
    start.afterwards(() => removeDataDir(dataDir))
    start.afterwards(() => smtp.stop())
    const clock = testClock()
    const first = await startTestServer({ dataDir, smtp, clock })
    try {
      await first.createUser({ username: 'ann', email: 'ann@example.org' })
      smtp.refuseWith = 451
      await forgot(first, 'ann')
      await attemptsReached(first, 1, 1)
    } finally {
      await first.close()
    }
    expect(smtp.messages).toEqual([])

    smtp.refuseWith = undefined
    clock.advanceMinutes(1)
    const second = await start({ dataDir, smtp, clock })
    const [email] = await smtp.waitFor((m) => m.to.includes('ann@example.org'))
    const link = email!.links.find((l) => l.includes('/reset-password?token='))!
    expect(link.startsWith(second.server.publicUrl.href)).toBe(true)
    const browser = new Browser(second.url)
    expect((await openResetLink(browser, link)).status).toBe(200)
    expect((await browser.post('/reset-password', { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD })).status).toBe(303)
    expect(smtp.to('ann@example.org').filter((m) => m.subject === 'Reset your TextUp password')).toHaveLength(1)
  })

  it('without SMTP_URL, writes each message as an .eml file under DATA_DIR/outbox and logs where', async () => {
    const t = await start({ smtp: false, logs: true, env: { PUBLIC_URL: 'https://accounts.example.test' } })
    await t.createUser({ username: 'ann', displayName: 'Ann Lee', email: 'ann@example.org' })
    await forgot(t, 'ann')
    const outbox = path.join(t.dataDir, 'outbox')
    const [file] = await waitUntil(async () => {
      const names = await readdir(outbox).catch(() => [])
      return names.length > 0 && names
    }, 'an .eml file')
    expect(file).toMatch(/\.eml$/)
    const full = path.join(outbox, file!)
    // It holds a working link: readable by the server's user only.
    expect((await stat(full)).mode & 0o077).toBe(0)
    const mail = await simpleParser(await readFile(full))
    expect(mail.subject).toBe('Reset your TextUp password')
    expect(mail.text).toContain('Hello Ann Lee')
    expect(mail.html).toContain('Choose a new password')
    const link = /https:\/\/accounts\.example\.test\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0]
    expect(link).toBeDefined()
    expect((await openResetLink(new Browser(t.url), link!)).status).toBe(200)
    const written = await waitUntil(() => t.logs.find((line) => line.includes('"email_written"')), 'the log line')
    expect(written).toContain(full)
    expect(written).not.toContain(new URL(link!).searchParams.get('token')!)
    expect(await auditEvents(t.server.context.db, 'password_reset_emailed')).toHaveLength(1)
  })

  it('mints the link token at delivery, so a password set before delivery cancels the reset email', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await t.createUser({ username: 'bob', email: 'bob@example.org' })
    const db = t.server.context.db
    // A slow mail server keeps the worker busy with bob's email…
    t.smtp.hold()
    await forgot(t, 'bob')
    await waitUntil(() => t.smtp.held === 1, 'the worker to be busy')
    // …while an administrator sends ann a reset link: queued, but no token exists yet.
    const sent = await sendPasswordResetEmail(t.server.context, ann, TEST_OPERATOR, { address: null, userAgent: null })
    expect(sent.ok).toBe(true)
    expect((await outboxRows(t)).map((r) => [r.recipient, r.status])).toContainEqual(['ann@example.org', 'pending'])
    expect(JSON.stringify(await outboxRows(t))).not.toMatch(/token|reset-password\?/)
    expect(await db.selectFrom('password_reset_tokens').select('user_id').where('user_id', '=', ann.id).execute()).toEqual([])

    // Before the email can go, the password is set another way.
    const set = await setPasswordFor(
      t.server.context,
      ann,
      { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD },
      TEST_OPERATOR,
      {
        address: null,
        userAgent: null,
      },
    )
    expect(set.ok).toBe(true)
    t.smtp.release()
    await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'Your TextUp password was changed')
    await waitUntil(() => workerIdle(db), 'the outbox to drain')
    expect(t.smtp.to('ann@example.org').map((m) => m.subject)).toEqual(['Your TextUp password was changed'])
    expect((await outboxRows(t)).find((r) => r.template === 'password-reset' && r.recipient === 'ann@example.org')?.status).toBe(
      'cancelled',
    )
    // No token was ever minted for ann.
    expect(await db.selectFrom('password_reset_tokens').select('user_id').where('user_id', '=', ann.id).execute()).toEqual([])
  })

  it('does not email a link for a forgot-password request that a later password change has answered', async () => {
    const clock = testClock()
    const t = await start({ clock })
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    await t.createUser({ username: 'bob', email: 'bob@example.org' })
    const db = t.server.context.db
    t.smtp.hold()
    await forgot(t, 'bob')
    await waitUntil(() => t.smtp.held === 1, 'the worker to be busy')
    // Ann asks for a link; her request waits behind bob's email.
    await forgot(t, 'ann')
    expect(await db.selectFrom('reset_requests').select('username_key').execute()).toEqual([{ username_key: 'ann' }])
    // Then she calls her administrator, who sets a password for her.
    clock.advanceMinutes(1)
    await setPasswordFor(t.server.context, ann, { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }, TEST_OPERATOR, {
      address: null,
      userAgent: null,
    })
    t.smtp.release()
    await t.smtp.waitFor((m) => m.to.includes('ann@example.org') && m.subject === 'Your TextUp password was changed')
    await waitUntil(() => workerIdle(db), 'the worker to settle everything')
    expect(t.smtp.to('ann@example.org').map((m) => m.subject)).toEqual(['Your TextUp password was changed'])
    expect(await db.selectFrom('password_reset_tokens').select('user_id').where('user_id', '=', ann.id).execute()).toEqual([])
    const requests = await auditEvents(db, 'password_reset_requested')
    expect(requests.find((e) => e.username === 'ann')?.parsed.outcome).toBe('password_set_since')
  })

  it('does not send a link to an address the account no longer has', async () => {
    const t = await start()
    const ann = await t.createUser({ username: 'ann', email: 'ann@old.example' })
    await t.createUser({ username: 'bob', email: 'bob@example.org' })
    t.smtp.hold()
    await forgot(t, 'bob')
    await waitUntil(() => t.smtp.held === 1, 'the worker to be busy')
    await sendPasswordResetEmail(t.server.context, ann, TEST_OPERATOR, { address: null, userAgent: null })
    // The old mailbox was lost: an administrator changes the address before the email goes out.
    await updateAccount(t.server.context, ann, { email: 'ann@new.example' }, TEST_OPERATOR, { address: null, userAgent: null })
    t.smtp.release()
    await waitUntil(() => workerIdle(t.server.context.db), 'the outbox to drain')
    // The old address only hears that the address changed: no link.
    expect(t.smtp.messages.map((m) => [m.to, m.subject, m.links.length]).sort()).toEqual([
      [['ann@old.example'], 'Your TextUp email address was changed', 0],
      [['bob@example.org'], 'Reset your TextUp password', 1],
    ])
    expect((await outboxRows(t)).find((r) => r.recipient === 'ann@old.example' && r.template === 'password-reset')?.status).toBe(
      'cancelled',
    )
    expect(await t.server.context.db.selectFrom('password_reset_tokens').select('user_id').where('user_id', '=', ann.id).execute()).toEqual(
      [],
    )
  })

  it('escapes names in HTML emails and keeps the plain-text part', async () => {
    const t = await start()
    await t.createUser({ username: 'ann', displayName: '<img src=x onerror=alert(1)> Ann', email: 'ann@example.org' })
    await forgot(t, 'ann')
    const [email] = await t.smtp.waitFor((m) => m.to.includes('ann@example.org'))
    expect(email!.html).not.toContain('<img src=x')
    expect(email!.html).toContain('&lt;img src=x onerror=alert(1)&gt; Ann')
    expect(email!.text).toContain('Hello <img src=x onerror=alert(1)> Ann,')
  })

  it('kills the token minted for a failed try at once, and cancels the waiting email when the password is set', async () => {
    const clock = testClock()
    const t = await start({ clock })
    const ann = await t.createUser({ username: 'ann', email: 'ann@example.org' })
    t.smtp.refuseWith = 451
    await forgot(t, 'ann')
    await attemptsReached(t, 1, 1)
    const db = t.server.context.db
    // The link of an email that did not go out is never usable; the retry will mint a new one.
    const [minted] = await db.selectFrom('password_reset_tokens').selectAll().where('user_id', '=', ann.id).execute()
    expect(minted?.revoked_at).not.toBeNull()

    await setPasswordFor(t.server.context, ann, { newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD }, TEST_OPERATOR, {
      address: null,
      userAgent: null,
    })
    const [reset] = await outboxRows(t)
    expect(reset?.status).toBe('cancelled')
    expect(
      (await db.selectFrom('password_reset_tokens').select('revoked_at').where('user_id', '=', ann.id).executeTakeFirstOrThrow())
        .revoked_at,
    ).not.toBeNull()

    t.smtp.refuseWith = undefined
    await advancePastRetries(t, clock)
    await t.smtp.waitFor((m) => m.subject === 'Your TextUp password was changed')
    expect(t.smtp.messages.map((m) => m.subject)).toEqual(['Your TextUp password was changed'])
  })
})
