// The password policy shared by the pages, the API, the CLI and the console (NIST SP 800-63B-4 for a
// password that is the only factor): what it accepts, what it refuses, and that it always says why.
import { dictionary as commonDictionary } from '@zxcvbn-ts/language-common'
import { describe, expect, it } from 'vitest'
import {
  assessPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH_DEFAULT,
  PASSWORD_MIN_LENGTH_FLOOR,
  passwordLength,
  type PasswordProblemCode,
} from '../../src-shared/password-policy'
import { translator } from '../../src-shared/i18n/translator'

const english = translator('en')

const codes = async (password: string, options?: Parameters<typeof assessPassword>[1]): Promise<PasswordProblemCode[]> =>
  (await assessPassword(password, options)).problems.map((p) => p.code)

/** A passphrase of unrelated words and digits, exactly `length` characters long. */
function passphrase(length: number): string {
  const words = ['lantern', 'meadow', 'copper', 'finch', 'harbor', 'quartz', 'saffron', 'glacier', 'mosaic', 'thimble', 'juniper', 'falcon']
  let text = ''
  for (let i = 0; [...text].length < length; i++) text += `${words[i % words.length]}${(i * 7) % 10} `
  return text.slice(0, length)
}

describe('length', () => {
  it('asks for 15 characters by default', async () => {
    expect(PASSWORD_MIN_LENGTH_DEFAULT).toBe(15)
    const fourteen = 'tb8Kq#2zLw9!mR'
    expect(await codes(fourteen)).toEqual(['too_short'])
    expect(english.text((await assessPassword(fourteen)).problems[0]!.message)).toContain('at least 15 characters (this has 14)')
    expect((await assessPassword(`${fourteen}v`)).ok).toBe(true)
  })

  it('can be configured down to 8 characters, never below', async () => {
    expect(PASSWORD_MIN_LENGTH_FLOOR).toBe(8)
    expect((await assessPassword('tb8Kq#2z', { minLength: 8 })).ok).toBe(true)
    expect(await codes('tb8Kq#2', { minLength: 8 })).toEqual(['too_short'])
  })

  it('accepts 64 characters and more, up to 256', async () => {
    for (const length of [64, 65, 100, PASSWORD_MAX_LENGTH]) {
      const password = passphrase(length)
      expect(passwordLength(password)).toBe(length)
      expect(await assessPassword(password), `${length} characters`).toMatchObject({ ok: true, problems: [] })
    }
  })

  it('refuses more than 256 characters, saying how many it has', async () => {
    expect(PASSWORD_MAX_LENGTH).toBe(256)
    const result = await assessPassword(passphrase(257))
    expect(result.problems.map((p) => p.code)).toEqual(['too_long'])
    expect(english.text(result.problems[0]!.message)).toBe('Use at most 256 characters (this has 257).')
  })

  it('counts characters as people do: code points, not UTF-16 units', async () => {
    expect('😀'.length).toBe(2)
    expect(passwordLength('😀')).toBe(1)
    const fifteenEmoji = '😀🎉🚀🌈🍕🐱🎸🏀📚🔑🌍🎯🧩🛸🦊'
    expect(passwordLength(fifteenEmoji)).toBe(15)
    expect((await assessPassword(fifteenEmoji)).ok).toBe(true)
    const fourteen = [...fifteenEmoji].slice(0, 14).join('')
    expect(fourteen.length).toBe(28)
    expect(english.text((await assessPassword(fourteen)).problems[0]!.message)).toContain('(this has 14)')
  })

  it('measures the normalised (NFKC) password, so composed and decomposed accents count the same', () => {
    expect(passwordLength('e\u0301')).toBe(1)
    expect(passwordLength('é')).toBe(1)
  })
})

describe('refusals', () => {
  it('refuses common passwords from the package list, whatever their case', async () => {
    const list = commonDictionary['passwords-common']
    expect(list.length).toBeGreaterThan(10_000)
    // Long enough to pass the length rule on their own: only the list catches them.
    const long = list.filter((p) => [...p].length >= 15).slice(0, 5)
    expect(long.length).toBe(5)
    for (const password of long) expect(await codes(password), password).toContain('common')
    expect(await codes('PasswordPassword')).toContain('common')
    expect(await codes('password', { minLength: 8 })).toEqual(['common'])
  })

  it('refuses a password built from the username, name or email address', async () => {
    const person = { username: 'michelle.obi', displayName: 'Michelle Obi', email: 'mobi@example.org' }
    for (const password of ['michelle.obi2024!!', 'MichelleObi-MichelleObi', 'mobi@example.org1', 'michelle.obi michelle.obi']) {
      expect(await codes(password, { context: person }), password).toContain('personal')
    }
    // The same characters are fine for someone else.
    expect(await codes('michelle.obi2024!!', { context: { username: 'eric' } })).not.toContain('personal')
    // So is a password that merely contains a name among enough other characters.
    expect((await assessPassword('michelle plum tractor velvet orbit', { context: person })).ok).toBe(true)
  })

  it('refuses the product name as the bulk of a password', async () => {
    expect(await codes('textuptextuptextup')).toContain('personal')
  })

  it('refuses predictable patterns: repetition, sequences, keyboard walks', async () => {
    for (const password of ['aaaaaaaaaaaaaaaa', 'abcdefghijklmnopq', 'qwertyuiopasdfghjkl', '1234567890123456', 'iloveyouiloveyou']) {
      expect(await codes(password), password).toEqual(['predictable'])
    }
  })

  it('refuses control characters (tabs, line breaks, C1 controls)', async () => {
    for (const password of [
      'correct horse\tbattery staple',
      'correct horse\nbattery staple',
      'correct horse\u0085battery staple',
      'correct horse\u0000battery staple',
    ]) {
      expect(await codes(password), JSON.stringify(password)).toContain('control_characters')
    }
  })

  it('asks for a password when there is none', async () => {
    expect(await assessPassword('')).toMatchObject({ ok: false, problems: [{ code: 'required' }] })
    expect(english.text((await assessPassword('')).problems[0]!.message)).toBe('Enter a new password.')
  })

  it('has no composition rules: lowercase words alone are fine', async () => {
    expect((await assessPassword('trombone asteroid umbrella kettle')).ok).toBe(true)
  })

  it('gives every rejection a sentence a person can act on, and reports every problem at once', async () => {
    const samples = [
      '',
      'short',
      'password',
      passphrase(300),
      'aaaaaaaaaaaaaaaa',
      'correct horse\tbattery staple',
      'michelle.obi2024!!',
      '1qaz2wsx3edc4rfv',
    ]
    for (const password of samples) {
      const result = await assessPassword(password, { context: { username: 'michelle.obi' } })
      expect(result.ok, JSON.stringify(password)).toBe(false)
      expect(result.problems.length).toBeGreaterThan(0)
      for (const problem of result.problems) expect(english.text(problem.message)).toMatch(/^[A-Z].{15,}\.$/)
    }
    expect(await codes('pass\tword')).toEqual(['too_short', 'control_characters'])
  })

  it('shows a weak strength for a refused password and a fair one or better for an accepted one', async () => {
    expect((await assessPassword('aaaaaaaaaaaaaaaa')).strength.score).toBeLessThanOrEqual(1)
    expect((await assessPassword('plum tractor velvet orbit')).strength.score).toBeGreaterThanOrEqual(2)
  })

  it('refuses a huge input as too long (the estimator only looks at a bounded prefix of it)', async () => {
    expect(await codes('x'.repeat(1024))).toContain('too_long')
  })
})

describe('in the reader’s language', () => {
  it('gives its reasons and the estimator’s own warning in German, from zxcvbn-ts’s German language package', async () => {
    const result = await assessPassword('qwertyuiopasdfghjkl')
    const predictable = result.problems.find((p) => p.code === 'predictable')
    expect(predictable).toBeDefined()
    const german = translator('de').text(predictable!.message)
    expect(german).toBe(
      'Dieses Passwort ist zu leicht zu erraten. Dies weist Ähnlichkeit zu anderen oft verwendeten Passwörtern auf. Vermeiden Sie wiederholte Zeichen, Zeichenfolgen und Tastaturmuster.',
    )
    expect(english.text(predictable!.message)).toBe(
      'This password is too easy to guess. This is similar to a commonly used password. Avoid repeated characters, sequences and keyboard patterns.',
    )
    expect(translator('de').text(result.strength.label)).toMatch(/schwach/i)
  })

  it('knows German words, whatever language the reader has (English dictionaries alone rate these strong)', async () => {
    for (const password of ['Bundesrepublik!', 'Hauptbahnhof2024']) {
      expect((await assessPassword(password)).problems.map((p) => p.code)).toEqual(['predictable'])
    }
  })
})
