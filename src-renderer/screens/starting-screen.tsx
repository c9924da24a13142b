import { useDocumentTitle } from '../hooks/use-document-title'
import { useT } from '../i18n'
import { useSession } from '../stores/session'

export function StartingScreen() {
  const t = useT()
  // index.html's own <title> is only what shows before the renderer runs; from here on it is translated.
  useDocumentTitle('')
  return (
    <main className="centered" aria-busy="true">
      <p className="starting" role="status">
        <span className="spinner spinner-large" aria-hidden="true" />
        {t.t('start.starting.text')}
      </p>
    </main>
  )
}

/** getStartup itself failed: nothing else can work, so say so and offer to try again. */
export function StartupFailedScreen() {
  const t = useT()
  const start = useSession((state) => state.start)
  useDocumentTitle('')
  return (
    <main className="centered">
      <div className="card card-narrow" role="alert">
        <h1>{t.t('start.startupFailed.heading')}</h1>
        <p>{t.t('start.startupFailed.text')}</p>
        <button type="button" className="button button-primary" onClick={() => void start()}>
          {t.t('start.startupFailed.retry')}
        </button>
      </div>
    </main>
  )
}
