// Turning schema failures into per-field messages a person (or a script) can act on.
import type { z } from 'zod'
import { translateFields, type FieldErrors, type FieldMessages } from '../../src-shared/errors'
import type { Translator } from '../../src-shared/i18n/translator'

/**
 * Field name → the schema's issues, to translate later (issueMessage names unknown fields and
 * fills in bounds). Problems with the whole body (unknown fields, not an object) go under "_body".
 */
export function formIssues(error: z.ZodError): FieldMessages {
  const fields: FieldMessages = {}
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_body'
    ;(fields[field] ??= []).push({ issue })
  }
  return fields
}

/** Field name → messages in the reader's language. */
export function formErrors(error: z.ZodError, t: Translator): FieldErrors {
  return translateFields(t, formIssues(error))
}
