// What an account's fields may hold: one set of schemas for the pages, the API, the CLI and the console.
import { z } from 'zod'
import { says } from './errors'
import { LOCALES } from './i18n/locales'
import type { MessageId, MessageValues } from './i18n/translator'

export const ROLES = ['admin', 'user'] as const
export type Role = (typeof ROLES)[number]

/** How a password came to be set: by its owner, with a reset link, by an admin or operator, or by accepting an invitation. */
export const PASSWORD_CHANGE_WAYS = ['self', 'reset_link', 'admin', 'operator', 'invitation'] as const
export type PasswordChangeWay = (typeof PASSWORD_CHANGE_WAYS)[number]

export const USERNAME_MAX_LENGTH = 64
export const DISPLAY_NAME_MAX_LENGTH = 100
export const EMAIL_MAX_LENGTH = 254
/** What any password field accepts before the policy looks at it: bounds the work done on input. */
export const PASSWORD_INPUT_MAX_LENGTH = 1024

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u

/**
 * Invisible characters that change how the text around them is shown: Unicode format characters
 * (Cf) and the line and paragraph separators (Zl, Zp). A right-to-left override (U+202E) makes a
 * name read backwards in an email or the audit log, U+2028 starts a new line in a header or a log
 * line, zero-width spaces and tag characters hide text in plain sight (Unicode TR36 §2, TR39 §3).
 *
 * One deliberate exception: ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D) where
 * they join something. Persian, Hindi, Malayalam, Sinhala and other scripts spell names with
 * them, and emoji sequences (👩‍💻) are joined by U+200D; they neither reorder nor break text. A
 * joiner must follow a letter, mark, digit or symbol, and be followed by one too unless it follows a
 * combining mark such as a virama (Malayalam writes word-final letters as "ന്‍"): at the start of a
 * name, after a space or after another joiner it joins nothing and could only hide, so it is refused
 * there (a simpler form of the CONTEXTJ rule of RFC 5892 for domain names).
 */
const FORMAT_OR_SEPARATOR = /[\p{Cf}\p{Zl}\p{Zp}]/u
const JOINERS = /^[\u200c\u200d]$/u
const JOINABLE = /^[\p{L}\p{M}\p{N}\p{S}]$/u
const COMBINING_MARK = /^\p{M}$/u
const TEXT_DIRECTION_MARKS = /^[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u
const LINE_BREAKS = /^[\p{Zl}\p{Zp}]$/u

/** Why `text` cannot be a `field`, as a message id and its values; undefined when it can. */
function invisibleCharacterProblem(text: string, field: 'name' | 'username'): { message: MessageId; params: MessageValues } | undefined {
  const characters = [...text]
  const found = characters.findIndex((character, i) => {
    if (!FORMAT_OR_SEPARATOR.test(character)) return false
    const before = characters[i - 1] ?? ''
    const joins =
      JOINERS.test(character) && JOINABLE.test(before) && (COMBINING_MARK.test(before) || JOINABLE.test(characters[i + 1] ?? ''))
    return !joins
  })
  if (found === -1) return undefined
  const character = characters[found]!
  const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
  const params = { code, field }
  if (TEXT_DIRECTION_MARKS.test(character)) return { message: 'api.account.directionMark', params }
  if (LINE_BREAKS.test(character)) return { message: 'api.account.lineBreak', params }
  if (JOINERS.test(character)) return { message: 'api.account.joiner', params }
  return { message: 'api.account.invisibleCharacter', params }
}

/** Refuses what invisibleCharacterProblem finds, with its message. */
function withoutInvisibleCharacters(field: 'name' | 'username') {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = invisibleCharacterProblem(value, field)
    if (problem) ctx.addIssue({ code: 'custom', ...problem })
  }
}

export const usernameSchema = z
  .string(says('api.account.usernameText'))
  .trim()
  .min(1, says('api.account.enterUsername'))
  .max(USERNAME_MAX_LENGTH, says('api.account.usernameMax'))
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._@-]*[A-Za-z0-9])?$/, says('api.account.usernameCharacters'))

export const displayNameSchema = z
  .string(says('api.account.nameText'))
  .trim()
  .min(1, says('api.account.enterName'))
  .max(DISPLAY_NAME_MAX_LENGTH, says('api.account.nameMax'))
  .refine((value) => !CONTROL_CHARACTERS.test(value), says('api.account.nameControlCharacters'))
  .superRefine(withoutInvisibleCharacters('name'))

export const emailSchema = z
  .string(says('api.account.emailText'))
  .trim()
  .max(EMAIL_MAX_LENGTH, says('api.account.emailMax'))
  // z.email() accepts ASCII letters, digits and a few signs only: no invisible character gets through.
  .pipe(z.email(says('api.account.enterEmail')))

export const roleSchema = z.enum(ROLES, says('api.account.role'))

/** The language of the emails TextUp sends the person (the pages and the console follow the reader). */
export const preferredLanguageSchema = z
  .enum(LOCALES, says('api.account.preferredLanguage'))
  .meta({ description: 'The language of the emails TextUp sends this person.' })

/** A username as someone typed it into a sign-in or forgot-password form: judged, not validated. */
export const typedUsernameSchema = z
  .string(says('api.account.usernameText'))
  .trim()
  .min(1, says('api.account.enterYourUsername'))
  .max(256, says('api.account.usernameTooLong'))
  .refine((value) => !CONTROL_CHARACTERS.test(value), says('api.account.usernameControlCharacters'))
  // No username holds one (usernameSchema allows ASCII only), so refusing costs nobody a sign-in,
  // and such text never reaches the audit log or the reset queue to be shown to an admin.
  .superRefine(withoutInvisibleCharacters('username'))

/** Any password field, before the policy: bounded, never trimmed (spaces are part of a password). */
export const passwordInputSchema = z
  .string(says('api.account.passwordText'))
  .max(PASSWORD_INPUT_MAX_LENGTH, says('api.account.passwordMax'))

/** A code from an authenticator app (six digits) or a recovery code (xxxx-xxxx-xxxx-xxxx), as typed: judged by the server. */
export const secondFactorCodeSchema = z
  .string(says('api.account.codeText'))
  .trim()
  .min(1, says('api.account.enterCode'))
  .max(64, says('api.account.codeTooLong'))
  .regex(/^[A-Za-z0-9 -]*$/, says('api.account.codeCharacters'))

/** The key that makes usernames unique regardless of case. */
export function usernameKey(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase()
}
