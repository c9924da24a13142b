// How dates, durations and roles read in the console: in the console's language, and dates in the
// viewer's own time zone. Each takes the translator of the component that renders it (useT(), so
// the text changes with the language); without one, the console's current language.
import { PSEUDO_LOCALE } from '../../src-shared/i18n/locales'
import type { Translator } from '../../src-shared/i18n/translator'
import { currentT } from '../i18n'

export function formatDateTime(iso: string, t: Translator = currentT()): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : t.dateTime(date)
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** "5 minutes ago", "yesterday", "just now" ("vor 5 Minuten", "gestern", "gerade eben"). */
export function formatRelative(iso: string, t: Translator = currentT(), now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  if (Number.isNaN(seconds)) return ''
  if (Math.abs(seconds) < 60) return t.t('start.format.justNow')
  // The pseudo-locale's dates and numbers are English ones (as the translator formats them).
  const relative = new Intl.RelativeTimeFormat(t.locale === PSEUDO_LOCALE ? 'en' : t.locale, { numeric: 'auto', style: 'long' })
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  }
  return relative.format(Math.round(seconds / 60), 'minute')
}

/** "3 minutes", "45 seconds": for "wait … and try again". */
export function formatWait(seconds: number, t: Translator = currentT()): string {
  if (seconds < 60) return t.t('start.format.seconds', { count: Math.max(1, Math.ceil(seconds)) })
  if (seconds < 3600) return t.t('start.format.minutes', { count: Math.ceil(seconds / 60) })
  return t.t('start.format.hours', { count: Math.ceil(seconds / 3600) })
}

export function roleLabel(role: 'admin' | 'user', t: Translator = currentT()): string {
  return role === 'admin' ? t.t('start.role.admin') : t.t('start.role.user')
}

/** Two letters for an avatar: "Michelle Obi" → "MO". */
export function initials(displayName: string, username: string): string {
  const words = displayName.trim().split(/\s+/u).filter(Boolean)
  const letters = words.length >= 2 ? [words[0], words[words.length - 1]] : [words[0] ?? username]
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('') || '?'
}
