// The strength estimator's own feedback ("Names and surnames by themselves are easy to guess."), in
// the reader's language, from zxcvbn-ts's language packages. Only their small translation files
// are imported here, never the packages' dictionaries, so the pages, the console and an idle server
// do not carry megabytes of words they do not use.
import english from '@zxcvbn-ts/language-en/dist/translations.mjs'
import german from '@zxcvbn-ts/language-de/dist/translations.esm.js'
import type { Locale } from './locales'

type Feedback = Record<'warnings' | 'suggestions', Record<string, string>>

const FEEDBACK: Record<Exclude<Locale, 'en-XA'>, Feedback> = { en: english, de: german }

/** "warnings.commonNames" → that warning in the locale's words; '' for an unknown key. */
export function estimatorFeedback(locale: Locale, key: string): string {
  const [group, name] = key.split('.') as [keyof Feedback, string]
  const text = (locale === 'en-XA' ? FEEDBACK.en : FEEDBACK[locale])[group]?.[name] ?? ''
  return locale === 'en-XA' && text ? `⟦${text}⟧` : text
}

/** The estimator's translation table that makes its feedback come out as keys ("warnings.commonNames"). */
export const ESTIMATOR_FEEDBACK_KEYS = {
  warnings: Object.fromEntries(Object.keys(english.warnings).map((name) => [name, `warnings.${name}`])),
  suggestions: Object.fromEntries(Object.keys(english.suggestions).map((name) => [name, `suggestions.${name}`])),
  timeEstimation: english.timeEstimation,
}
