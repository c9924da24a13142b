// A new password, typed twice, with the strength meter: the same pair for the first admin, a new
// user and an admin setting someone's password.
//
// Each message once, next to its field: after a refused submit the policy's problems are the new
// password's field error (the server's answer, which is the one that counts), and the meter under
// the input says only how strong it is. Once the password is changed, that error is about text no
// longer there ("this has 5"): it goes, and the meter, judging the new text, names the first
// problem again. The confirmation's error goes likewise once the confirmation is retyped. Nothing
// is emptied here: a refusal of something else (the admin's own password) keeps both passwords,
// and a changed new password no longer matches its confirmation, which is then retyped anyway.
import { useId, useState, type Ref } from 'react'
import type { Translator } from '../../src-shared/i18n/translator'
import type { PasswordContext } from '../../src-shared/ipc'
import { usePasswordAssessment } from '../hooks/use-password-assessment'
import { currentT, useT } from '../i18n'
import { TextField } from './fields'
import { StrengthMeter } from './strength-meter'

export interface NewPasswordValues {
  newPassword: string
  newPasswordConfirmation: string
}

interface NewPasswordFieldsProps {
  values: NewPasswordValues
  onChange: (values: NewPasswordValues) => void
  /** Whose password it is: the policy refuses passwords built from their name, username or email. */
  context: PasswordContext
  newLabel: string
  confirmLabel?: string
  errors: { newPassword?: string[] | undefined; newPasswordConfirmation?: string[] | undefined }
  disabled?: boolean
  minLength?: number | undefined
  newRef?: Ref<HTMLInputElement>
  confirmRef?: Ref<HTMLInputElement>
}

export function NewPasswordFields({
  values,
  onChange,
  context,
  newLabel,
  confirmLabel,
  errors,
  disabled,
  minLength,
  newRef,
  confirmRef,
}: NewPasswordFieldsProps) {
  const t = useT()
  const meterId = useId()
  const assessment = usePasswordAssessment(values.newPassword, context)
  const hint = minLength ? t.t('start.newPassword.minLengthHint', { minLength }) : t.t('start.newPassword.hint')
  const newErrors = useErrorsOfValue(errors.newPassword, values.newPassword)
  const confirmErrors = useErrorsOfValue(errors.newPasswordConfirmation, values.newPasswordConfirmation)
  return (
    <>
      <TextField
        ref={newRef}
        label={newLabel}
        hint={hint}
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        onChange={(event) => onChange({ ...values, newPassword: event.target.value })}
        errors={newErrors}
        describedBy={meterId}
        disabled={disabled}
        spellCheck={false}
      >
        <StrengthMeter id={meterId} assessment={assessment} problemShownElsewhere={(newErrors?.length ?? 0) > 0} />
      </TextField>
      <TextField
        ref={confirmRef}
        label={confirmLabel ?? t.t('start.newPassword.confirm')}
        type="password"
        autoComplete="new-password"
        value={values.newPasswordConfirmation}
        onChange={(event) => onChange({ ...values, newPasswordConfirmation: event.target.value })}
        errors={confirmErrors}
        disabled={disabled}
        spellCheck={false}
      />
    </>
  )
}

/**
 * A field's errors while the field still holds the text they were about. The form hands over a new
 * list with every submit (use-form-feedback.ts), so a list seen for the first time belongs to the
 * value the field has now.
 */
function useErrorsOfValue(errors: string[] | undefined, value: string): string[] | undefined {
  const [about, setAbout] = useState<{ errors: string[] | undefined; value: string }>({ errors, value })
  if (about.errors !== errors) {
    setAbout({ errors, value })
    return errors
  }
  return about.value === value ? errors : undefined
}

/**
 * The one check the console makes itself: the server would refuse it too, with less to go on.
 * In the console's current language (forms call it when submitted).
 */
export function confirmationProblem(values: NewPasswordValues, t: Translator = currentT()): string[] | undefined {
  if (values.newPasswordConfirmation === '') return [t.t('start.newPassword.confirmMissing')]
  if (values.newPassword !== values.newPasswordConfirmation) return [t.t('start.newPassword.confirmDifferent')]
  return undefined
}
