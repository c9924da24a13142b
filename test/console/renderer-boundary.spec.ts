// What a script in the console's page can reach, seen as an attacker who got one in would: only
// window.textup, with every argument checked by the main process; no network, no Node. (Also
// checks that the harness carries calls as Electron's IPC does, `undefined` included.)
import { CONSOLE_METHODS } from '../../src-shared/ipc'
import { expect, test } from './harness'
import { createPerson, ERIC, expectSignedIn, signInToConsole } from './steps'

interface PageGlobals {
  textup: Record<string, (...args: unknown[]) => Promise<unknown>>
}

test('a script in the page gets the narrow API only, and the main process checks its arguments', async ({ startConsole, textup }) => {
  await createPerson(textup, ERIC)
  const { page, crossings } = await startConsole({ allowProblems: [/Refused to connect/, /Content Security Policy/] })
  await signInToConsole(page, textup.url, ERIC)
  await expectSignedIn(page, ERIC)
  const ericId = (
    await textup.server.context.db.selectFrom('users').select('id').where('username', '=', ERIC.username).executeTakeFirstOrThrow()
  ).id

  const seen = await page.evaluate(
    async ({ serverUrl, ericId }) => {
      const page = globalThis as unknown as PageGlobals & Record<string, unknown>
      const api = page.textup
      const attempt = async (call: () => Promise<unknown>) =>
        call().then(
          (value) => ({ resolved: value }),
          (error: unknown) => ({ rejected: String(error) }),
        )
      let reassigned = true
      try {
        page.textup = {}
      } catch {
        reassigned = false
      }
      return {
        methods: Object.keys(api).sort(),
        frozen: Object.isFrozen(api),
        reassigned: reassigned && page.textup !== api,
        node: ['require', 'process', 'module', 'Buffer', 'ipcRenderer', 'electron'].filter((name) => name in page),
        // Arguments the schemas refuse come back as field errors; they never reach a handler.
        badId: await attempt(() => api.getUser!('../../api/session')),
        extraField: await attempt(() =>
          api.signIn!({ serverUrl: serverUrl, username: 'eric', password: 'x', keepSignedIn: false, admin: true }),
        ),
        wrongType: await attempt(() => api.searchUsers!({ q: 42 })),
        badAssess: await attempt(() => api.assessPassword!(null, {})),
        // `undefined` arrives as undefined, as with Electron's structured clone (null would be refused).
        firstEvents: await attempt(() => api.listUserEvents!(ericId, undefined)),
        nullCursor: await attempt(() => api.listUserEvents!(ericId, null)),
        // No network: the CSP's connect-src 'none' stops the page from calling the server itself.
        fetch: await attempt(() => fetch(`${serverUrl}/api/session`).then((response) => response.status)),
      }
    },
    { serverUrl: textup.url, ericId },
  )

  expect(seen.methods).toEqual([...CONSOLE_METHODS, 'onMenuCommand'].sort())
  expect(seen.frozen).toBe(true)
  expect(seen.reassigned).toBe(false)
  expect(seen.node).toEqual([])
  expect(seen.badId).toEqual({
    resolved: {
      ok: false,
      error: { kind: 'invalid', title: 'Some fields need attention.', fieldErrors: { _arguments: ['That is not a user id.'] } },
    },
  })
  // (The schemas' own answer: a handler's would be the server's "The username or password is not right.")
  expect(seen.extraField).toMatchObject({
    resolved: {
      ok: false,
      error: { kind: 'invalid', title: 'Some fields need attention.', fieldErrors: { _arguments: [expect.any(String)] } },
    },
  })
  expect(seen.wrongType).toMatchObject({ resolved: { ok: false, error: { kind: 'invalid', fieldErrors: { q: [expect.any(String)] } } } })
  expect(seen.badAssess).toMatchObject({ rejected: expect.stringContaining('Invalid arguments for assessPassword') })
  expect(seen.firstEvents).toMatchObject({ resolved: { ok: true, value: { events: expect.any(Array) } } })
  expect(seen.nullCursor).toMatchObject({ resolved: { ok: false, error: { kind: 'invalid' } } })
  expect(seen.fetch).toMatchObject({ rejected: expect.stringContaining('Failed to fetch') })
  expect(crossings.find((crossing) => crossing.method === 'listUserEvents' && crossing.args.length === 2)?.args[1]).toBeUndefined()
})
