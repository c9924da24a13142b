// A user's recent account events, newest first, a page at a time.
import { useEffect, useRef, useState } from 'react'
import type { ConsoleError, EventView } from '../../../src-shared/ipc'
import { ErrorBox } from '../../components/error-box'
import { consoleClient } from '../../lib/console-client'
import { rich } from '../../../src-shared/i18n/react'
import { useT } from '../../i18n'
import { dateTimeText, relativeTime } from './when'

interface ActivitySectionProps {
  userId: string
  /** Bumped after an action that adds events (a password change, a reset email): reload from the top. */
  version: number
}

interface ActivityState {
  events: EventView[]
  nextCursor: string | null
  loading: boolean
  error: ConsoleError | null
  /** The first event "Show more" added: focus goes there so keyboard users carry on reading. */
  focusFrom: number | null
}

export function ActivitySection({ userId, version }: ActivitySectionProps) {
  const t = useT()
  const [state, setState] = useState<ActivityState>({ events: [], nextCursor: null, loading: true, error: null, focusFrom: null })
  const [attempt, setAttempt] = useState(0)
  const firstNewRef = useRef<HTMLLIElement>(null)

  useEffect(() => {
    let current = true
    setState((previous) => ({ ...previous, loading: true, error: null }))
    void consoleClient.listUserEvents(userId).then((outcome) => {
      if (!current) return
      if (outcome.ok)
        setState({ events: outcome.value.events, nextCursor: outcome.value.nextCursor, loading: false, error: null, focusFrom: null })
      else setState((previous) => ({ ...previous, loading: false, error: outcome.error }))
    })
    return () => {
      current = false
    }
  }, [userId, version, attempt])

  useEffect(() => {
    if (state.focusFrom !== null) firstNewRef.current?.focus()
  }, [state.focusFrom])

  async function showMore() {
    const cursor = state.nextCursor
    if (cursor === null || state.loading) return
    setState((previous) => ({ ...previous, loading: true, error: null }))
    const outcome = await consoleClient.listUserEvents(userId, { cursor })
    if (!outcome.ok) {
      setState((previous) => ({ ...previous, loading: false, error: outcome.error }))
      return
    }
    setState((previous) => ({
      events: previous.events.concat(outcome.value.events),
      nextCursor: outcome.value.nextCursor,
      loading: false,
      error: null,
      focusFrom: outcome.value.events.length > 0 ? previous.events.length : null,
    }))
  }

  const { events, nextCursor, loading, error, focusFrom } = state
  return (
    <section className="panel" aria-labelledby="activity-heading" aria-busy={loading || undefined}>
      <h2 id="activity-heading">{t.t('console.activity.heading')}</h2>
      {events.length === 0 && loading && (
        <p className="hint" role="status">
          <span className="spinner" aria-hidden="true" /> {t.t('console.activity.loading')}
        </p>
      )}
      {events.length === 0 && !loading && !error && <p className="hint">{t.t('console.activity.none')}</p>}
      {events.length > 0 && (
        <ol className="events">
          {events.map((event, index) => (
            <li key={event.id} ref={index === focusFrom ? firstNewRef : undefined} tabIndex={index === focusFrom ? -1 : undefined}>
              <EventItem event={event} />
            </li>
          ))}
        </ol>
      )}
      {error && (
        <ErrorBox error={error} heading={t.t('console.activity.loadFailed')}>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => (nextCursor && events.length > 0 ? void showMore() : setAttempt((n) => n + 1))}
          >
            {t.t('console.activity.tryAgain')}
          </button>
        </ErrorBox>
      )}
      {nextCursor !== null && !error && (
        <button type="button" className="button button-secondary" aria-disabled={loading || undefined} onClick={() => void showMore()}>
          {t.t(loading ? 'console.activity.loadingMore' : 'console.activity.showMore')}
        </button>
      )}
    </section>
  )
}

/** The event's label comes from the server, already in the console's language (its Accept-Language). */
function EventItem({ event }: { event: EventView }) {
  const t = useT()
  return (
    <>
      <p className="event-label">{event.label}</p>
      <p className="event-meta">
        {/* As When does it: the moment and how long ago, one <time>; the moment itself never wraps apart. */}
        <time dateTime={event.occurredAt} title={dateTimeText(t, event.occurredAt)}>
          <span className="nowrap">{dateTimeText(t, event.occurredAt)}</span>
          <span className="muted"> ({relativeTime(t, event.occurredAt)})</span>
        </time>
        {event.actor && <span> · {t.t('console.activity.by', { username: event.actor.username })}</span>}
        {event.clientAddress && (
          <span>
            {' · '}
            {rich(t, 'console.activity.from', {
              address: event.clientAddress,
              mono: (chunks) => <span className="mono">{chunks}</span>,
            })}
          </span>
        )}
      </p>
    </>
  )
}
