// The languages TextUp speaks, and how one is chosen from what a person or their software asks for.

/** Languages with a complete catalogue, in the order a language switcher lists them. */
export const LOCALES = ['en', 'de'] as const
/**
 * A test-only language: English with accents, brackets and 40 % more length, made from the English
 * catalogue. Text on screen that is not bracketed was not translated; text cut off is too tight.
 */
export const PSEUDO_LOCALE = 'en-XA'
export const DEFAULT_LOCALE = 'en'

export type Locale = (typeof LOCALES)[number] | typeof PSEUDO_LOCALE

/** Each language's own name for itself, for switchers ("Deutsch" reads right to the person who needs it). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch', 'en-XA': '[Ṗšéûðö]' }

export function isLocale(value: unknown): value is Locale {
  return value === PSEUDO_LOCALE || (LOCALES as readonly unknown[]).includes(value)
}

/** The supported language that best matches one language tag ("de-AT" → "de"), if any. */
export function matchLocale(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase()
  if (lower === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE
  const language = lower.split(/[-_]/)[0]
  return LOCALES.find((locale) => locale === language)
}

/** The first of several language tags, in order of preference, that TextUp speaks. */
export function pickLocale(tags: readonly string[], fallback: Locale = DEFAULT_LOCALE): Locale {
  for (const tag of tags) {
    const locale = matchLocale(tag)
    if (locale) return locale
  }
  return fallback
}

/** At most this many entries of an Accept-Language header are read (it is the client's text). */
const MAX_ACCEPT_LANGUAGE_ENTRIES = 20

/** The best supported language for an HTTP Accept-Language header (RFC 9110 §12.5.4). */
export function negotiateLocale(acceptLanguage: string | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!acceptLanguage) return fallback
  const ranked = acceptLanguage
    .slice(0, 1000)
    .split(',')
    .slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES)
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';')
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined)
      return { tag, q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return pickLocale(
    ranked.map((entry) => entry.tag),
    fallback,
  )
}
