import type { PasswordAssessment } from '../../src-shared/ipc'

interface StrengthMeterProps {
  id: string
  assessment: PasswordAssessment | null
  /** Shown before anything is typed. */
  placeholder: string
}

const SEGMENTS = [0, 1, 2, 3] as const

/**
 * The strength of a new password and the first thing to fix, as the main process judged it. The
 * text is a polite live region (updated after a pause in typing), the bar is decoration.
 */
export function StrengthMeter({ id, assessment, placeholder }: StrengthMeterProps) {
  const score = assessment?.strength.score ?? -1
  const level = score < 0 ? 'none' : score <= 1 ? 'weak' : score === 2 ? 'fair' : 'strong'
  // Very weak and weak both show one segment: an empty bar would look like "nothing typed".
  const filled = score < 0 ? 0 : Math.max(1, score)
  const problem = assessment?.problems[0]?.message
  return (
    <div className={`strength strength-${level}`}>
      <div className="strength-bar" aria-hidden="true">
        {SEGMENTS.map((segment) => (
          <span key={segment} className={segment < filled ? 'filled' : undefined} />
        ))}
      </div>
      <p id={id} className="strength-text" aria-live="polite">
        {assessment ? (
          <>
            <span className="strength-label">Strength: {assessment.strength.label}.</span>{' '}
            {problem ?? (assessment.ok ? 'This password meets the rules.' : '')}
          </>
        ) : (
          <span className="hint">{placeholder}</span>
        )}
      </p>
    </div>
  )
}
