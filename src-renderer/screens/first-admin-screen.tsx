// Embedded mode, first run: the console's own server has no accounts yet, so the person at the
// computer creates the first admin, and the console signs them in with it.
import { useState, type FormEvent } from 'react'
import { rich } from '../../src-shared/i18n/react'
import { firstAdminCreated } from '../actions'
import { Brand } from '../components/brand'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { TextField } from '../components/fields'
import { confirmationProblem, NewPasswordFields, type NewPasswordValues } from '../components/new-password-fields'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { useT } from '../i18n'
import { consoleClient } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useSession } from '../stores/session'

const FIELDS = ['username', 'displayName', 'email', 'newPassword', 'newPasswordConfirmation'] as const
type Field = (typeof FIELDS)[number]

export function FirstAdminScreen() {
  const t = useT()
  useDocumentTitle(t.t('start.firstAdmin.title'))
  const embeddedUrl = useSession((state) => state.startup?.embedded?.url)
  const minLength = useSession((state) => state.startup?.embedded?.passwordMinLength)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [passwords, setPasswords] = useState<NewPasswordValues>({ newPassword: '', newPasswordConfirmation: '' })
  const { busy, setBusy, error, fieldErrors, refs, show, showFailure } = useFormFeedback(FIELDS)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    const local: FormErrors<Field> = {
      username: username.trim() ? undefined : [t.t('start.firstAdmin.usernameMissing')],
      displayName: displayName.trim() ? undefined : [t.t('start.firstAdmin.displayNameMissing')],
      email: email.trim() ? undefined : [t.t('start.firstAdmin.emailMissing')],
      newPassword: passwords.newPassword ? undefined : [t.t('start.firstAdmin.passwordMissing')],
      newPasswordConfirmation: confirmationProblem(passwords, t),
    }
    if (firstInvalid(local, FIELDS)) return show(local, null)
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.createFirstAdmin({
      username: username.trim(),
      displayName: displayName.trim(),
      email: email.trim(),
      ...passwords,
    })
    setBusy(false)
    if (outcome.ok) return firstAdminCreated(username.trim(), outcome.value)
    showFailure(outcome.error)
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="first-admin-heading">
        <Brand />
        <h1 id="first-admin-heading">{t.t('start.firstAdmin.heading')}</h1>
        <p>
          {embeddedUrl
            ? rich(t, 'start.firstAdmin.introAt', { url: <span className="mono">{embeddedUrl}</span> })
            : t.t('start.firstAdmin.intro')}
        </p>
        {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
        <TextField
          ref={refs.username}
          label={t.t('start.firstAdmin.username')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          errors={fieldErrors.username}
          autoFocus
        />
        <TextField
          ref={refs.displayName}
          label={t.t('start.firstAdmin.displayName')}
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          errors={fieldErrors.displayName}
        />
        <TextField
          ref={refs.email}
          label={t.t('start.firstAdmin.email')}
          hint={t.t('start.firstAdmin.emailHint')}
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={fieldErrors.email}
        />
        <NewPasswordFields
          values={passwords}
          onChange={setPasswords}
          context={{ username, displayName, email }}
          newLabel={t.t('start.firstAdmin.password')}
          confirmLabel={t.t('start.firstAdmin.confirmPassword')}
          errors={fieldErrors}
          minLength={minLength}
          newRef={refs.newPassword}
          confirmRef={refs.newPasswordConfirmation}
        />
        <div className="actions">
          <BusyButton type="submit" busy={busy} busyLabel={t.t('start.firstAdmin.busy')}>
            {t.t('start.firstAdmin.submit')}
          </BusyButton>
        </div>
      </form>
    </main>
  )
}
