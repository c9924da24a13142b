// Refusals at sign-in that come with a next step: a wrong password points to "Forgot password?",
// an admin without a second factor is told where to set one up, a regular user where to sign in
// instead. Every page opened in the browser is built by the main process from the server address.
import { useState } from 'react'
import type { ConsoleError, Outcome } from '../../src-shared/ipc'
import { ErrorBox } from '../components/error-box'
import { useT } from '../i18n'
import { consoleClient } from '../lib/console-client'

export function SignInError({
  error,
  other,
  openWebSignIn,
}: {
  error: ConsoleError
  other: string[]
  /** Opens the web sign-in page of the server typed in the form. */
  openWebSignIn: () => Promise<Outcome<null>>
}) {
  const t = useT()
  if (error.kind === 'second_factor_setup_required') return <EnrolmentRequired error={error} />
  if (error.kind === 'not_an_admin') return <NotAnAdmin error={error} open={openWebSignIn} />
  // "The username or password is not right." (no field of its own, nothing more to say): the way forward.
  if (error.kind === 'invalid' && !error.detail && !error.fieldErrors)
    return <ErrorBox error={{ ...error, detail: t.t('start.signIn.wrongPasswordHint') }} more={other} />
  // A deactivated admin must understand this is not about a mistyped password. A refusal that
  // explains itself (a broken machine configuration says whom to ask) says so already; a bare one gets a heading.
  const heading = error.kind === 'forbidden' && !error.detail ? t.t('start.signIn.notAllowedHeading') : undefined
  return <ErrorBox error={error} more={other} heading={heading} />
}

/** A regular user: the console is for admins; the server's web sign-in page, and a way there. */
function NotAnAdmin({ error, open }: { error: ConsoleError; open: () => Promise<Outcome<null>> }) {
  const t = useT()
  const [opened, setOpened] = useState<Outcome<null> | null>(null)
  const detail = [error.detail, error.webSignInUrl && t.t('start.signIn.webSignInAt', { url: error.webSignInUrl })]
    .filter(Boolean)
    .join(' ')
  return (
    <ErrorBox error={{ ...error, detail }}>
      <button type="button" className="button button-secondary" onClick={() => void open().then(setOpened)}>
        {t.t('start.signIn.openWebSignIn')}
      </button>
      {opened !== null && <span role="status">{opened.ok ? t.t('start.signIn.accountPageOpened') : opened.error.title}</span>}
    </ErrorBox>
  )
}

/** An admin without a second factor where admins must have one: where to set it up, and a way there. */
function EnrolmentRequired({ error }: { error: ConsoleError }) {
  const t = useT()
  const [opened, setOpened] = useState<boolean | null>(null)
  const detail = error.enrolUrl ? t.t('start.signIn.enrolDetailAt', { url: error.enrolUrl }) : t.t('start.signIn.enrolDetail')
  return (
    <ErrorBox error={{ ...error, detail }} heading={t.t('start.signIn.enrolHeading')}>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void consoleClient.openEnrolmentPage().then((outcome) => setOpened(outcome.ok))}
      >
        {t.t('start.signIn.openAccountPage')}
      </button>
      {opened !== null && (
        <span role="status">{opened ? t.t('start.signIn.accountPageOpened') : t.t('start.signIn.accountPageNotOpened')}</span>
      )}
    </ErrorBox>
  )
}
