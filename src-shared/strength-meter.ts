// The strength meter's one definition, for the console (src-renderer/components/strength-meter.tsx)
// and the pages (server/browser/strength.ts): what a password's assessment shows. Both render the
// same markup, styled by src-shared/strength-meter.css:
//
//   <div class="strength" data-score="0…4">        (no data-score: nothing judged yet)
//     <div class="strength-bar" aria-hidden="true"><div class="strength-fill"></div></div>
//     <p class="strength-text"><span class="strength-label">Strength: Weak.</span> first problem</p>
//   </div>
//
// Types only from the policy: the renderer bundles this file, and must not carry the dictionaries.
import type { Message } from './i18n/translator'
import type { PasswordAssessment, StrengthScore } from './password-policy'

/** One name per score: five levels, so "Very weak" and "Weak" never look the same. */
export const STRENGTH_LEVELS = ['very-weak', 'weak', 'fair', 'good', 'strong'] as const
export type StrengthLevel = (typeof STRENGTH_LEVELS)[number]

export interface StrengthMeterView {
  /** null: nothing judged yet (an empty field, or the first judgement on its way). */
  score: StrengthScore | null
  level: StrengthLevel | 'none'
  /** "Very weak" … "Strong", for the reader to translate. */
  label: Message | null
  /** The first thing to fix, unless the form already says it next to the field (then once is enough). */
  problem: Message | null
  ok: boolean
}

export function strengthMeterView(
  assessment: Pick<PasswordAssessment, 'ok' | 'problems' | 'strength'> | null,
  options: { problemShownElsewhere?: boolean } = {},
): StrengthMeterView {
  if (!assessment) return { score: null, level: 'none', label: null, problem: null, ok: false }
  const score = assessment.strength.score
  return {
    score,
    level: STRENGTH_LEVELS[score],
    label: assessment.strength.label,
    problem: options.problemShownElsewhere ? null : (assessment.problems[0]?.message ?? null),
    ok: assessment.ok,
  }
}

/** The error icon beside every field error, on the pages and in the console (an inline SVG, aria-hidden). */
export const ERROR_ICON = {
  viewBox: '0 0 16 16',
  // A circle with an exclamation mark cut out of it.
  path: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.9 3.5h1.8l-.3 5h-1.2l-.3-5ZM8 10.6a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z',
} as const
