// What an account's fields may hold: one set of schemas for the pages, the API, the CLI and the console.
import { z } from 'zod'

export const ROLES = ['admin', 'user'] as const
export type Role = (typeof ROLES)[number]

export const USERNAME_MAX_LENGTH = 64
export const DISPLAY_NAME_MAX_LENGTH = 100
export const EMAIL_MAX_LENGTH = 254
/** What any password field accepts before the policy looks at it: bounds the work done on input. */
export const PASSWORD_INPUT_MAX_LENGTH = 1024

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u

export const usernameSchema = z
  .string({ message: 'Username must be text.' })
  .trim()
  .min(1, { message: 'Enter a username.' })
  .max(USERNAME_MAX_LENGTH, { message: `Use at most ${USERNAME_MAX_LENGTH} characters for a username.` })
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._@-]*[A-Za-z0-9])?$/, {
    message: 'Use letters, digits, dots, dashes, underscores or @ in a username, starting and ending with a letter or digit.',
  })

export const displayNameSchema = z
  .string({ message: 'Name must be text.' })
  .trim()
  .min(1, { message: 'Enter a name.' })
  .max(DISPLAY_NAME_MAX_LENGTH, { message: `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters for a name.` })
  .refine((value) => !CONTROL_CHARACTERS.test(value), { message: 'Remove control characters from the name.' })

export const emailSchema = z
  .string({ message: 'Email must be text.' })
  .trim()
  .max(EMAIL_MAX_LENGTH, { message: `Use at most ${EMAIL_MAX_LENGTH} characters for an email address.` })
  .pipe(z.email({ message: 'Enter an email address such as michelle@example.org.' }))

export const roleSchema = z.enum(ROLES, { message: 'Role must be admin or user.' })

/** A username as someone typed it into a sign-in or forgot-password form: judged, not validated. */
export const typedUsernameSchema = z
  .string({ message: 'Username must be text.' })
  .trim()
  .min(1, { message: 'Enter your username.' })
  .max(256, { message: 'That username is too long.' })
  .refine((value) => !CONTROL_CHARACTERS.test(value), { message: 'Remove control characters from the username.' })

/** Any password field, before the policy: bounded, never trimmed (spaces are part of a password). */
export const passwordInputSchema = z
  .string({ message: 'Password must be text.' })
  .max(PASSWORD_INPUT_MAX_LENGTH, { message: `Passwords are at most ${PASSWORD_INPUT_MAX_LENGTH} characters.` })

/** The key that makes usernames unique regardless of case. */
export function usernameKey(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase()
}
