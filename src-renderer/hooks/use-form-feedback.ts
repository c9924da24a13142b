// What each console form keeps about its last submit: whether it waits for an answer, the error to
// show, the messages next to each field, and the fields' inputs, so that focus can go to the first
// field with something to fix.
import { createRef, useState, type RefObject } from 'react'
import type { ConsoleError } from '../../src-shared/ipc'
import { firstInvalid, splitFieldErrors, type FormErrors } from '../lib/field-errors'

export interface FormFeedback<F extends string> {
  busy: boolean
  setBusy: (busy: boolean) => void
  error: ConsoleError | null
  fieldErrors: FormErrors<F>
  /** One per field, for the inputs (fields without a text input, such as radio groups, leave theirs unattached). */
  refs: Record<F, RefObject<HTMLInputElement | null>>
  /** Shows these messages by their fields and this error above them; focus goes to the first field with a message, else to `fallback`. */
  show: (errors: FormErrors<F>, error: ConsoleError | null, fallback?: F) => void
  /** Shows a failed request's answer: its field messages by their fields, the rest in the summary. */
  showFailure: (error: ConsoleError, fallback?: F) => void
}

/** `select`: the text of the field that gets focus is selected too, so that typing replaces it. */
export function useFormFeedback<F extends string>(fields: readonly F[], options: { select?: boolean } = {}): FormFeedback<F> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError | null>(null)
  const [fieldErrors, setFieldErrors] = useState<FormErrors<F>>({})
  const [refs] = useState(
    () =>
      Object.fromEntries(fields.map((field) => [field, createRef<HTMLInputElement>()])) as Record<F, RefObject<HTMLInputElement | null>>,
  )

  const show = (errors: FormErrors<F>, consoleError: ConsoleError | null, fallback?: F) => {
    setFieldErrors(errors)
    setError(consoleError)
    const target = firstInvalid(errors, fields) ?? fallback
    const input = target === undefined ? null : refs[target].current
    input?.focus()
    if (options.select) input?.select()
  }
  return {
    busy,
    setBusy,
    error,
    fieldErrors,
    refs,
    show,
    showFailure: (failure, fallback) => show(splitFieldErrors(failure, fields).fields, failure, fallback),
  }
}
