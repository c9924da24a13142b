// The account field rules shared by the pages, the API, the CLI and the console: names and typed
// usernames refuse invisible characters that change how text is shown, and say which one to remove,
// while the joiners some scripts and emoji need are kept.
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { displayNameSchema, emailSchema, typedUsernameSchema, usernameSchema } from '../../src-shared/accounts'
import { translator } from '../../src-shared/i18n/translator'
import { issueMessage } from '../../src-shared/i18n/validation'

/** What the schema says about the value, as an English reader sees it. */
function messages(schema: z.ZodType, value: string): string[] {
  return schema.safeParse(value).error?.issues.map((issue) => issueMessage(translator('en'), issue)) ?? []
}

describe('display names', () => {
  it.each([
    [
      'a right-to-left override',
      'Eric \u202Egro.elpmaxe',
      'Remove the hidden text-direction mark (U+202E) from the name: it makes text show in another order.',
    ],
    [
      'a left-to-right embedding',
      'Eric \u202AAdmin',
      'Remove the hidden text-direction mark (U+202A) from the name: it makes text show in another order.',
    ],
    [
      'a pop directional formatting',
      'Eric\u202C Admin',
      'Remove the hidden text-direction mark (U+202C) from the name: it makes text show in another order.',
    ],
    [
      'a right-to-left isolate',
      'Eric \u2067Admin\u2069',
      'Remove the hidden text-direction mark (U+2067) from the name: it makes text show in another order.',
    ],
    [
      'a right-to-left mark',
      'Eric\u200F Admin',
      'Remove the hidden text-direction mark (U+200F) from the name: it makes text show in another order.',
    ],
    [
      'an Arabic letter mark',
      'Eric\u061C Admin',
      'Remove the hidden text-direction mark (U+061C) from the name: it makes text show in another order.',
    ],
    ['a line separator', 'Eric\u2028Subject: urgent', 'Remove the line break (U+2028) from the name: it must be on one line.'],
    ['a paragraph separator', 'Eric\u2029Admin', 'Remove the line break (U+2029) from the name: it must be on one line.'],
    ['a zero-width space', 'Eric\u200BAdmin', 'Remove the invisible character (U+200B) from the name.'],
    ['a soft hyphen', 'Er\u00ADic', 'Remove the invisible character (U+00AD) from the name.'],
    ['a tag character (hidden ASCII)', 'Eric\u{E0041}\u{E0042}', 'Remove the invisible character (U+E0041) from the name.'],
    ['a byte order mark inside', 'Eric\uFEFFAdmin', 'Remove the invisible character (U+FEFF) from the name.'],
    ['a joiner at the end', 'Eric\u200D', 'Remove the invisible joiner (U+200D) from the name: it may only join two letters or symbols.'],
    [
      'a joiner beside a space',
      'Eric \u200CAdmin',
      'Remove the invisible joiner (U+200C) from the name: it may only join two letters or symbols.',
    ],
    ['a joiner at the start', '\u200DEric', 'Remove the invisible joiner (U+200D) from the name: it may only join two letters or symbols.'],
    [
      'two joiners in a row',
      'Er\u200D\u200Dic',
      'Remove the invisible joiner (U+200D) from the name: it may only join two letters or symbols.',
    ],
  ])('refuses %s and says which character to remove', (_label, name, message) => {
    expect(messages(displayNameSchema, name)).toEqual([message])
  })

  it.each([
    ['Latin with accents', 'Élodie Durand-Ó Briain'],
    ['Persian with a zero width non-joiner', 'مهدی\u200Cزاده'],
    ['Devanagari with a zero width joiner after the virama', 'क्\u200Dष Sharma'],
    ['Malayalam with a word-final joiner after the virama (old chillu spelling)', 'അവന്\u200D Nair'],
    ['Sinhala with a zero width joiner', 'ශ්\u200Dරී Perera'],
    ['an emoji sequence joined by U+200D', 'Ann \u{1F469}\u200D\u{1F4BB}'],
    ['an emoji sequence with variation selectors', 'Ann \u{1F441}\uFE0F\u200D\u{1F5E8}\uFE0F'],
    ['Hebrew (right-to-left letters, no control characters)', 'דוד לוי'],
    ['no-break and ideographic spaces', 'Jean\u00A0Dupont\u3000'],
  ])('accepts %s', (_label, name) => {
    expect(displayNameSchema.safeParse(name)).toEqual({ success: true, data: name.trim() })
  })

  it('drops separators and a byte order mark at either end, as it drops spaces', () => {
    expect(displayNameSchema.parse('\u2028Eric Admin\uFEFF\u2029')).toBe('Eric Admin')
  })
})

describe('typed usernames (sign-in, forgot password, the API session)', () => {
  it('refuse invisible characters with the same words, for the username', () => {
    expect(messages(typedUsernameSchema, 'eric\u202E')).toEqual([
      'Remove the hidden text-direction mark (U+202E) from the username: it makes text show in another order.',
    ])
    expect(messages(typedUsernameSchema, 'er\u200Bic')).toEqual(['Remove the invisible character (U+200B) from the username.'])
    expect(typedUsernameSchema.parse(' eric ')).toBe('eric')
  })

  it('can never have matched an account: usernames are ASCII letters, digits and . _ @ -', () => {
    for (const username of ['eric\u202E', 'er\u200Dic', 'er\u2028ic'])
      expect(usernameSchema.safeParse(username).success, username).toBe(false)
  })
})

describe('email addresses', () => {
  it('already refuse every invisible character: z.email() accepts ASCII only', () => {
    for (const email of [
      'eric\u202E@example.org',
      'eric@exa\u200Bmple.org',
      'e\u200Dric@example.org',
      'eric@example\u2028.org',
      'eric\u{E0041}@example.org',
    ]) {
      expect(emailSchema.safeParse(email).success, JSON.stringify(email)).toBe(false)
    }
    expect(emailSchema.parse('eric@example.org')).toBe('eric@example.org')
  })
})
