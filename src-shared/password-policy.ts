// The password policy every new password must meet, wherever it is typed: the server's pages, the
// admin API, the CLI and the desktop console all call assessPassword, so a password is judged the
// same way everywhere and every rejection says why.
//
// Rules follow NIST SP 800-63B-4 §3.1.1.2 for a password that is the only factor: a minimum length
// (15 by default, never below 8), at least 64 characters accepted, no composition rules, and a
// blocklist check: commonly used passwords, context words (username, name, email, the product's
// name) and trivially guessable patterns (repetition, sequences, keyboard walks).
//
// The estimator and its dictionaries (tens of megabytes once unpacked, password-estimator.ts) are
// loaded the first time a password is judged, not when this module is: a server that is not
// setting passwords does not carry them.
import type * as Estimator from './password-estimator'
import { msg, type Message } from './i18n/translator'

export const PASSWORD_MIN_LENGTH_DEFAULT = 15
export const PASSWORD_MIN_LENGTH_FLOOR = 8
/** Long enough for any passphrase or generated password; bounded so hashing cost stays bounded. */
export const PASSWORD_MAX_LENGTH = 256
/** zxcvbn score below which a password is refused as trivially guessable (2 = over 10^6 guesses). */
const MIN_SCORE = 2
/** Context words shorter than this are too likely to appear by chance inside an unrelated password. */
const MIN_CONTEXT_WORD_LENGTH = 3
const PRODUCT_WORDS = ['textup']

export interface PasswordContext {
  username?: string | undefined
  displayName?: string | undefined
  email?: string | undefined
}

export type PasswordProblemCode = 'required' | 'too_short' | 'too_long' | 'control_characters' | 'common' | 'personal' | 'predictable'

export interface PasswordProblem {
  code: PasswordProblemCode
  /** What to do about it, in a sentence or two, for the reader to translate (t.text). */
  message: Message
}

export type StrengthScore = 0 | 1 | 2 | 3 | 4

export interface PasswordAssessment {
  ok: boolean
  problems: PasswordProblem[]
  strength: { score: StrengthScore; label: Message }
}

export const STRENGTH_LABELS: Record<StrengthScore, Message> = {
  0: msg('policy.strength.veryWeak'),
  1: msg('policy.strength.weak'),
  2: msg('policy.strength.fair'),
  3: msg('policy.strength.good'),
  4: msg('policy.strength.strong'),
}

/**
 * The one normalisation applied to a password before it is measured or hashed (NIST asks for
 * NFKC or NFKD), so the same characters typed on different keyboards give the same password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

/** Length in characters as a person counts them (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length
}

// C0 and C1 control characters: invisible, and usually a paste accident.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u

let estimator: Promise<typeof Estimator> | undefined

function loadEstimator(): Promise<typeof Estimator> {
  estimator ??= import('./password-estimator')
  return estimator
}

/** The words of a person's identity that must not make up their password. */
export function contextWords(context: PasswordContext): string[] {
  const words = new Set<string>(PRODUCT_WORDS)
  const add = (value: string | undefined) => {
    const word = value?.normalize('NFKC').toLowerCase().trim()
    if (word && [...word].length >= MIN_CONTEXT_WORD_LENGTH) words.add(word)
  }
  add(context.username)
  add(context.displayName)
  for (const part of context.displayName?.split(/\s+/u) ?? []) add(part)
  add(context.email)
  const localPart = context.email?.split('@')[0]
  add(localPart)
  for (const part of localPart?.split(/[._+-]/u) ?? []) add(part)
  return [...words].sort((a, b) => b.length - a.length)
}

/** How many characters remain once every context word is taken out of the password. */
function lengthWithoutContextWords(normalized: string, words: string[]): number {
  let rest = normalized.toLowerCase()
  for (const word of words) rest = rest.split(word).join('')
  return [...rest].length
}

/**
 * Judges a new password. `ok` is true only when there are no problems; each problem carries a
 * message that can be shown to the person in their language.
 */
export async function assessPassword(
  password: string,
  options: { minLength?: number; context?: PasswordContext } = {},
): Promise<PasswordAssessment> {
  const minLength = options.minLength ?? PASSWORD_MIN_LENGTH_DEFAULT
  const context = options.context ?? {}
  const normalized = normalizePassword(password)
  const length = [...normalized].length
  const problems: PasswordProblem[] = []

  if (length === 0) {
    return {
      ok: false,
      problems: [{ code: 'required', message: msg('policy.required') }],
      strength: { score: 0, label: STRENGTH_LABELS[0] },
    }
  }
  if (length < minLength) {
    problems.push({
      code: 'too_short',
      message: msg('policy.tooShort', { minLength, length }),
    })
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({
      code: 'too_long',
      message: msg('policy.tooLong', { maxLength: PASSWORD_MAX_LENGTH, length }),
    })
  }
  if (CONTROL_CHARACTERS.test(normalized)) {
    problems.push({
      code: 'control_characters',
      message: msg('policy.controlCharacters'),
    })
  }
  const { zxcvbn, commonPasswords } = await loadEstimator()
  if (commonPasswords.has(normalized.toLowerCase())) {
    problems.push({
      code: 'common',
      message: msg('policy.common'),
    })
  }
  const words = contextWords(context)
  if (length >= minLength && lengthWithoutContextWords(normalized, words) < minLength) {
    problems.push({
      code: 'personal',
      message: msg('policy.personal', { minLength }),
    })
  }

  const estimate = zxcvbn.check(normalized, words)
  const score = estimate.score
  if (score < MIN_SCORE && !problems.some((p) => p.code === 'common' || p.code === 'too_short')) {
    // The estimator's warning names the pattern it found, in the reader's language (estimator-feedback.ts).
    const warning = estimate.feedback.warning
    problems.push({
      code: 'predictable',
      message: warning ? msg('policy.predictableBecause', { warning: { estimator: warning } }) : msg('policy.predictable'),
    })
  }

  const shownScore: StrengthScore = problems.length > 0 ? (Math.min(score, 1) as StrengthScore) : score
  return {
    ok: problems.length === 0,
    problems,
    strength: { score: shownScore, label: STRENGTH_LABELS[shownScore] },
  }
}
