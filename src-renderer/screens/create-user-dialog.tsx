// A new account: who they are, their role, and whether they choose their own password (an
// emailed invitation) or the admin sets one now. A native modal <dialog>: the rest of the window
// is inert while it is open, and Esc closes it.
import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import type { CreateUserRequest, UserView } from '../../src-shared/ipc'
import { showCreatedUser } from '../actions'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { FieldErrors, RadioGroup, TextField } from '../components/fields'
import { confirmationProblem, NewPasswordFields, type NewPasswordValues } from '../components/new-password-fields'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { currentT, useLocale, useT } from '../i18n'
import { consoleClient, isSessionEnd } from '../lib/console-client'
import { firstInvalid, needsSummary, splitFieldErrors, type FormErrors } from '../lib/field-errors'
import { useNavigation } from '../stores/navigation'
import { announce } from '../stores/notices'
import { useAdmin } from '../stores/session'
import { defaultEmailLanguage, LanguageSelect, type EmailLanguage } from './details/language-select'

const FIELDS = [
  'username',
  'displayName',
  'email',
  'role',
  'preferredLanguage',
  'sendInvitation',
  'newPassword',
  'newPasswordConfirmation',
] as const
type Field = (typeof FIELDS)[number]
type Role = UserView['role']
type PasswordChoice = 'invite' | 'set'

export function CreateUserDialog() {
  const open = useNavigation((state) => state.createUserOpen)
  // Mounted only while open, so every opening starts with an empty form.
  return open ? <CreateUserForm /> : null
}

function CreateUserForm() {
  const t = useT()
  const languageId = useId()
  const admin = useAdmin()
  const close = useNavigation((state) => state.closeCreateUser)
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('user')
  // Their emails in the console's language, if accounts can have it: the admin and the people they add often share one.
  const [preferredLanguage, setPreferredLanguage] = useState<EmailLanguage>(() => defaultEmailLanguage(useLocale.getState().locale))
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
      username: username.trim() ? undefined : [t.t('console.create.usernameMissing')],
      displayName: displayName.trim() ? undefined : [t.t('console.create.nameMissing')],
      email: email.trim() ? undefined : [t.t('console.create.emailMissing')],
      newPassword: setting && !passwords.newPassword ? [t.t('console.create.passwordMissing')] : undefined,
      newPasswordConfirmation: setting ? confirmationProblem(passwords) : undefined,
    }
    if (firstInvalid(local, FIELDS)) return show(local, null)
    const request: CreateUserRequest = {
      username: username.trim(),
      displayName: displayName.trim(),
      email: email.trim(),
      role,
      preferredLanguage,
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
    const values = { name: created.displayName, username: created.username, email: created.email }
    // Announced on their details, once open: a toast does not outlive the screen it was announced on.
    showCreatedUser(created)
    announce(currentT().t(setting ? 'console.create.createdWithPassword' : 'console.create.createdInvited', values))
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
          <h2 id="create-user-heading">{t.t('console.create.heading')}</h2>
          <button type="button" className="icon-button" aria-label={t.t('console.dialog.close')} onClick={close} disabled={busy}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          {needsSummary(error, FIELDS) && <ErrorBox error={error} more={splitFieldErrors(error, FIELDS).other} />}
          <div className="field-row">
            <TextField
              ref={refs.username}
              label={t.t('console.create.username')}
              autoCapitalize="none"
              spellCheck={false}
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              errors={fieldErrors.username}
              hint={t.t('console.create.usernameHint')}
            />
            <TextField
              ref={refs.displayName}
              label={t.t('console.create.name')}
              autoComplete="off"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              errors={fieldErrors.displayName}
              hint={t.t('console.create.nameHint')}
            />
          </div>
          <TextField
            ref={refs.email}
            label={t.t('console.create.email')}
            type="email"
            spellCheck={false}
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            errors={fieldErrors.email}
            hint={t.t('console.create.emailHint')}
          />
          <RadioGroup
            legend={t.t('console.create.role')}
            name="role"
            inline
            value={role}
            onChange={setRole}
            errors={fieldErrors.role}
            options={[
              { value: 'user', label: t.t('console.create.roleUser'), hint: t.t('console.create.roleUserHint') },
              { value: 'admin', label: t.t('console.create.roleAdmin'), hint: t.t('console.create.roleAdminHint') },
            ]}
          />
          <div className={`field${fieldErrors.preferredLanguage?.length ? ' field-invalid' : ''}`}>
            <label htmlFor={languageId}>{t.t('console.emailLanguage.label')}</label>
            <p id={`${languageId}-hint`} className="hint">
              {t.t('console.emailLanguage.hint')}
            </p>
            <LanguageSelect
              id={languageId}
              value={preferredLanguage}
              onChange={setPreferredLanguage}
              describedBy={[`${languageId}-hint`, fieldErrors.preferredLanguage?.length ? `${languageId}-errors` : '']
                .filter(Boolean)
                .join(' ')}
            />
            <FieldErrors id={`${languageId}-errors`} errors={fieldErrors.preferredLanguage} />
          </div>
          <RadioGroup
            legend={t.t('console.create.password')}
            name="password-choice"
            value={choice}
            onChange={setChoice}
            errors={fieldErrors.sendInvitation}
            options={[
              {
                value: 'invite',
                label: t.t('console.create.invite'),
                hint: t.t('console.create.inviteHint'),
              },
              { value: 'set', label: t.t('console.create.setNow'), hint: t.t('console.create.setNowHint') },
            ]}
          />
          {choice === 'set' && (
            <div className="nested-fields">
              <NewPasswordFields
                values={passwords}
                onChange={setPasswords}
                context={{ username, displayName, email }}
                newLabel={t.t('console.create.newPassword')}
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
            {t.t('console.dialog.cancel')}
          </button>
          <BusyButton type="submit" busy={busy} busyLabel={t.t('console.create.submitting')}>
            {t.t('console.create.submit')}
          </BusyButton>
        </footer>
      </form>
    </dialog>
  )
}
