// A user's recent account events, newest first, a page at a time.
import { useEffect, useRef, useState } from 'react'
import type { ConsoleError, EventView } from '../../../src-shared/ipc'
import { ErrorBox } from '../../components/error-box'
import { consoleClient } from '../../lib/console-client'
import { formatDateTime, formatRelative } from '../../lib/format'

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
      <h2 id="activity-heading">Recent activity</h2>
      {events.length === 0 && loading && (
        <p className="hint" role="status">
          <span className="spinner" aria-hidden="true" /> Loading activity…
        </p>
      )}
      {events.length === 0 && !loading && !error && <p className="hint">No activity recorded for this account yet.</p>}
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
        <ErrorBox error={error} heading="The activity could not be loaded.">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => (nextCursor && events.length > 0 ? void showMore() : setAttempt((n) => n + 1))}
          >
            Try again
          </button>
        </ErrorBox>
      )}
      {nextCursor !== null && !error && (
        <button type="button" className="button button-secondary" aria-disabled={loading || undefined} onClick={() => void showMore()}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  )
}

function EventItem({ event }: { event: EventView }) {
  return (
    <>
      <p className="event-label">{event.label}</p>
      <p className="event-meta">
        <time dateTime={event.occurredAt} title={formatDateTime(event.occurredAt)}>
          {formatDateTime(event.occurredAt)}
        </time>
        <span className="muted"> ({formatRelative(event.occurredAt)})</span>
        {event.actor && <span> · by {event.actor.username}</span>}
        {event.clientAddress && (
          <span>
            {' '}
            · from <span className="mono">{event.clientAddress}</span>
          </span>
        )}
      </p>
    </>
  )
}
