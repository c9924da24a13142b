// Names with invisible direction or line controls are refused at the API before anything is written,
// with a field error saying what to remove; the joiners Persian, Indic scripts and emoji need are kept.
import { describe, expect, it } from 'vitest'
import { Browser, visibleText } from '../helpers/browser'
import { snapshot } from '../helpers/db'
import { useTestServers } from '../helpers/servers'
import { call, ericAndMichelle, expectProblem, userViewOf } from './helpers'

const start = useTestServers()

describe('names with invisible characters', () => {
  it('PATCH /api/users/:id refuses a right-to-left override or a line separator in the name (400 errors.displayName), writing nothing', async () => {
    const t = await start()
    const { michelle, token } = await ericAndMichelle(t)
    const before = await snapshot(t.server.context.db)

    const reversed = expectProblem(
      await call(t, 'patch', `/api/users/${michelle.id}`, { token, body: { displayName: 'Michelle \u202Egro.elpmaxe@cire' } }),
      400,
    )
    expect(reversed.errors).toEqual({
      displayName: ['Remove the hidden text-direction mark (U+202E) from the name: it makes text show in another order.'],
    })
    const twoLines = expectProblem(
      await call(t, 'patch', `/api/users/${michelle.id}`, {
        token,
        body: { displayName: 'Michelle\u2028Your password expired', role: 'admin' },
      }),
      400,
    )
    expect(twoLines.errors).toEqual({ displayName: ['Remove the line break (U+2028) from the name: it must be on one line.'] })

    expect(await snapshot(t.server.context.db)).toEqual(before)
    expect(userViewOf(await call(t, 'get', `/api/users/${michelle.id}`, { token }))).toMatchObject({
      displayName: 'Michelle Obi',
      role: 'user',
    })
  })

  it('POST /api/users refuses them too, and accepts a Persian name with a zero width non-joiner and an emoji sequence', async () => {
    const t = await start()
    const { token } = await ericAndMichelle(t)
    const account = (displayName: string, username: string) => ({
      username,
      displayName,
      email: `${username}@example.org`,
      role: 'user',
      newPassword: 'juniper kettle mosaic drum',
      newPasswordConfirmation: 'juniper kettle mosaic drum',
    })
    const before = await snapshot(t.server.context.db)
    const refused = expectProblem(await call(t, 'post', '/api/users', { token, body: account('Nadia\u200BPark', 'nadia') }), 400)
    expect(refused.errors).toEqual({ displayName: ['Remove the invisible character (U+200B) from the name.'] })
    expect(await snapshot(t.server.context.db)).toEqual(before)

    for (const [displayName, username] of [
      ['مهدی\u200Cزاده', 'mahdi'],
      ['Ann \u{1F469}\u200D\u{1F4BB}', 'ann'],
    ] as const) {
      const created = await call(t, 'post', '/api/users', { token, body: account(displayName, username) })
      expect(created.status, created.text).toBe(201)
      expect(userViewOf(created).displayName).toBe(displayName)
    }
  })

  it('the sign-in page refuses a typed username with a text-direction mark with the field error, not as a wrong password', async () => {
    const t = await start()
    await t.createUser({ username: 'ann' })
    const browser = new Browser(t.url)
    await browser.get('/login')
    const page = await browser.post('/login', { username: 'ann\u202E', password: 'plum tractor velvet orbit' })
    expect(page.status).toBe(400)
    expect(visibleText(page.text)).toContain('Remove the hidden text-direction mark (U+202E) from the username')
  })
})
