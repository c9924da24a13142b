// The strength meter: the same definition (src-shared/strength-meter.ts), markup and stylesheet
// (src-shared/strength-meter.css) as the pages' meter, here fed by the main process's judgement.
import type { PasswordAssessment } from '../../src-shared/ipc'
import { strengthMeterView } from '../../src-shared/strength-meter'
import { useT } from '../i18n'
import '../../src-shared/strength-meter.css'

interface StrengthMeterProps {
  id: string
  assessment: PasswordAssessment | null
  /** The field shows the policy's problems as its error: the meter then says only how strong. */
  problemShownElsewhere?: boolean
  /** Shown before anything is typed (by default, that strength shows while typing). */
  placeholder?: string | undefined
}

/**
 * The strength of a new password and the first thing to fix. The text is a polite live region
 * (updated after a pause in typing) and part of the field's description; the bar is decoration.
 */
export function StrengthMeter({ id, assessment, problemShownElsewhere, placeholder }: StrengthMeterProps) {
  const t = useT()
  const view = strengthMeterView(assessment, { problemShownElsewhere })
  return (
    <div className="strength" data-score={view.score ?? undefined} data-level={view.level}>
      <div className="strength-bar" aria-hidden="true">
        <div className="strength-fill" />
      </div>
      <p id={id} className="strength-text" aria-live="polite">
        {view.label ? (
          <>
            <span className="strength-label">{t.t('start.strength.label', { label: t.text(view.label) })}</span>
            {view.problem ? ` ${t.text(view.problem)}` : view.ok ? ` ${t.t('start.strength.ok')}` : ''}
          </>
        ) : (
          <span className="hint">{placeholder ?? t.t('start.strength.placeholder')}</span>
        )}
      </p>
    </div>
  )
}
