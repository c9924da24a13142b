// The second step of signing in: the code from the admin's authenticator app, or one of their
// recovery codes. One field, focused on arrival; Enter signs in.
import { useState, type FormEvent } from 'react'
import { secondFactorAccepted, startSignInAgain } from '../actions'
import { BusyButton } from '../components/busy-button'
import { ErrorBox } from '../components/error-box'
import { TextField } from '../components/fields'
import { useDocumentTitle } from '../hooks/use-document-title'
import { useFormFeedback } from '../hooks/use-form-feedback'
import { consoleClient } from '../lib/console-client'
import { needsSummary } from '../lib/field-errors'
import { useSession } from '../stores/session'

const FIELDS = ['code'] as const

export function SecondFactorScreen() {
  useDocumentTitle('Two-step sign-in')
  const prompt = useSession((state) => state.prompt)
  const [code, setCode] = useState('')
  const { busy, setBusy, error, fieldErrors, refs, show, showFailure } = useFormFeedback(FIELDS, { select: true })
  const recoveryCodes = prompt?.recoveryCodesLeft ?? 0

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (busy) return
    if (!code.trim()) return show({ code: ['Enter the code from your authenticator app, or a recovery code.'] }, null)
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
        <p className="brand brand-large">
          TextUp <span className="brand-product">Admin console</span>
        </p>
        <h1 id="second-factor-heading">Two-step sign-in</h1>
        <p>Enter the 6-digit code your authenticator app shows for TextUp{prompt ? ` (${prompt.username})` : ''}.</p>
        {needsSummary(error, FIELDS) && <ErrorBox error={error} />}
        <TextField
          ref={refs.code}
          label="Code"
          hint={
            recoveryCodes > 0
              ? `No phone at hand? Enter one of your recovery codes instead (you have ${recoveryCodes === 1 ? '1' : recoveryCodes} left; each works once).`
              : 'You have no recovery codes left: make new ones on your account page once you are signed in.'
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
          <BusyButton type="submit" busy={busy} busyLabel="Checking…">
            Sign in
          </BusyButton>
          <button type="button" className="button button-secondary" onClick={() => startSignInAgain('cancelled')} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  )
}
