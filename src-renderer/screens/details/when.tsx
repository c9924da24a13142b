// Moments and durations as the console's language writes them, in the viewer's own time zone.
import type { Translator } from '../../../src-shared/i18n/translator'
import { PSEUDO_LOCALE } from '../../../src-shared/i18n/locales'
import { useT } from '../../i18n'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** The one date-time format (t.dateTime), or the text as it came when it is not a date. */
export function dateTimeText(t: Translator, iso: string): string {
  return Number.isNaN(new Date(iso).getTime()) ? iso : t.dateTime(iso)
}

/** "5 minutes ago", "vor 5 Minuten", "just now". */
export function relativeTime(t: Translator, iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  if (Number.isNaN(seconds)) return ''
  if (Math.abs(seconds) < 60) return t.t('console.time.justNow')
  // The pseudo-locale formats as English does (as t.dateTime does).
  const relative = new Intl.RelativeTimeFormat(t.locale === PSEUDO_LOCALE ? 'en' : t.locale, { numeric: 'auto', style: 'long' })
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  }
  return relative.format(Math.round(seconds / 60), 'minute')
}

/** "3 minutes", "45 Sekunden": for "wait … and try again". */
export function waitText(t: Translator, seconds: number): string {
  if (seconds < 60) return t.t('console.time.seconds', { count: Math.max(1, Math.ceil(seconds)) })
  if (seconds < 3600) return t.t('console.time.minutes', { count: Math.ceil(seconds / 60) })
  return t.t('console.time.hours', { count: Math.ceil(seconds / 3600) })
}

/** "3 Dec 2026, 14:05 (5 minutes ago)". */
export function When({ iso }: { iso: string }) {
  const t = useT()
  return (
    <time dateTime={iso}>
      {dateTimeText(t, iso)} <span className="muted">({relativeTime(t, iso)})</span>
    </time>
  )
}
