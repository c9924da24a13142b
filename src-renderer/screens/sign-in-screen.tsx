// Sign in: server address, username, password, "Keep me signed in". Only admins get in, and (with
// MFA_REQUIRED_FOR_ADMINS) only admins who have set up a second factor: the others are told where.
import { useState, type FormEvent } from 'react'
import type { ConsoleError } from '../../src-shared/ipc'
import { passwordAccepted } from '../actions'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { CheckboxField, TextField } from '../components/fields'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { consoleClient } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useSession, type SignInMessage } from '../stores/session'

const FIELDS = ['serverUrl', 'username', 'password'] as const
type Field = (typeof FIELDS)[number]

export function SignInScreen() {
  useDocumentTitle('Sign in')
  const startup = useSession((state) => state.startup)
  const prefill = useSession((state) => state.prefill)
  const message = useSession((state) => state.message)
  const locked = startup?.serverLocked ?? false
  const embeddedUrl = startup?.embedded?.url

  const [serverUrl, setServerUrl] = useState(prefill.serverUrl)
  const [username, setUsername] = useState(prefill.username)
  const [password, setPassword] = useState('')
  const [keepSignedIn, setKeepSignedIn] = useState(false)
  const { busy, setBusy, error, fieldErrors, refs, show, showFailure } = useFormFeedback(FIELDS, { select: true })
  // Start where there is something to type: usually the password, as the rest is remembered.
  const firstEmpty: Field = !serverUrl ? 'serverUrl' : !username ? 'username' : 'password'

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    const missing: FormErrors<Field> = {
      serverUrl: serverUrl.trim() ? undefined : ['Enter the server address, such as https://accounts.example.org.'],
      username: username.trim() ? undefined : ['Enter your username.'],
      password: password ? undefined : ['Enter your password.'],
    }
    if (firstInvalid(missing, FIELDS)) return show(missing, null)
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.signIn({ serverUrl: serverUrl.trim(), username: username.trim(), password, keepSignedIn })
    setBusy(false)
    if (outcome.ok) {
      passwordAccepted(outcome.value)
      return
    }
    // A refusal that names no field (a wrong password, say) puts the password up for retyping.
    showFailure(outcome.error, 'password')
  }

  return (
    <main className="centered">
      <form className="card card-narrow" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="sign-in-heading">
        <p className="brand brand-large">
          TextUp <span className="brand-product">Admin console</span>
        </p>
        <h1 id="sign-in-heading">Sign in</h1>
        {message && !error && <ArrivalMessage message={message} />}
        {needsSummary(error, FIELDS) && <SignInError error={error} other={splitFieldErrors(error, FIELDS).other} />}
        <TextField
          ref={refs.serverUrl}
          label="Server address"
          hint={serverHint(locked, serverUrl, embeddedUrl)}
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          value={serverUrl}
          readOnly={locked}
          onChange={(event) => setServerUrl(event.target.value)}
          errors={fieldErrors.serverUrl}
          autoFocus={firstEmpty === 'serverUrl'}
        />
        <TextField
          ref={refs.username}
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          errors={fieldErrors.username}
          autoFocus={firstEmpty === 'username'}
        />
        <TextField
          ref={refs.password}
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={fieldErrors.password}
          autoFocus={firstEmpty === 'password'}
        />
        <CheckboxField
          label="Keep me signed in"
          hint="Stay signed in on this computer until you sign out. The session is kept in the system keychain."
          checked={keepSignedIn}
          onChange={(event) => setKeepSignedIn(event.target.checked)}
        />
        <div className="actions">
          <BusyButton type="submit" busy={busy} busyLabel="Signing in…">
            Sign in
          </BusyButton>
        </div>
      </form>
    </main>
  )
}

function serverHint(locked: boolean, serverUrl: string, embeddedUrl: string | undefined): string {
  if (locked) return 'Set by your IT department for this computer, so it cannot be changed here.'
  if (embeddedUrl && serverUrl.trim() === embeddedUrl) return 'The TextUp server this console runs on this computer.'
  return "The address of your organisation's TextUp server, such as https://accounts.example.org."
}

/** Why the admin is here: signed out, session ended, first admin created. */
function ArrivalMessage({ message }: { message: SignInMessage }) {
  return (
    <div className={`message message-${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
      <p>{message.text}</p>
      {message.detail && <p className="hint">{message.detail}</p>}
    </div>
  )
}

function SignInError({ error, other }: { error: ConsoleError; other: string[] }) {
  if (error.kind === 'second_factor_setup_required') return <EnrolmentRequired error={error} />
  // A regular user (or a deactivated admin) must understand this is not about a mistyped password.
  // The server's own sentence for a regular user already says so; anything else gets a heading.
  const heading = error.kind === 'forbidden' && !/administrator/i.test(error.title) ? 'You cannot sign in to the admin console.' : undefined
  return <ErrorBox error={error} more={other} heading={heading} />
}

/** An admin without a second factor where admins must have one: where to set it up, and a way there. */
function EnrolmentRequired({ error }: { error: ConsoleError }) {
  const [opened, setOpened] = useState<boolean | null>(null)
  const where = error.enrolUrl ? `Open your account page, ${error.enrolUrl}, in a web browser` : 'Open your account page in a web browser'
  const detail = `${where}, sign in there and set up an authenticator app. Then sign in here again with a code from it.`
  return (
    <ErrorBox error={{ ...error, detail }} heading="Set up two-step sign-in first.">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void consoleClient.openEnrolmentPage().then((outcome) => setOpened(outcome.ok))}
      >
        Open account page in browser
      </button>
      {opened !== null && (
        <span role="status">{opened ? 'Opened in your web browser.' : 'It could not be opened: type the address into a web browser.'}</span>
      )}
    </ErrorBox>
  )
}
