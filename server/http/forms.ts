// Turning schema failures into per-field messages a person (or a script) can act on.
import type { z } from 'zod'
import type { FieldErrors } from '../../src-shared/errors'

/** Field name → messages. Problems with the whole body (unknown fields, not an object) go under "_body". */
export function formErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_body'
    const message =
      issue.code === 'unrecognized_keys' ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.` : issue.message
    ;(errors[field] ??= []).push(message)
  }
  return errors
}
