// The password-strength estimator and its dictionaries (tens of megabytes once unpacked). Only
// password-policy.ts imports this module, and only dynamically, the first time a password is
// judged: bundles keep it in a chunk of its own that a process setting no passwords never loads.
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import * as german from '@zxcvbn-ts/language-de'
import { ESTIMATOR_FEEDBACK_KEYS } from './i18n/estimator-feedback'

/**
 * Strength estimation looks at this many characters (more cannot make a password weaker), and tries
 * this many l33t substitutions: both bound the estimator's CPU time, which otherwise grows fast.
 */
const ESTIMATE_MAX_LENGTH = 64
const ESTIMATE_MAX_L33T_SUBSTITUTIONS = 10

/**
 * Both languages' dictionaries judge every password, whatever language the person reads: a
 * password's strength must not depend on who is looking, and German staff pick German words.
 * Feedback comes out as keys ("warnings.commonNames"), put into words for each reader later.
 */
export const zxcvbn = new ZxcvbnFactory({
  dictionary: {
    ...common.dictionary,
    ...english.dictionary,
    ...Object.fromEntries(Object.entries(german.dictionary).map(([name, words]) => [`${name}-de`, words])),
  },
  graphs: common.adjacencyGraphs,
  // Same keys as English's table (estimator-feedback.ts builds it from that table).
  translations: ESTIMATOR_FEEDBACK_KEYS as typeof english.translations,
  maxLength: ESTIMATE_MAX_LENGTH,
  l33tMaxSubstitutions: ESTIMATE_MAX_L33T_SUBSTITUTIONS,
})

/** The common-password list on its own, for an exact-match check with a clear reason. */
export const commonPasswords = new Set(common.dictionary['passwords-common'])
