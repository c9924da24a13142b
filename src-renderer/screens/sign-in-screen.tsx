// Sign in: server address, username, password, "Keep me signed in". Only admins get in, and (with
// MFA_REQUIRED_FOR_ADMINS) only admins who have set up a second factor: the others are told where.
import { useState, type FormEvent } from 'react'
import type { ConsoleError } from '../../src-shared/ipc'
import { passwordAccepted } from '../actions'
import type { Translator } from '../../src-shared/i18n/translator'
import { Brand } from '../components/brand'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { CheckboxField, TextField } from '../components/fields'
import { Icon } from '../components/icon'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { useT } from '../i18n'
import { consoleClient } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useSession, type SignInMessage } from '../stores/session'

const FIELDS = ['serverUrl', 'username', 'password'] as const
type Field = (typeof FIELDS)[number]

export function SignInScreen() {
  const t = useT()
  useDocumentTitle(t.t('start.signIn.title'))
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
      serverUrl: serverUrl.trim() ? undefined : [t.t('start.signIn.serverUrlMissing')],
      username: username.trim() ? undefined : [t.t('start.signIn.usernameMissing')],
      password: password ? undefined : [t.t('start.signIn.passwordMissing')],
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
        <Brand />
        <h1 id="sign-in-heading">{t.t('start.signIn.heading')}</h1>
        {message && !error && <ArrivalMessage message={message} />}
        {needsSummary(error, FIELDS) && <SignInError error={error} other={splitFieldErrors(error, FIELDS).other} />}
        <TextField
          ref={refs.serverUrl}
          label={t.t('start.signIn.serverUrl')}
          hint={serverHint(t, locked, serverUrl, embeddedUrl)}
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
          label={t.t('start.signIn.username')}
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
          label={t.t('start.signIn.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          errors={fieldErrors.password}
          autoFocus={firstEmpty === 'password'}
        />
        <CheckboxField
          label={t.t('start.signIn.keepSignedIn')}
          hint={t.t('start.signIn.keepSignedInHint')}
          checked={keepSignedIn}
          onChange={(event) => setKeepSignedIn(event.target.checked)}
        />
        <div className="actions">
          <BusyButton type="submit" busy={busy} busyLabel={t.t('start.signIn.busy')}>
            {t.t('start.signIn.submit')}
          </BusyButton>
        </div>
      </form>
    </main>
  )
}

function serverHint(t: Translator, locked: boolean, serverUrl: string, embeddedUrl: string | undefined): string {
  if (locked) return t.t('start.signIn.serverUrlLockedHint')
  if (embeddedUrl && serverUrl.trim() === embeddedUrl) return t.t('start.signIn.serverUrlEmbeddedHint')
  return t.t('start.signIn.serverUrlHint')
}

/** Why the admin is here: signed out, session ended, first admin created. */
function ArrivalMessage({ message }: { message: SignInMessage }) {
  const t = useT()
  const { detail } = message
  return (
    <div className={`message message-${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
      <Icon name={message.tone} className="message-icon" />
      <p className="message-text">{t.text(message.text)}</p>
      {detail && <p className="hint">{typeof detail === 'string' ? detail : t.text(detail)}</p>}
    </div>
  )
}

function SignInError({ error, other }: { error: ConsoleError; other: string[] }) {
  const t = useT()
  if (error.kind === 'second_factor_setup_required') return <EnrolmentRequired error={error} />
  // A regular user (or a deactivated admin) must understand this is not about a mistyped password.
  // A refusal that explains itself (a regular user is told where to sign in instead, a broken machine
  // configuration whom to ask) says so already; a bare one (deactivated) gets a heading.
  const heading = error.kind === 'forbidden' && !error.detail ? t.t('start.signIn.notAllowedHeading') : undefined
  return <ErrorBox error={error} more={other} heading={heading} />
}

/** An admin without a second factor where admins must have one: where to set it up, and a way there. */
function EnrolmentRequired({ error }: { error: ConsoleError }) {
  const t = useT()
  const [opened, setOpened] = useState<boolean | null>(null)
  const detail = error.enrolUrl ? t.t('start.signIn.enrolDetailAt', { url: error.enrolUrl }) : t.t('start.signIn.enrolDetail')
  return (
    <ErrorBox error={{ ...error, detail }} heading={t.t('start.signIn.enrolHeading')}>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void consoleClient.openEnrolmentPage().then((outcome) => setOpened(outcome.ok))}
      >
        {t.t('start.signIn.openAccountPage')}
      </button>
      {opened !== null && (
        <span role="status">{opened ? t.t('start.signIn.accountPageOpened') : t.t('start.signIn.accountPageNotOpened')}</span>
      )}
    </ErrorBox>
  )
}
