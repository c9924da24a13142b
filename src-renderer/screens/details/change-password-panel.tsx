// An admin sets a user's password. Admins of other consoles typed the USER's old password into
// the first field, so the two steps are separate boxes: step 1 is only about the admin (their
// name, their password, a tinted box), step 2 only about the user.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { ConsoleError, UserView } from '../../../src-shared/ipc'
import { BusyButton } from '../../components/busy-button'
import { ErrorBox } from '../../components/error-box'
import { CheckboxField, TextField } from '../../components/fields'
import { confirmationProblem, NewPasswordFields, type NewPasswordValues } from '../../components/new-password-fields'
import { useFormFeedback } from '../../hooks/use-form-feedback'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../../lib/field-errors'
import { initials } from '../../lib/format'
import { announce } from '../../stores/notices'
import { useAdmin } from '../../stores/session'

const FIELDS = ['adminPassword', 'newPassword', 'newPasswordConfirmation'] as const
type Field = (typeof FIELDS)[number]

const EMPTY_PASSWORDS: NewPasswordValues = { newPassword: '', newPasswordConfirmation: '' }

interface ChangePasswordPanelProps {
  user: UserView
  /** The password changed: the user's details and activity have news. */
  onChanged: () => void
}

export function ChangePasswordPanel({ user, onChanged }: ChangePasswordPanelProps) {
  const admin = useAdmin()
  const adminName = admin.user.username
  const self = admin.user.id === user.id
  const [adminPassword, setAdminPassword] = useState('')
  const [passwords, setPasswords] = useState<NewPasswordValues>(EMPTY_PASSWORDS)
  const [requireChange, setRequireChange] = useState(false)
  const { busy, setBusy, error, fieldErrors, refs, show } = useFormFeedback(FIELDS, { select: true })
  const [done, setDone] = useState(false)
  const successRef = useRef<HTMLParagraphElement>(null)
  // The fields were just emptied: move focus to the confirmation rather than leave it in one of them.
  useEffect(() => {
    if (done) successRef.current?.focus()
  }, [done])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    setDone(false)
    const local: FormErrors<Field> = {
      adminPassword: adminPassword ? undefined : [`Enter your own password (${adminName}) to confirm it is you.`],
      newPassword: passwords.newPassword ? undefined : [`Enter a new password for ${user.displayName}.`],
      newPasswordConfirmation: confirmationProblem(passwords),
    }
    if (firstInvalid(local, FIELDS)) return show(local, null)
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.setUserPassword(user.id, { adminPassword, ...passwords, requireChangeAtNextSignIn: requireChange })
    setBusy(false)
    if (outcome.ok) {
      setAdminPassword('')
      setPasswords(EMPTY_PASSWORDS)
      setRequireChange(false)
      setDone(true)
      announce(`${possessive(user.displayName)} password is changed. They are signed out everywhere and will get an email about it.`)
      onChanged()
      return
    }
    if (isSessionEnd(outcome.error)) return
    show(fieldErrorsFor(outcome.error, adminName, user, self), outcome.error)
  }

  return (
    <section className="panel password-panel" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <p className="hint">
        {self
          ? 'Sets a new password for your own account. Your other sessions end.'
          : `Sets a new password for ${user.displayName}. They are signed out everywhere and get an email saying their password changed. To let them choose their own instead, use More › Send password reset email.`}
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
        {done && !error && (
          <p className="message message-success" tabIndex={-1} ref={successRef}>
            <span aria-hidden="true">✓ </span>
            {possessive(user.displayName)} password is changed.
          </p>
        )}
        <fieldset className="step step-confirm">
          <legend>
            <span className="step-number" aria-hidden="true">
              1
            </span>
            <span className="visually-hidden">Step 1: </span>
            Confirm it's you
          </legend>
          <p className="step-who">
            <span className="avatar avatar-small" aria-hidden="true">
              {initials(admin.user.displayName, adminName)}
            </span>
            <span>
              Signed in as <strong>{admin.user.displayName}</strong> ({adminName})
            </span>
          </p>
          <TextField
            ref={refs.adminPassword}
            label={`Your password (${adminName})`}
            hint={
              self
                ? 'Your current password: the one you signed in with.'
                : `Your own password — the one you signed in with, not ${possessive(user.displayName)}.`
            }
            type="password"
            autoComplete="current-password"
            value={adminPassword}
            onChange={(event) => setAdminPassword(event.target.value)}
            errors={fieldErrors.adminPassword}
          />
        </fieldset>
        <fieldset className="step step-new">
          <legend>
            <span className="step-number" aria-hidden="true">
              2
            </span>
            <span className="visually-hidden">Step 2: </span>
            {possessive(user.displayName)} new password
          </legend>
          <NewPasswordFields
            values={passwords}
            onChange={setPasswords}
            context={{ username: user.username, displayName: user.displayName, email: user.email }}
            newLabel={`New password for ${user.displayName}`}
            errors={fieldErrors}
            minLength={admin.passwordMinLength}
            newRef={refs.newPassword}
            confirmRef={refs.newPasswordConfirmation}
          />
          <CheckboxField
            label="Require a new password at next sign-in"
            hint={`${user.displayName} signs in with this password once, then must choose their own.`}
            checked={requireChange}
            onChange={(event) => setRequireChange(event.target.checked)}
          />
        </fieldset>
        <div className="actions">
          <BusyButton type="submit" busy={busy} busyLabel="Changing the password…">
            Change {possessive(user.displayName)} password
          </BusyButton>
        </div>
      </form>
    </section>
  )
}

/**
 * Where each message goes. A wrong admin password is the mistake this panel exists to prevent, so
 * its message says whose password the field wants, in the console's own words.
 */
function fieldErrorsFor(error: ConsoleError, adminName: string, user: UserView, self: boolean): FormErrors<Field> {
  const fields = splitFieldErrors(error, FIELDS).fields
  if (error.kind === 'forbidden' && fields.adminPassword) {
    const whose = self
      ? 'Type the password you signed in with.'
      : `Type the password you signed in with, not ${possessive(user.displayName)}.`
    fields.adminPassword = [`That is not your password (${adminName}). ${whose}`]
  }
  return fields
}

/** "Michelle Obi's". */
function possessive(name: string): string {
  return `${name}'s`
}
