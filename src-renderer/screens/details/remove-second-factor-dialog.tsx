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
import { initials, plural } from '../../lib/format'
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
    if (!adminPassword) return show({ adminPassword: [`Enter your own password (${adminName}) to confirm it is you.`] }, null)
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.removeSecondFactor(user.id, { adminPassword })
    setBusy(false)
    if (outcome.ok) {
      announce(
        `${possessive(user.displayName)} second factor is removed (${removedList(outcome.value)}). They are signed out everywhere and will get an email about it.`,
      )
      onRemoved()
      return
    }
    if (isSessionEnd(outcome.error)) return
    // Whatever went wrong, focus goes back to the password, selected: the one thing to do here is type it again.
    show(fieldErrorsFor(outcome.error, adminName, user), outcome.error, 'adminPassword')
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
          <h2 id="remove-second-factor-heading">Remove {possessive(user.displayName)} second factor</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose} disabled={busy}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          <p id="remove-second-factor-what">
            For when {user.displayName} lost their phone or passkey: this removes {factorList(factors)}. {user.displayName} is signed out
            everywhere and gets an email saying so, then signs in with their password alone and sets up a new second factor.
          </p>
          {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
          <fieldset className="step step-confirm">
            <legend>Confirm it's you</legend>
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
              hint={`Your own password — the one you signed in with, not ${possessive(user.displayName)}.`}
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
            Cancel
          </button>
          <BusyButton type="submit" variant="danger" busy={busy} busyLabel="Removing…">
            Remove second factor
          </BusyButton>
        </footer>
      </form>
    </dialog>
  )
}

/** A wrong admin password says whose password the field wants, in the console's own words (as the password panel does). */
function fieldErrorsFor(error: ConsoleError, adminName: string, user: UserView): FormErrors<Field> {
  const fields = splitFieldErrors(error, FIELDS).fields
  if (error.kind === 'forbidden' && fields.adminPassword) {
    fields.adminPassword = [
      `That is not your password (${adminName}). Type the password you signed in with, not ${possessive(user.displayName)}.`,
    ]
  }
  return fields
}

/** "the authenticator app, 2 passkeys and 10 unused recovery codes": what the user has now. */
function factorList(factors: SecondFactorStatus): string {
  return joined([
    factors.authenticator ? 'the authenticator app' : '',
    factors.passkeys > 0 ? plural(factors.passkeys, 'passkey') : '',
    factors.recoveryCodesLeft > 0 ? plural(factors.recoveryCodesLeft, 'unused recovery code') : '',
  ])
}

/** What the server removed. */
function removedList(removed: SecondFactorRemoval): string {
  return joined([
    removed.authenticator ? 'authenticator app' : '',
    removed.passkeys > 0 ? plural(removed.passkeys, 'passkey') : '',
    removed.recoveryCodes > 0 ? plural(removed.recoveryCodes, 'recovery code') : '',
  ])
}

function joined(parts: string[]): string {
  const named = parts.filter(Boolean)
  return named.length <= 1 ? (named[0] ?? 'nothing') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`
}

/** "Michelle Obi's". */
function possessive(name: string): string {
  return `${name}'s`
}
