// Puts a ConsoleError's fieldErrors next to the fields a form has, and the rest in its summary.
import type { ConsoleError } from '../../src-shared/ipc'

export type FormErrors<F extends string> = Partial<Record<F, string[]>>

export interface SplitErrors<F extends string> {
  fields: FormErrors<F>
  /** Messages for fields this form does not show (or for the whole request). */
  other: string[]
}

export function splitFieldErrors<F extends string>(error: ConsoleError | null, fields: readonly F[]): SplitErrors<F> {
  const result: SplitErrors<F> = { fields: {}, other: [] }
  for (const [name, messages] of Object.entries(error?.fieldErrors ?? {})) {
    if ((fields as readonly string[]).includes(name)) result.fields[name as F] = messages
    else result.other.push(...messages)
  }
  return result
}

/** The first field with an error, in the form's order: where focus goes after a failed submit. */
export function firstInvalid<F extends string>(errors: FormErrors<F>, order: readonly F[]): F | undefined {
  return order.find((name) => (errors[name]?.length ?? 0) > 0)
}

export function hasErrors<F extends string>(errors: FormErrors<F>): boolean {
  return Object.values<string[] | undefined>(errors).some((messages) => (messages?.length ?? 0) > 0)
}

/**
 * Whether a form shows the error's box above its fields: not when every message it carries is
 * already next to its field, where the box would only say the same thing again in other words.
 */
export function needsSummary<F extends string>(error: ConsoleError | null, fields: readonly F[]): error is ConsoleError {
  if (!error) return false
  const split = splitFieldErrors(error, fields)
  return split.other.length > 0 || !hasErrors(split.fields)
}
