// Form controls that are accessible by construction: a visible label tied to the control, a hint
// and errors linked with aria-describedby, and aria-invalid while there are errors.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react'
import { useT } from '../i18n'

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-describedby' | 'aria-invalid'>

interface TextFieldProps extends InputProps {
  label: ReactNode
  hint?: ReactNode
  errors?: string[] | undefined
  /** Ids of other elements describing this field (a strength meter). */
  describedBy?: string | undefined
  /** Rendered under the input, inside the field (a strength meter). */
  children?: ReactNode
  ref?: Ref<HTMLInputElement>
}

export function TextField({ label, hint, errors, describedBy, children, ref, className, ...input }: TextFieldProps) {
  const id = useId()
  const invalid = (errors?.length ?? 0) > 0
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = invalid ? `${id}-error` : undefined
  const described = [hintId, errorId, describedBy].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', invalid ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <input id={id} ref={ref} type="text" aria-invalid={invalid || undefined} aria-describedby={described} {...input} />
      <FieldErrors id={errorId} errors={errors} />
      {children}
    </div>
  )
}

export function FieldErrors({ id, errors }: { id: string | undefined; errors: string[] | undefined }) {
  const t = useT()
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors">
      {errors.map((message) => (
        <li key={message}>
          <span className="visually-hidden">{t.t('start.field.errorPrefix')} </span>
          {message}
        </li>
      ))}
    </ul>
  )
}

interface CheckboxFieldProps extends Omit<InputProps, 'type'> {
  label: ReactNode
  hint?: ReactNode
}

export function CheckboxField({ label, hint, ...input }: CheckboxFieldProps) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <div className="checkbox-field">
      <input id={id} type="checkbox" aria-describedby={hintId} {...input} />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={hintId} className="hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  )
}

export interface RadioOption<V extends string> {
  value: V
  label: ReactNode
  hint?: ReactNode
}

interface RadioGroupProps<V extends string> {
  legend: ReactNode
  name: string
  value: V
  options: RadioOption<V>[]
  onChange: (value: V) => void
  errors?: string[] | undefined
  disabled?: boolean
  inline?: boolean
}

export function RadioGroup<V extends string>({ legend, name, value, options, onChange, errors, disabled, inline }: RadioGroupProps<V>) {
  const id = useId()
  const invalid = (errors?.length ?? 0) > 0
  return (
    <fieldset
      className={`radio-group${inline ? ' radio-group-inline' : ''}${invalid ? ' field-invalid' : ''}`}
      aria-describedby={invalid ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      <div className="radio-options">
        {options.map((option) => (
          <div className="radio-option" key={option.value}>
            <input
              id={`${id}-${option.value}`}
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              disabled={disabled}
              onChange={() => onChange(option.value)}
              aria-describedby={option.hint ? `${id}-${option.value}-hint` : undefined}
            />
            <div>
              <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
              {option.hint && (
                <p id={`${id}-${option.value}-hint`} className="hint">
                  {option.hint}
                </p>
              )}
            </div>
          </div>
        ))}
      </div>
      <FieldErrors id={invalid ? `${id}-error` : undefined} errors={errors} />
    </fieldset>
  )
}
