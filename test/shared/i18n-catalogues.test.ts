// The catalogues are complete: every language has every message, with the same placeholders,
// plurals and tags as English, and nothing left in English by mistake.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { describe, expect, it } from 'vitest'
import { LOCALES, negotiateLocale, PSEUDO_LOCALE } from '../../src-shared/i18n/locales'
import { de, en, type MessageId } from '../../src-shared/i18n/messages/index'
import { PSEUDO_END, PSEUDO_START } from '../../src-shared/i18n/pseudo'
import { translator } from '../../src-shared/i18n/translator'

const CATALOGUES = { en, de } satisfies Record<(typeof LOCALES)[number], unknown>
const ids = Object.keys(en) as MessageId[]

/** The placeholders, plural/select arguments and tags a message uses, as sorted "kind:name" strings. */
function signature(message: string): string[] {
  const found = new Set<string>()
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if (e.type === TYPE.literal || e.type === TYPE.pound) continue
      if (e.type === TYPE.tag) {
        found.add(`tag:${e.value}`)
        walk(e.children)
      } else found.add(`${TYPE[e.type]}:${e.value}`)
      if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) walk(option.value)
    }
  }
  walk(parse(message))
  return [...found].sort()
}

/** Words that read the same in German and English, so a message of only these is not untranslated. */
const SAME_IN_GERMAN = new Set([
  'textup',
  'name',
  'username',
  'e-mail',
  'email',
  'passkey',
  'status',
  'admin',
  'ok',
  'deutsch',
  'english',
  'code',
])

describe('message catalogues', () => {
  it.each(Object.entries(CATALOGUES))('%s has exactly the English messages', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual([...ids].sort())
  })

  it('every translation has the same placeholders, plurals and tags as English', () => {
    const different = ids.filter((id) => signature(de[id]).join() !== signature(en[id]).join())
    expect(different.map((id) => `${id}: ${de[id]}`)).toEqual([])
  })

  it('German is translated, not English left in place', () => {
    const untranslated = ids.filter((id) => {
      const words = en[id].toLowerCase().match(/[a-z]+/g) ?? []
      return de[id] === en[id] && words.some((word) => !SAME_IN_GERMAN.has(word))
    })
    expect(untranslated).toEqual([])
  })

  it('every message formats in every language, the pseudo-locale bracketed', () => {
    for (const locale of [...LOCALES, PSEUDO_LOCALE] as const) {
      const { rich } = translator(locale)
      for (const id of ids) {
        const values = Object.fromEntries(
          signature(en[id]).map((entry) => {
            const [kind = '', name = ''] = entry.split(':')
            return [name, kind === 'tag' ? (chunks: unknown[]) => chunks.join('') : kind === 'select' ? 'other' : 3]
          }),
        )
        const text = rich<string>(id, values).join('')
        expect(text.length, `${locale} ${id}`).toBeGreaterThan(0)
        if (locale === PSEUDO_LOCALE) expect(text.startsWith(PSEUDO_START) && text.includes(PSEUDO_END), id).toBe(true)
      }
    }
  })
})

describe('choosing a language', () => {
  it.each([
    [undefined, 'en'],
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['de-AT', 'de'],
    ['fr-FR, de;q=0.5, en;q=0.4', 'de'],
    ['en;q=0.5, de;q=0.9', 'de'],
    ['de;q=0, en', 'en'],
    ['fr, ja', 'en'],
    ['*', 'en'],
    ['en-XA', 'en-XA'],
    ['garbage;;;q=nonsense,,', 'en'],
  ])('Accept-Language %j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale)
  })
})
