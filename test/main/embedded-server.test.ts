// Embedded mode: the console's own TextUp server on 127.0.0.1, with its data in a folder of the
// app's; on first run it has no accounts and takes exactly one first admin, under the password
// policy, who can then sign in through the console's API client.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AdminApiClient } from '../../src-main/api-client'
import { enrolOnPages } from './two-step'
import { startEmbeddedServer, type EmbeddedServer } from '../../src-main/embedded-server'
import type { FirstAdminRequest } from '../../src-shared/ipc'
import { NEW_PASSWORD } from '../helpers/flows'
import { translator } from '../../src-shared/i18n/translator'

const en = translator('en')

/** Built by test/global-setup.ts before the tests run. */
const ASSETS = fileURLToPath(new URL('../../dist/assets', import.meta.url))

const ERIC: FirstAdminRequest = {
  username: 'eric',
  displayName: 'Eric Admin',
  email: 'eric@example.org',
  newPassword: NEW_PASSWORD,
  newPasswordConfirmation: NEW_PASSWORD,
}

let dataDir: string
const running: EmbeddedServer[] = []

async function startEmbedded(): Promise<EmbeddedServer> {
  const server = await startEmbeddedServer(dataDir, ASSETS)
  running.push(server)
  return server
}

async function stop(server: EmbeddedServer): Promise<void> {
  running.splice(running.indexOf(server), 1)
  await server.stop()
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'textup-embedded-'))
})

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()))
  await rm(dataDir, { recursive: true, force: true })
})

describe('the embedded server', () => {
  it('listens on 127.0.0.1 only, keeps its data in the folder it was given, and stops', async () => {
    const server = await startEmbedded()
    const url = new URL(server.url)
    expect(url.protocol).toBe('http:')
    expect(url.hostname).toBe('127.0.0.1')
    expect(Number(url.port)).toBeGreaterThan(0)
    expect(server.outboxDir).toBe(path.join(dataDir, 'outbox'))
    const health = await fetch(`${server.url}/login`)
    expect(health.status).toBe(200)
    await stop(server)
    await expect(fetch(`${server.url}/login`)).rejects.toThrow()
  })

  it('comes back at the same address after a restart, so the saved address and a kept session still work', async () => {
    const first = await startEmbedded()
    await stop(first)
    const second = await startEmbedded()
    expect(second.url).toBe(first.url)
  })

  it('takes another address when the last one is taken meanwhile', async () => {
    const first = await startEmbedded()
    await stop(first)
    const squatter = createServer()
    await new Promise<void>((resolve) => squatter.listen(Number(new URL(first.url).port), '127.0.0.1', resolve))
    try {
      const second = await startEmbedded()
      expect(second.url).not.toBe(first.url)
      expect((await fetch(`${second.url}/login`)).status).toBe(200)
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
  })
})

describe('the first admin', () => {
  it('is asked for while there are no accounts, then no more', async () => {
    const server = await startEmbedded()
    expect(await server.needsFirstAdmin()).toBe(true)
    expect(await server.createFirstAdmin(ERIC, en)).toEqual({ ok: true, value: null })
    expect(await server.needsFirstAdmin()).toBe(false)
  })

  it('must have a password that meets the policy', async () => {
    const server = await startEmbedded()
    const weak = await server.createFirstAdmin({ ...ERIC, newPassword: 'password', newPasswordConfirmation: 'password' }, en)
    expect(weak).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(weak.ok ? [] : weak.error.fieldErrors?.newPassword).toContain(
      'Use at least 15 characters (this has 8). A few unrelated words make a long password that is easy to remember.',
    )
    const mismatch = await server.createFirstAdmin({ ...ERIC, newPasswordConfirmation: `${NEW_PASSWORD}!` }, en)
    expect(mismatch).toMatchObject({ ok: false, error: { kind: 'invalid' } })
    expect(mismatch.ok ? {} : (mismatch.error.fieldErrors ?? {})).toHaveProperty('newPasswordConfirmation')
    expect(await server.needsFirstAdmin()).toBe(true)
    // A corrected form goes through.
    expect(await server.createFirstAdmin(ERIC, en)).toEqual({ ok: true, value: null })
  })

  it('is created once: a second request is a conflict', async () => {
    const server = await startEmbedded()
    expect((await server.createFirstAdmin(ERIC, en)).ok).toBe(true)
    expect(await server.createFirstAdmin({ ...ERIC, username: 'mallory', email: 'mallory@example.org' }, en)).toMatchObject({
      ok: false,
      error: { kind: 'conflict' },
    })
  })

  it('is created once even when asked twice at the same moment (a double click)', async () => {
    const server = await startEmbedded()
    const results = await Promise.all([server.createFirstAdmin(ERIC, en), server.createFirstAdmin(ERIC, en)])
    expect(results.filter((result) => result.ok)).not.toHaveLength(0)
    const client = new AdminApiClient(server.url)
    // The one admin's password is right (then asked to set up a second factor); the second was never created.
    expect(await client.signIn('eric', NEW_PASSWORD)).toMatchObject({ ok: false, error: { kind: 'second_factor_setup_required' } })
    expect(await client.signIn('mallory', NEW_PASSWORD)).toMatchObject({ ok: false, error: { kind: 'invalid' } })
  })

  it('signs in to the console through the API client, as an admin', async () => {
    const server = await startEmbedded()
    await server.createFirstAdmin(ERIC, en)
    const client = new AdminApiClient(server.url)
    // MFA_REQUIRED_FOR_ADMINS: first an authenticator app, set up on the account page in a browser.
    // The server names the page at its public address (PUBLIC_URL: by default localhost on its port);
    // the console's handlers open the page at the address signed in to instead (handlers.test.ts).
    const enrolUrl = `http://localhost:${new URL(server.url).port}/account/two-factor`
    expect(await client.signIn('eric', NEW_PASSWORD)).toMatchObject({
      ok: false,
      error: { kind: 'second_factor_setup_required', enrolUrl },
    })
    const code = await enrolOnPages(server.url, 'eric', NEW_PASSWORD)
    const step = await client.signIn('eric', NEW_PASSWORD)
    if (!step.ok || step.value.step !== 'second_factor') throw new Error('expected a challenge')
    const signedIn = await client.completeSignIn(step.value.challenge.challenge, code())
    expect(signedIn).toMatchObject({
      ok: true,
      value: { user: { username: 'eric', displayName: 'Eric Admin', email: 'eric@example.org', role: 'admin', active: true } },
    })
    expect(await client.currentSession()).toMatchObject({ ok: true, value: { user: { username: 'eric' } } })
  })
})
