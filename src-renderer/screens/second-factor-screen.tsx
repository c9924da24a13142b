// The second step of signing in: the code from the admin's authenticator app, or one of their
// recovery codes. One field, focused on arrival; Enter signs in.
import { useState, type FormEvent } from 'react'
import { secondFactorAccepted, startSignInAgain } from '../actions'
import { Brand } from '../components/brand'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { TextField } from '../components/fields'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { useT } from '../i18n'
import { consoleClient } from '../lib/console-client'
import { needsSummary } from '../lib/field-errors'
import { useSession } from '../stores/session'

const FIELDS = ['code'] as const

export function SecondFactorScreen() {
  const t = useT()
  useDocumentTitle(t.t('start.secondFactor.title'))
  const prompt = useSession((state) => state.prompt)
  const [code, setCode] = useState('')
  const { busy, setBusy, error, fieldErrors, refs, show, showFailure } = useFormFeedback(FIELDS, { select: true })
  const recoveryCodes = prompt?.recoveryCodesLeft ?? 0

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    if (!code.trim()) return show({ code: [t.t('start.secondFactor.codeMissing')] }, null)
    setBusy(true)
    show({}, null)
    const outcome = await consoleClient.submitSecondFactor({ code: code.trim() })
    setBusy(false)
    if (outcome.ok) return secondFactorAccepted(outcome.value)
    if (outcome.error.kind === 'sign_in_expired') return startSignInAgain('expired')
    // A wrong or used code: the server's sentence goes by the field, selected for retyping.
    showFailure(outcome.error, 'code')
  }

  return (
    <main className="centered">
      <form className="card card-narrow" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="second-factor-heading">
        <Brand />
        <h1 id="second-factor-heading">{t.t('start.secondFactor.heading')}</h1>
        <p>{prompt ? t.t('start.secondFactor.introFor', { username: prompt.username }) : t.t('start.secondFactor.intro')}</p>
        {needsSummary(error, FIELDS) && <ErrorBox error={error} />}
        <TextField
          ref={refs.code}
          label={t.t('start.secondFactor.code')}
          hint={
            recoveryCodes > 0 ? t.t('start.secondFactor.recoveryHint', { count: recoveryCodes }) : t.t('start.secondFactor.noRecoveryHint')
          }
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          errors={fieldErrors.code}
          autoFocus
        />
        <div className="actions">
          <BusyButton type="submit" busy={busy} busyLabel={t.t('start.secondFactor.busy')}>
            {t.t('start.secondFactor.submit')}
          </BusyButton>
          <button type="button" className="button button-secondary" onClick={() => startSignInAgain('cancelled')} disabled={busy}>
            {t.t('start.secondFactor.cancel')}
          </button>
        </div>
      </form>
    </main>
  )
}
