// A new password, typed twice, with the strength meter: the same pair for the first admin, a new
// user and an admin setting someone's password.
import { useId, type Ref } from 'react'
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
        errors={errors.newPassword}
        describedBy={meterId}
        disabled={disabled}
        spellCheck={false}
      >
        <StrengthMeter id={meterId} assessment={assessment} />
      </TextField>
      <TextField
        ref={confirmRef}
        label={confirmLabel ?? t.t('start.newPassword.confirm')}
        type="password"
        autoComplete="new-password"
        value={values.newPasswordConfirmation}
        onChange={(event) => onChange({ ...values, newPasswordConfirmation: event.target.value })}
        errors={errors.newPasswordConfirmation}
        disabled={disabled}
        spellCheck={false}
      />
    </>
  )
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
