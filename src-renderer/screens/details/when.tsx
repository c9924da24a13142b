// Moments and durations as the console's language writes them, in the viewer's own time zone.
import type { Translator } from '../../../src-shared/i18n/translator'
import { useT } from '../../i18n'
import { formatRelative, formatWait } from '../../lib/format'

/** The one date-time format (t.dateTime), or the text as it came when it is not a date. */
export function dateTimeText(t: Translator, iso: string): string {
  return Number.isNaN(new Date(iso).getTime()) ? iso : t.dateTime(iso)
}

/** "5 minutes ago", "vor 5 Minuten", "just now" (lib/format.ts, which the first screens use too). */
export function relativeTime(t: Translator, iso: string, now: number = Date.now()): string {
  return formatRelative(iso, t, now)
}

/** "3 minutes", "45 Sekunden": for "wait … and try again". */
export function waitText(t: Translator, seconds: number): string {
  return formatWait(seconds, t)
}

/** "3 Dec 2026, 14:05 (5 minutes ago)". */
export function When({ iso }: { iso: string }) {
  const t = useT()
  return (
    <time dateTime={iso}>
      <span className="nowrap">{dateTimeText(t, iso)}</span> <span className="muted">({relativeTime(t, iso)})</span>
    </time>
  )
}
