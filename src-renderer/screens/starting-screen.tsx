import { useSession } from '../stores/session'

export function StartingScreen() {
  return (
    <main className="centered" aria-busy="true">
      <p className="starting" role="status">
        <span className="spinner spinner-large" aria-hidden="true" />
        Starting TextUp…
      </p>
    </main>
  )
}

/** getStartup itself failed: nothing else can work, so say so and offer to try again. */
export function StartupFailedScreen() {
  const start = useSession((state) => state.start)
  return (
    <main className="centered">
      <div className="card card-narrow" role="alert">
        <h1>The console could not start</h1>
        <p>Something went wrong while reading this console's settings. Try again; if it keeps happening, restart the console.</p>
        <button type="button" className="button button-primary" onClick={() => void start()}>
          Try again
        </button>
      </div>
    </main>
  )
}
