// Schema failures in the reader's language. Schemas in src-shared name their messages by id
// (`{ message: 'api.createUser.passwordOrInvitation' }`); the issue's own bounds ({minimum},
// {maximum}) and a custom issue's params fill the placeholders. An issue without its own message
// gets a general one for its kind, so no English text from zod itself ever reaches a person.
import type { z } from 'zod'
import { isMessageId, type MessageValues, type Translator } from './translator'

type Issue = z.core.$ZodIssue

export function issueMessage(t: Translator, issue: Issue): string {
  const values: MessageValues = {}
  if ('minimum' in issue) values.minimum = Number(issue.minimum)
  if ('maximum' in issue) values.maximum = Number(issue.maximum)
  if (issue.code === 'unrecognized_keys') {
    return t.t('common.validation.unknownFields', { count: issue.keys.length, fields: t.list(issue.keys) })
  }
  if (issue.code === 'custom' && issue.params) Object.assign(values, issue.params)
  if (isMessageId(issue.message)) return t.t(issue.message, values)
  switch (issue.code) {
    case 'invalid_type':
      return t.t('common.validation.invalidType')
    case 'too_big':
      return t.t('common.validation.tooBig', values)
    case 'too_small':
      return t.t('common.validation.tooSmall', values)
    default:
      return t.t('common.validation.invalid')
  }
}
