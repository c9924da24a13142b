// An admin sets a user's password. Admins of other consoles typed the USER's old password into
// the first field, so the two steps are separate boxes: step 1 is only about the admin (their
// name, their password, a tinted box), step 2 only about the user. The form is behind a "Change
// password…" button (as in Keycloak or Google Workspace), not open on every user's page; it cannot
// be opened for a deactivated account, and the button says why.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { ConsoleError, UserView } from '../../../src-shared/ipc'
import { BusyButton } from '../../components/busy-button'
import { ErrorBox } from '../../components/error-box'
import { Icon } from '../../components/icon'
import { CheckboxField, TextField } from '../../components/fields'
import { confirmationProblem, NewPasswordFields, type NewPasswordValues } from '../../components/new-password-fields'
import { useFormFeedback } from '../../hooks/use-form-feedback'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../../lib/field-errors'
import { rich } from '../../../src-shared/i18n/react'
import type { Translator } from '../../../src-shared/i18n/translator'
import { currentT, useT } from '../../i18n'
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
  const t = useT()
  const name = user.displayName
  const admin = useAdmin()
  const adminName = admin.user.username
  const self = admin.user.id === user.id
  const [adminPassword, setAdminPassword] = useState('')
  const [passwords, setPasswords] = useState<NewPasswordValues>(EMPTY_PASSWORDS)
  const [requireChange, setRequireChange] = useState(false)
  const { busy, setBusy, error, fieldErrors, refs, show } = useFormFeedback(FIELDS, { select: true })
  const [done, setDone] = useState(false)
  const [opened, setOpened] = useState(false)
  /** Where focus goes once the form has opened or closed: the first field, the button, the confirmation. */
  const [focusNext, setFocusNext] = useState<'field' | 'button' | 'success' | null>(null)
  const successRef = useRef<HTMLParagraphElement>(null)
  const openRef = useRef<HTMLButtonElement>(null)
  const reasonId = useId()
  // A deactivated account's password cannot be changed here: the form closes if it was open, and
  // stays closed (what was typed gone) when the account is activated again.
  const open = opened && user.active
  useEffect(() => {
    if (user.active) return
    setOpened(false)
    setAdminPassword('')
    setPasswords(EMPTY_PASSWORDS)
    setRequireChange(false)
    show({}, null)
    // Only when the status changes (show is a new function on every render).
  }, [user.active])
  useEffect(() => {
    if (focusNext === null) return
    if (focusNext === 'field') refs.adminPassword.current?.focus()
    // The fields were just emptied and the form closed: focus goes to the confirmation.
    else if (focusNext === 'success') successRef.current?.focus()
    else openRef.current?.focus()
    setFocusNext(null)
    // refs never change.
  }, [focusNext])

  function openForm() {
    if (!user.active) return
    setDone(false)
    setOpened(true)
    setFocusNext('field')
  }

  function closeForm() {
    setAdminPassword('')
    setPasswords(EMPTY_PASSWORDS)
    setRequireChange(false)
    show({}, null)
    setOpened(false)
    setFocusNext('button')
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    setDone(false)
    const local: FormErrors<Field> = {
      adminPassword: adminPassword ? undefined : [t.t('console.confirm.passwordMissing', { username: adminName })],
      newPassword: passwords.newPassword ? undefined : [t.t('console.password.missing', { name })],
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
      setOpened(false)
      setFocusNext('success')
      announce(currentT().t('console.password.changedNotice', { name }))
      onChanged()
      return
    }
    if (isSessionEnd(outcome.error)) return
    show(fieldErrorsFor(currentT(), outcome.error, adminName, user, self), outcome.error)
  }

  return (
    <section className="panel password-panel" aria-labelledby="password-heading">
      <h2 id="password-heading">{t.t('console.password.heading')}</h2>
      <p className="hint">{self ? t.t('console.password.introSelf') : t.t('console.password.intro', { name })}</p>
      {done && !open && (
        <p className="message message-success" tabIndex={-1} ref={successRef}>
          <Icon name="success" />
          {t.t('console.password.changed', { name })}
        </p>
      )}
      {!open && (
        <div className="password-opener">
          <button
            ref={openRef}
            type="button"
            className="button button-secondary"
            aria-disabled={!user.active || undefined}
            aria-describedby={user.active ? undefined : reasonId}
            onClick={openForm}
          >
            {t.t('console.details.changePassword')}
          </button>
          {!user.active && (
            <p id={reasonId} className="hint">
              {t.t('console.details.changePasswordNeedsActive')}
            </p>
          )}
        </div>
      )}
      {open && (
        <form onSubmit={(event) => void submit(event)} noValidate>
          {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
          <fieldset className="step step-confirm">
            <legend>
              <span className="step-number" aria-hidden="true">
                1
              </span>
              <span className="visually-hidden">{t.t('console.password.step', { number: 1 })}</span>
              {t.t('console.confirm.legend')}
            </legend>
            <p className="step-who">
              <span className="avatar avatar-small" aria-hidden="true">
                {initials(admin.user.displayName, adminName)}
              </span>
              <span>
                {rich(t, 'console.confirm.signedInAs', {
                  b: (chunks) => <strong>{chunks}</strong>,
                  name: admin.user.displayName,
                  username: adminName,
                })}
              </span>
            </p>
            <TextField
              ref={refs.adminPassword}
              label={t.t('console.confirm.passwordLabel', { username: adminName })}
              hint={self ? t.t('console.confirm.passwordHintSelf') : t.t('console.confirm.passwordHint', { name })}
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
              <span className="visually-hidden">{t.t('console.password.step', { number: 2 })}</span>
              {t.t('console.password.newLegend', { name })}
            </legend>
            <NewPasswordFields
              values={passwords}
              onChange={setPasswords}
              context={{ username: user.username, displayName: user.displayName, email: user.email }}
              newLabel={t.t('console.password.newLabel', { name })}
              errors={fieldErrors}
              minLength={admin.passwordMinLength}
              newRef={refs.newPassword}
              confirmRef={refs.newPasswordConfirmation}
            />
            <CheckboxField
              label={t.t('console.password.requireChange')}
              hint={t.t('console.password.requireChangeHint', { name })}
              checked={requireChange}
              onChange={(event) => setRequireChange(event.target.checked)}
            />
          </fieldset>
          <div className="actions">
            <BusyButton type="submit" busy={busy} busyLabel={t.t('console.password.submitting')}>
              {t.t('console.password.submit', { name })}
            </BusyButton>
            <button type="button" className="button button-secondary" onClick={closeForm} disabled={busy}>
              {t.t('console.dialog.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

/**
 * Where each message goes. A wrong admin password is the mistake this panel exists to prevent, so
 * its message says whose password the field wants, in the console's own words.
 */
function fieldErrorsFor(t: Translator, error: ConsoleError, adminName: string, user: UserView, self: boolean): FormErrors<Field> {
  const fields = splitFieldErrors(error, FIELDS).fields
  if (error.kind === 'forbidden' && fields.adminPassword) {
    fields.adminPassword = [
      self
        ? t.t('console.confirm.wrongPasswordSelf', { username: adminName })
        : t.t('console.confirm.wrongPassword', { username: adminName, name: user.displayName }),
    ]
  }
  return fields
}
