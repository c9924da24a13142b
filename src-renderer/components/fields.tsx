// Form controls that are accessible by construction: a visible label tied to the control, a hint
// and errors linked with aria-describedby, and aria-invalid while there are errors. The order is
// the pages' (server/http/pages/components.tsx, Field): label, hint, errors, input, then what
// belongs under the input (the strength meter).
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type RefObject,
} from 'react'
import { ERROR_ICON } from '../../src-shared/strength-meter'
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

export function TextField({ label, hint, errors, describedBy, children, ref, className, type, ...input }: TextFieldProps) {
  const id = useId()
  const invalid = (errors?.length ?? 0) > 0
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = invalid ? `${id}-error` : undefined
  const described = [hintId, errorId, describedBy].filter(Boolean).join(' ') || undefined
  const password = type === 'password'
  const [shown, setShown] = useState(false)
  const inputRef = useRef<HTMLInputElement | null>(null)
  const setRefs = (node: HTMLInputElement | null) => {
    inputRef.current = node
    if (typeof ref === 'function') ref(node)
    else if (ref) ref.current = node
  }
  const field = (
    <input
      id={id}
      ref={setRefs}
      type={password ? (shown ? 'text' : 'password') : (type ?? 'text')}
      aria-invalid={invalid || undefined}
      aria-describedby={described}
      {...input}
    />
  )
  return (
    <div className={['field', invalid ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <FieldErrors id={errorId} errors={errors} />
      {password ? (
        <div className="input-row">
          {field}
          <ShowPasswordButton input={inputRef} controls={id} shown={shown} onToggle={setShown} disabled={input.disabled} />
        </div>
      ) : (
        field
      )}
      {children}
    </div>
  )
}

/**
 * "Show"/"Hide", as on the pages (server/browser/pages.ts): the visible text is the name,
 * aria-pressed the state, aria-controls the field. A mouse click leaves focus and the caret in the
 * field; from the keyboard, focus stays on the button. Whatever is shown is hidden again when its
 * form is submitted (a password left on screen while the answer comes back, or above an error,
 * can be read over a shoulder; and password managers only save what was in a password field),
 * and when the field goes away (shown is this component's state, so it starts hidden again).
 */
function ShowPasswordButton(props: {
  input: RefObject<HTMLInputElement | null>
  controls: string
  shown: boolean
  onToggle: (shown: boolean) => void
  disabled?: boolean | undefined
}) {
  const t = useT()
  const { input, shown, onToggle } = props
  const selection = useRef<[number | null, number | null] | null>(null)

  useEffect(() => {
    const form = input.current?.form
    if (!form) return
    const hide = () => onToggle(false)
    form.addEventListener('submit', hide)
    return () => form.removeEventListener('submit', hide)
  }, [input, onToggle])

  // Changing the input's type may move the caret to the end: put it back where it was.
  useLayoutEffect(() => {
    const node = input.current
    const saved = selection.current
    selection.current = null
    if (node && saved && document.activeElement === node) node.setSelectionRange(saved[0], saved[1])
  }, [input, shown])

  return (
    <button
      type="button"
      className="button button-secondary show-password"
      aria-controls={props.controls}
      aria-pressed={shown}
      disabled={props.disabled}
      // Keep focus (and the caret) in the field when the button is clicked.
      onMouseDown={(event) => {
        if (document.activeElement === input.current) event.preventDefault()
      }}
      onClick={() => {
        const node = input.current
        if (node) selection.current = [node.selectionStart, node.selectionEnd]
        onToggle(!shown)
      }}
    >
      {shown ? t.t('start.field.hide') : t.t('start.field.show')}
    </button>
  )
}

export function FieldErrors({ id, errors }: { id: string | undefined; errors: string[] | undefined }) {
  const t = useT()
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors">
      {errors.map((message) => (
        <li key={message}>
          <ErrorIcon />
          <span>
            <span className="visually-hidden">{t.t('start.field.errorPrefix')} </span>
            {message}
          </span>
        </li>
      ))}
    </ul>
  )
}

/** The same icon as the pages' field errors (src-shared/strength-meter.ts). */
function ErrorIcon() {
  return (
    <svg className="error-icon" viewBox={ERROR_ICON.viewBox} aria-hidden="true" focusable="false">
      <path fillRule="evenodd" d={ERROR_ICON.path} />
    </svg>
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
      <FieldErrors id={invalid ? `${id}-error` : undefined} errors={errors} />
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
    </fieldset>
  )
}
