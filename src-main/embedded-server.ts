// Embedded mode: with no server address configured, the console runs the TextUp server itself,
// bound to 127.0.0.1, with its data in the app's user-data folder. On first run there are no
// accounts yet, so the console asks for the first admin account.
import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { createFirstAdmin, needsFirstAdmin } from '../server/accounts/first-admin'
import { loadConfig } from '../server/config'
import { startServer, type RunningServer } from '../server/server'
import { translateFields } from '../src-shared/errors'
import type { Translator } from '../src-shared/i18n/translator'
import type { FirstAdminRequest, Outcome } from '../src-shared/ipc'

export interface EmbeddedServer {
  url: string
  passwordMinLength: number
  /** MFA_REQUIRED_FOR_ADMINS: the first admin sets up a second factor on the account page before signing in here. */
  secondFactorRequiredForAdmins: boolean
  /** Where emails are written, since the embedded server has no mail server to send through. */
  outboxDir: string
  needsFirstAdmin(): Promise<boolean>
  /** `t`: the console's language, for the refusals. */
  createFirstAdmin(request: FirstAdminRequest, t: Translator): Promise<Outcome<null>>
  stop(): Promise<void>
}

export async function startEmbeddedServer(dataDir: string, assetsDir: string): Promise<EmbeddedServer> {
  const portFile = path.join(dataDir, 'port')
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(await portToUse(portFile)), LOG_LEVEL: 'warn' })
  // Hashing on libuv's pool rather than threads of the server's own: those would start a file from
  // inside the asar archive, and a server on 127.0.0.1 for one admin sees no storms of sign-ins.
  const server = await startServer(config, { assetsDir, hashing: 'libuv' })
  // Without it the next start gets a new address; the server works all the same.
  await writeFile(portFile, server.url.port).catch(() => undefined)
  return embeddedServer(server, path.join(dataDir, 'outbox'))
}

/**
 * The port of the last run: the server's address is what the sign-in form remembers, what "Keep me
 * signed in" finds its token by and where links in saved emails point, so it must not change at
 * every start. When something else took the port meanwhile, any free one (0).
 */
async function portToUse(portFile: string): Promise<number> {
  const saved = Number((await readFile(portFile, 'utf8').catch(() => '')).trim())
  if (!Number.isInteger(saved) || saved < 1024 || saved > 65535) return 0
  return (await isFree(saved)) ? saved : 0
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

export function embeddedServer(server: RunningServer, outboxDir: string): EmbeddedServer {
  let creating: Promise<Outcome<null>> | undefined

  return {
    url: server.url.origin,
    passwordMinLength: server.context.config.passwordMinLength,
    secondFactorRequiredForAdmins: server.context.config.mfaRequiredForAdmins,
    outboxDir,
    needsFirstAdmin: () => needsFirstAdmin(server.context),
    createFirstAdmin(request, t) {
      // A double click gets the answer of the first; the database itself allows one first admin.
      creating ??= (async (): Promise<Outcome<null>> => {
        const result = await createFirstAdmin(
          server.context,
          {
            username: request.username,
            displayName: request.displayName,
            email: request.email,
            password: { newPassword: request.newPassword, newPasswordConfirmation: request.newPasswordConfirmation },
          },
          { address: '127.0.0.1', userAgent: 'textup-console' },
        )
        if (result.ok) return { ok: true, value: null }
        if ('reason' in result) {
          return {
            ok: false,
            error: { kind: 'conflict', title: t.t('native.firstAdmin.hasAccounts'), detail: t.t('native.firstAdmin.hasAccountsDetail') },
          }
        }
        return { ok: false, error: { kind: 'invalid', title: t.t('native.ipc.invalid'), fieldErrors: translateFields(t, result.errors) } }
      })().finally(() => {
        creating = undefined
      })
      return creating
    },
    stop: () => server.stop(),
  }
}
