// Errors attached to form or request fields, before and after translation.
import type { z } from 'zod'
import type { Message, MessageId, Translator } from './i18n/translator'
import { issueMessage } from './i18n/validation'

/** Field name → messages to show next to that field, in the reader's language (as sent and shown). */
export type FieldErrors = Record<string, string[]>

/** A field's message before it is translated: one of ours, or a schema's issue (its bounds fill the message). */
export type FieldMessage = Message | { issue: z.core.$ZodIssue }

/** Field name → messages, to translate when the answer is written (in the language of whoever reads it). */
export type FieldMessages = Record<string, FieldMessage[]>

export function translateFieldMessage(t: Translator, message: FieldMessage): string {
  return 'issue' in message ? issueMessage(t, message.issue) : t.text(message)
}

export function translateFields(t: Translator, fields: FieldMessages): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([field, messages]) => [field, messages.map((m) => translateFieldMessage(t, m))]))
}

/**
 * A schema's message, by id (checked by the typechecker): `.min(1, says('api.account.enterName'))`.
 * issueMessage() translates it, with the issue's own bounds ({minimum}, {maximum}).
 */
export function says(id: MessageId): { message: MessageId } {
  return { message: id }
}
