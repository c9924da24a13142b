// Embedded mode, first run: the console's own server has no accounts yet, so the person at the
// computer creates the first admin, then signs in with it.
import { useState, type FormEvent } from 'react'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { TextField } from '../components/fields'
import { confirmationProblem, NewPasswordFields, type NewPasswordValues } from '../components/new-password-fields'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { consoleClient } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useSession } from '../stores/session'

const FIELDS = ['username', 'displayName', 'email', 'newPassword', 'newPasswordConfirmation'] as const
type Field = (typeof FIELDS)[number]

export function FirstAdminScreen() {
  useDocumentTitle('Create the first admin')
  const embeddedUrl = useSession((state) => state.startup?.embedded?.url)
  const minLength = useSession((state) => state.startup?.embedded?.passwordMinLength)
  const firstAdminCreated = useSession((state) => state.firstAdminCreated)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [passwords, setPasswords] = useState<NewPasswordValues>({ newPassword: '', newPasswordConfirmation: '' })
  const { busy, setBusy, error, fieldErrors, refs, show, showFailure } = useFormFeedback(FIELDS)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    const local: FormErrors<Field> = {
      username: username.trim() ? undefined : ['Choose a username.'],
      displayName: displayName.trim() ? undefined : ['Enter your name.'],
      email: email.trim() ? undefined : ['Enter your email address.'],
      newPassword: passwords.newPassword ? undefined : ['Choose a password.'],
      newPasswordConfirmation: confirmationProblem(passwords),
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
    if (outcome.ok) return firstAdminCreated(username.trim())
    showFailure(outcome.error)
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="first-admin-heading">
        <p className="brand brand-large">
          TextUp <span className="brand-product">Admin console</span>
        </p>
        <h1 id="first-admin-heading">Create the first admin account</h1>
        <p>
          This console runs its own TextUp server on this computer
          {embeddedUrl ? (
            <>
              {' '}
              (<span className="mono">{embeddedUrl}</span>)
            </>
          ) : null}
          , and it has no accounts yet. Create your own admin account; you can add everyone else after signing in.
        </p>
        {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
        <TextField
          ref={refs.username}
          label="Username"
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
          label="Name"
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          errors={fieldErrors.displayName}
        />
        <TextField
          ref={refs.email}
          label="Email"
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
          newLabel="Password"
          confirmLabel="Confirm password"
          errors={fieldErrors}
          minLength={minLength}
          newRef={refs.newPassword}
          confirmRef={refs.newPasswordConfirmation}
        />
        <div className="actions">
          <BusyButton type="submit" busy={busy} busyLabel="Creating your account…">
            Create admin account
          </BusyButton>
        </div>
      </form>
    </main>
  )
}
