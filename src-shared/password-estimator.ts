// The password-strength estimator and its dictionaries (tens of megabytes once unpacked). Only
// password-policy.ts imports this module, and only dynamically, the first time a password is
// judged: bundles keep it in a chunk of its own that a process setting no passwords never loads.
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'

/**
 * Strength estimation looks at this many characters (more cannot make a password weaker), and tries
 * this many l33t substitutions: both bound the estimator's CPU time, which otherwise grows fast.
 */
const ESTIMATE_MAX_LENGTH = 64
const ESTIMATE_MAX_L33T_SUBSTITUTIONS = 10

export const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
  maxLength: ESTIMATE_MAX_LENGTH,
  l33tMaxSubstitutions: ESTIMATE_MAX_L33T_SUBSTITUTIONS,
})

/** The common-password list on its own, for an exact-match check with a clear reason. */
export const commonPasswords = new Set(common.dictionary['passwords-common'])
