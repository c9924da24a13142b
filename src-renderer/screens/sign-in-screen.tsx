// Sign in: server address, username, password, "Keep me signed in". Only admins get in, and (with
// MFA_REQUIRED_FOR_ADMINS) only admins who have set up a second factor: the others are told where.
// "Forgot password?" opens the forgot-password page of the server typed here, in the system browser.
import { useState, type FormEvent } from 'react'
import type { ServerPage } from '../../src-shared/ipc'
import { passwordAccepted } from '../actions'
import type { Translator } from '../../src-shared/i18n/translator'
import { Brand } from '../components/brand'
import { BusyButton } from '../components/busy-button'
import { CheckboxField, TextField } from '../components/fields'
import { Icon } from '../components/icon'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { useT } from '../i18n'
import { consoleClient } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useSession, type SignInMessage } from '../stores/session'
import { SignInError } from './sign-in-refusals'

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
  /** Whether "Forgot password?" opened its page: said next to it. */
  const [forgotOpened, setForgotOpened] = useState(false)
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
    setForgotOpened(false)
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

  /** The main process builds the page's address from the server address typed here, checked as sign-in checks it. */
  const openServerPage = (page: ServerPage) => consoleClient.openServerPage({ page, serverUrl })

  async function forgotPassword() {
    setForgotOpened(false)
    const outcome = await openServerPage('forgot-password')
    // No usable server address: said on that field, where it is typed.
    if (!outcome.ok) return showFailure(outcome.error, 'serverUrl')
    // Opened: a server address problem said before is gone; anything else stays.
    if (fieldErrors.serverUrl) show({ ...fieldErrors, serverUrl: undefined }, error)
    setForgotOpened(true)
  }

  return (
    <main className="centered">
      <form className="card card-narrow" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="sign-in-heading">
        <Brand />
        <h1 id="sign-in-heading">{t.t('start.signIn.heading')}</h1>
        {message && !error && <ArrivalMessage message={message} />}
        {needsSummary(error, FIELDS) && (
          <SignInError error={error} other={splitFieldErrors(error, FIELDS).other} openWebSignIn={() => openServerPage('sign-in')} />
        )}
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
          <button type="button" className="back-link" onClick={() => void forgotPassword()}>
            {t.t('start.signIn.forgotPassword')}
          </button>
          {forgotOpened && <span role="status">{t.t('start.signIn.accountPageOpened')}</span>}
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
