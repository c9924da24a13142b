// A new account: who they are, their role, and whether they choose their own password (an
// emailed invitation) or the admin sets one now. A native modal <dialog>: the rest of the window
// is inert while it is open, and Esc closes it.
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import type { CreateUserRequest, UserView } from '../../src-shared/ipc'
import { showCreatedUser } from '../actions'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { RadioGroup, TextField } from '../components/fields'
import { confirmationProblem, NewPasswordFields, type NewPasswordValues } from '../components/new-password-fields'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { consoleClient, isSessionEnd } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useNavigation } from '../stores/navigation'
import { announce } from '../stores/notices'
import { useAdmin } from '../stores/session'

const FIELDS = ['username', 'displayName', 'email', 'role', 'sendInvitation', 'newPassword', 'newPasswordConfirmation'] as const
type Field = (typeof FIELDS)[number]
type Role = UserView['role']
type PasswordChoice = 'invite' | 'set'

export function CreateUserDialog() {
  const open = useNavigation((state) => state.createUserOpen)
  // Mounted only while open, so every opening starts with an empty form.
  return open ? <CreateUserForm /> : null
}

function CreateUserForm() {
  const admin = useAdmin()
  const close = useNavigation((state) => state.closeCreateUser)
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('user')
  const [choice, setChoice] = useState<PasswordChoice>('invite')
  const [passwords, setPasswords] = useState<NewPasswordValues>({ newPassword: '', newPasswordConfirmation: '' })
  const { busy, setBusy, error, fieldErrors, refs, show, showFailure } = useFormFeedback(FIELDS)

  useLayoutEffect(() => {
    const dialog = dialogRef.current
    const opener = document.activeElement
    dialog?.showModal()
    // showModal focuses the first focusable element (the close button); the form starts at Username.
    refs.username.current?.focus()
    return () => {
      dialog?.close()
      // Back to whatever opened the dialog (unless a new screen takes focus right after).
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus()
    }
    // Runs once, on opening (refs never change).
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    const setting = choice === 'set'
    const local: FormErrors<Field> = {
      username: username.trim() ? undefined : ['Enter a username.'],
      displayName: displayName.trim() ? undefined : ['Enter their name.'],
      email: email.trim() ? undefined : ['Enter their email address.'],
      newPassword: setting && !passwords.newPassword ? ['Enter a password, or email an invitation instead.'] : undefined,
      newPasswordConfirmation: setting ? confirmationProblem(passwords) : undefined,
    }
    if (firstInvalid(local, FIELDS)) return show(local, null)
    const request: CreateUserRequest = {
      username: username.trim(),
      displayName: displayName.trim(),
      email: email.trim(),
      role,
      sendInvitation: !setting,
      ...(setting ? passwords : {}),
    }
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.createUser(request)
    setBusy(false)
    if (!outcome.ok) {
      if (!isSessionEnd(outcome.error)) showFailure(outcome.error)
      return
    }
    const created = outcome.value
    announce(
      setting
        ? `Created ${created.displayName} (${created.username}) with the password you set.`
        : `Created ${created.displayName} (${created.username}). An invitation to choose a password was emailed to ${created.email}.`,
    )
    showCreatedUser(created)
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="create-user-heading"
      onCancel={(event) => {
        // Esc: close, unless the account is being created right now.
        event.preventDefault()
        if (!busy) close()
      }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <header className="dialog-header">
          <h2 id="create-user-heading">New user</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={close} disabled={busy}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
          <div className="field-row">
            <TextField
              ref={refs.username}
              label="Username"
              autoCapitalize="none"
              spellCheck={false}
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              errors={fieldErrors.username}
              hint="Letters, digits and . _ - @"
            />
            <TextField
              ref={refs.displayName}
              label="Name"
              autoComplete="off"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              errors={fieldErrors.displayName}
              hint="Their full name."
            />
          </div>
          <TextField
            ref={refs.email}
            label="Email"
            type="email"
            spellCheck={false}
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            errors={fieldErrors.email}
            hint="Password emails go to this address."
          />
          <RadioGroup
            legend="Role"
            name="role"
            inline
            value={role}
            onChange={setRole}
            errors={fieldErrors.role}
            options={[
              { value: 'user', label: 'User', hint: 'Signs in on the web.' },
              { value: 'admin', label: 'Admin', hint: 'Can also manage every account here.' },
            ]}
          />
          <RadioGroup
            legend="Password"
            name="password-choice"
            value={choice}
            onChange={setChoice}
            errors={fieldErrors.sendInvitation}
            options={[
              {
                value: 'invite',
                label: 'Email an invitation to choose a password',
                hint: 'They get a link, valid for 7 days, to choose their own password.',
              },
              { value: 'set', label: 'Set a password now', hint: 'Tell them the password in person or by phone, never by email.' },
            ]}
          />
          {choice === 'set' && (
            <div className="nested-fields">
              <NewPasswordFields
                values={passwords}
                onChange={setPasswords}
                context={{ username, displayName, email }}
                newLabel="New password"
                errors={fieldErrors}
                minLength={admin.passwordMinLength}
                newRef={refs.newPassword}
                confirmRef={refs.newPasswordConfirmation}
              />
            </div>
          )}
        </div>
        <footer className="dialog-footer">
          <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <BusyButton type="submit" busy={busy} busyLabel="Creating…">
            Create user
          </BusyButton>
        </footer>
      </form>
    </dialog>
  )
}
