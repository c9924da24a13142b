// More › Remove second factor…: the person lost their phone or passkey. The admin confirms with
// their OWN password, in the same tinted "Confirm it's you" box as the password panel, and the
// dialog says what goes and what follows for the person. A native modal <dialog>: the rest of the
// window is inert while it is open, focus starts in the password field, Enter removes, Esc cancels.
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import type { ConsoleError, SecondFactorRemoval, SecondFactorStatus, UserView } from '../../../src-shared/ipc'
import { BusyButton } from '../../components/busy-button'
import { ErrorBox } from '../../components/error-box'
import { TextField } from '../../components/fields'
import { useFormFeedback } from '../../hooks/use-form-feedback'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { needsSummary, splitFieldErrors, type FormErrors } from '../../lib/field-errors'
import { rich } from '../../../src-shared/i18n/react'
import type { Translator } from '../../../src-shared/i18n/translator'
import { currentT, useT } from '../../i18n'
import { initials } from '../../lib/format'
import { announce } from '../../stores/notices'
import { useAdmin } from '../../stores/session'

const FIELDS = ['adminPassword'] as const
type Field = (typeof FIELDS)[number]

interface RemoveSecondFactorDialogProps {
  user: UserView
  /** What the user has, as the More menu found it. */
  factors: SecondFactorStatus
  onClose: () => void
  /** Removed: the user's details and activity have news. */
  onRemoved: () => void
}

export function RemoveSecondFactorDialog({ user, factors, onClose, onRemoved }: RemoveSecondFactorDialogProps) {
  const t = useT()
  const name = user.displayName
  const admin = useAdmin()
  const adminName = admin.user.username
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [adminPassword, setAdminPassword] = useState('')
  const { busy, setBusy, error, fieldErrors, refs, show } = useFormFeedback(FIELDS, { select: true })

  useLayoutEffect(() => {
    const dialog = dialogRef.current
    const opener = document.activeElement
    dialog?.showModal()
    refs.adminPassword.current?.focus()
    return () => {
      dialog?.close()
      // Back to the More button that opened it.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
    // Runs once, on opening (refs never change).
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    if (!adminPassword) return show({ adminPassword: [t.t('console.confirm.passwordMissing', { username: adminName })] }, null)
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.removeSecondFactor(user.id, { adminPassword })
    setBusy(false)
    if (outcome.ok) {
      const now = currentT()
      announce(now.t('console.factor.removedNotice', { name, removed: removedList(now, outcome.value) }))
      onRemoved()
      return
    }
    if (isSessionEnd(outcome.error)) return
    // Whatever went wrong, focus goes back to the password, selected: the one thing to do here is type it again.
    show(fieldErrorsFor(currentT(), outcome.error, adminName, user), outcome.error, 'adminPassword')
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="remove-second-factor-heading"
      aria-describedby="remove-second-factor-what"
      onCancel={(event) => {
        // Esc: cancel, unless the removal is under way.
        event.preventDefault()
        if (!busy) onClose()
      }}
      // Closed by the browser itself (Esc pressed again and again): the dialog is gone, so is this.
      onClose={onClose}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <header className="dialog-header">
          <h2 id="remove-second-factor-heading">{t.t('console.factor.heading', { name })}</h2>
          <button type="button" className="icon-button" aria-label={t.t('console.dialog.close')} onClick={onClose} disabled={busy}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          <p id="remove-second-factor-what">{t.t('console.factor.what', { name, factors: factorList(t, factors) })}</p>
          {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
          <fieldset className="step step-confirm">
            <legend>{t.t('console.confirm.legend')}</legend>
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
              hint={t.t('console.confirm.passwordHint', { name })}
              type="password"
              autoComplete="current-password"
              value={adminPassword}
              onChange={(event) => setAdminPassword(event.target.value)}
              errors={fieldErrors.adminPassword}
            />
          </fieldset>
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
            {t.t('console.dialog.cancel')}
          </button>
          <BusyButton type="submit" variant="danger" busy={busy} busyLabel={t.t('console.factor.submitting')}>
            {t.t('console.factor.submit')}
          </BusyButton>
        </footer>
      </form>
    </dialog>
  )
}

/** A wrong admin password says whose password the field wants, in the console's own words (as the password panel does). */
function fieldErrorsFor(t: Translator, error: ConsoleError, adminName: string, user: UserView): FormErrors<Field> {
  const fields = splitFieldErrors(error, FIELDS).fields
  if (error.kind === 'forbidden' && fields.adminPassword) {
    fields.adminPassword = [t.t('console.confirm.wrongPassword', { username: adminName, name: user.displayName })]
  }
  return fields
}

/** "the authenticator app, 2 passkeys and 10 unused recovery codes": what the user has now. */
function factorList(t: Translator, factors: SecondFactorStatus): string {
  return joined(t, [
    factors.authenticator ? t.t('console.factor.authenticator') : '',
    factors.passkeys > 0 ? t.t('console.factor.passkeys', { count: factors.passkeys }) : '',
    factors.recoveryCodesLeft > 0 ? t.t('console.factor.recoveryCodesLeft', { count: factors.recoveryCodesLeft }) : '',
  ])
}

/** What the server removed. */
function removedList(t: Translator, removed: SecondFactorRemoval): string {
  return joined(t, [
    removed.authenticator ? t.t('console.factor.removedAuthenticator') : '',
    removed.passkeys > 0 ? t.t('console.factor.passkeys', { count: removed.passkeys }) : '',
    removed.recoveryCodes > 0 ? t.t('console.factor.removedRecoveryCodes', { count: removed.recoveryCodes }) : '',
  ])
}

function joined(t: Translator, parts: string[]): string {
  const named = parts.filter(Boolean)
  return named.length === 0 ? t.t('console.factor.nothing') : t.list(named)
}
