// The browser pages, following the wording of the user guide (docs: "Resetting password").
import type { ReactNode } from 'react'
import type { FieldErrors } from '../../../src-shared/errors'
import type { FactorSummary } from '../../accounts/factors'
import type { User } from '../../db/schema'
import { PasskeyForm } from './second-factor-views'
import { CsrfField, ErrorSummary, Field, Layout, NewPasswordFields, Notice, policyAttributes, type PageEnv } from './components'

export const SIGN_IN_NOTICES = {
  'password-reset': { kind: 'success', text: 'Your password has been reset. Sign in with your new password.' },
  'password-set': { kind: 'success', text: 'Your password is set. Sign in to start using TextUp.' },
  'password-changed': {
    kind: 'success',
    text: 'Your password has been changed, and every place you were signed in has been signed out. Sign in with your new password.',
  },
  'signed-out': { kind: 'info', text: 'You have signed out.' },
  'session-ended': { kind: 'info', text: 'Your session has ended. Sign in again to continue.' },
  'sign-in-expired': { kind: 'info', text: 'That sign-in was not finished in time, or has been used. Sign in again.' },
} as const

export type SignInNotice = keyof typeof SIGN_IN_NOTICES

export function SignInPage(props: {
  env: PageEnv
  username?: string
  error?: string
  notice?: SignInNotice | undefined
  errors?: FieldErrors
}) {
  const notice = props.notice ? SIGN_IN_NOTICES[props.notice] : undefined
  return (
    <Layout env={props.env} title="Sign in" hasErrors={Boolean(props.error) || hasErrors(props.errors)} passkeys>
      <h1>Sign in to TextUp</h1>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {props.error ? (
        <div className="error-summary" role="alert" tabIndex={-1} autoFocus>
          <p>{props.error}</p>
        </div>
      ) : null}
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/login" noValidate>
        <CsrfField env={props.env} />
        <Field
          name="username"
          label="Username"
          autoComplete="username"
          value={props.username}
          errors={props.errors}
          autoFocus={!props.username}
          maxLength={256}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          errors={props.errors}
          autoFocus={Boolean(props.username)}
        />
        <div className="actions">
          <button type="submit">Sign in</button>
          <a href="/forgot-password">Forgot password</a>
        </div>
      </form>
      <PasskeyForm
        env={props.env}
        action="/login/passkey"
        optionsUrl="/login/passkey-options"
        ceremony="authenticate"
        label="Sign in with a passkey"
        notUsed="No passkey was used: the prompt was closed, or this device has no passkey for TextUp. Try again, or sign in with your password."
      />
    </Layout>
  )
}

export function ForgotPasswordPage(props: { env: PageEnv; username?: string; errors?: FieldErrors | undefined }) {
  return (
    <Layout env={props.env} title="Forgot password" hasErrors={hasErrors(props.errors)}>
      <h1>Forgot password</h1>
      <p>
        Type in your username. If TextUp can find an account with that username, it sends an email with a reset link to the address on that
        account.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/forgot-password" noValidate>
        <CsrfField env={props.env} />
        <Field
          name="username"
          label="Username"
          autoComplete="username"
          value={props.username}
          errors={props.errors}
          autoFocus
          maxLength={256}
        />
        <div className="actions">
          <button type="submit">Send reset link</button>
          <a href="/login">Back to sign in</a>
        </div>
      </form>
    </Layout>
  )
}

export function ResetEmailSentPage(props: { env: PageEnv; ttlMinutes: number }) {
  return (
    <Layout env={props.env} title="Check your email">
      <h1>Check your email</h1>
      <p>
        If TextUp found an account with that username, it has sent an email with a reset link to the address on that account. Select the
        link in the email to choose a new password. The link works once, for {describeMinutes(props.ttlMinutes)}.
      </p>
      <p className="hint">
        Nothing after a few minutes? Check your spam folder, make sure you typed your username (not your email address), or ask your
        administrator.
      </p>
      <div className="actions">
        <a className="button" href="/login">
          Back to sign in
        </a>
        <a href="/forgot-password">Try again</a>
      </div>
    </Layout>
  )
}

export type LinkPurpose = 'reset' | 'invitation'

export function ChoosePasswordPage(props: {
  env: PageEnv
  user: User
  purpose: LinkPurpose
  minLength: number
  errors?: FieldErrors | undefined
}) {
  const action = props.purpose === 'invitation' ? '/welcome' : '/reset-password'
  const title = props.purpose === 'invitation' ? 'Choose your password' : 'Choose a new password'
  return (
    <Layout env={props.env} title={title} strengthMeter hasErrors={hasErrors(props.errors)}>
      <h1>{title}</h1>
      <p>
        {props.purpose === 'invitation' ? 'Welcome to TextUp, ' : 'Hello '}
        {props.user.display_name}. Type in a new password for the account <strong>{props.user.username}</strong>, then type it again to
        confirm it.
      </p>
      <ErrorSummary errors={props.errors} />
      <form
        method="post"
        action={action}
        noValidate
        {...policyAttributes(props.minLength, { username: props.user.username, displayName: props.user.display_name })}
      >
        <CsrfField env={props.env} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={props.user.username} readOnly hidden />
        <NewPasswordFields minLength={props.minLength} errors={props.errors} autoFocus />
        <div className="actions">
          <button type="submit">{props.purpose === 'invitation' ? 'Set password' : 'Reset password'}</button>
        </div>
      </form>
    </Layout>
  )
}

/** What went wrong with a link, and what to do next (a new reset link, or a new invitation from an admin). */
function linkProblem(problem: LinkProblem, purpose: LinkPurpose): { title: string; text: string } {
  const askAgain = purpose === 'invitation' ? 'ask your administrator to invite you again' : 'ask for a new link'
  switch (problem) {
    case 'invalid':
      return {
        title: 'This link is not valid',
        text: `The link may have been copied incompletely. Open it again from the email, or ${askAgain}.`,
      }
    case 'expired':
      return { title: 'This link has expired', text: `Links work for a limited time, for your safety. To continue, ${askAgain}.` }
    case 'used':
      return {
        title: 'This link has already been used',
        text: `Each link works only once. If you have already chosen your password, sign in with it. Otherwise ${askAgain}.`,
      }
    case 'revoked':
      return {
        title: 'This link no longer works',
        text: `A newer link was sent, the password or email address of this account changed after it was sent, or the account is no longer active. Use the newest email, or ${askAgain}.`,
      }
    case 'missing':
      return {
        title: 'Open the link from your email',
        text: `To choose a password, select the link in the email TextUp sent you. If you have none, ${askAgain}.`,
      }
  }
}

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'revoked' | 'missing'

export function LinkProblemPage(props: { env: PageEnv; problem: LinkProblem; purpose: LinkPurpose; afterSubmit?: boolean }) {
  const { title, text } = linkProblem(props.problem, props.purpose)
  return (
    <Layout env={props.env} title={title}>
      <h1>{title}</h1>
      {/* Someone who just pressed "Reset password" needs to know whether anything happened. */}
      {props.afterSubmit ? <p>Your password has not been changed.</p> : null}
      <p>{text}</p>
      <div className="actions">
        {props.purpose === 'invitation' ? null : (
          <a className="button" href="/forgot-password">
            Get a new reset link
          </a>
        )}
        <a href="/login">Go to sign in</a>
      </div>
    </Layout>
  )
}

export function AccountPage(props: {
  env: PageEnv
  user: User
  minLength: number
  twoFactor: FactorSummary
  errors?: FieldErrors | undefined
  /** After a sign-in with a recovery code: how many are left, and what to do about it. */
  warning?: string | undefined
  /** The language of the person's emails (language-preference.tsx). */
  language?: ReactNode
}) {
  const { user, twoFactor } = props
  const twoStepOn = twoFactor.totp || twoFactor.passkeys > 0
  return (
    <Layout env={props.env} title="Your account" strengthMeter hasErrors={hasErrors(props.errors)}>
      <h1>Your account</h1>
      {props.warning ? <Notice kind="warning">{props.warning}</Notice> : null}
      <dl className="details">
        <dt>Name</dt>
        <dd>{user.display_name}</dd>
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{user.role === 'admin' ? 'Administrator' : 'User'}</dd>
        <dt>Password last changed</dt>
        <dd>{user.password_changed_at ? <Time iso={user.password_changed_at} /> : 'Never'}</dd>
        <dt>Two-step sign-in</dt>
        <dd>{twoStepOn ? describeFactors(twoFactor) : 'Off'}</dd>
      </dl>
      <h2 id="two-step">Two-step sign-in</h2>
      {twoStepOn ? (
        <p>
          <a href="/account/two-factor">Manage your authenticator app, recovery codes and passkeys</a>
        </p>
      ) : (
        <form method="post" action="/account/two-factor/setup">
          <CsrfField env={props.env} />
          <p className="hint">A code from an app on your phone after your password: a stolen password is then not enough to get in.</p>
          <div className="actions">
            <button type="submit">Set up an authenticator app</button>
            <a href="/account/two-factor">Or add a passkey</a>
          </div>
        </form>
      )}
      {props.language}
      <h2 id="change-password">Change your password</h2>
      <p className="hint">Changing your password signs you out everywhere, including here.</p>
      <ErrorSummary errors={props.errors} />
      <form
        method="post"
        action="/account/password"
        noValidate
        {...policyAttributes(props.minLength, { username: user.username, displayName: user.display_name })}
      >
        <CsrfField env={props.env} />
        <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
        <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" errors={props.errors} />
        <NewPasswordFields minLength={props.minLength} errors={props.errors} />
        <div className="actions">
          <button type="submit">Change password</button>
        </div>
      </form>
    </Layout>
  )
}

export function PasswordChangeRequiredPage(props: { env: PageEnv; user: User; minLength: number; errors?: FieldErrors | undefined }) {
  return (
    <Layout env={props.env} title="Choose a new password" strengthMeter hasErrors={hasErrors(props.errors)}>
      <h1>Choose a new password</h1>
      <Notice kind="warning">Your administrator asks you to choose a new password before you continue.</Notice>
      <ErrorSummary errors={props.errors} />
      <form
        method="post"
        action="/account/new-password"
        noValidate
        {...policyAttributes(props.minLength, { username: props.user.username, displayName: props.user.display_name })}
      >
        <CsrfField env={props.env} />
        <input type="text" name="username" autoComplete="username" value={props.user.username} readOnly hidden />
        <NewPasswordFields minLength={props.minLength} errors={props.errors} autoFocus />
        <div className="actions">
          <button type="submit">Save new password</button>
        </div>
      </form>
    </Layout>
  )
}

export function MessagePage(props: { env: PageEnv; title: string; detail?: string | undefined; children?: ReactNode }) {
  return (
    <Layout env={props.env} title={props.title}>
      <h1>{props.title}</h1>
      {props.detail ? <p>{props.detail}</p> : null}
      {props.children ?? (
        <div className="actions">
          <a className="button" href="/">
            Go to the start page
          </a>
        </div>
      )}
    </Layout>
  )
}

function describeFactors(factors: FactorSummary): string {
  const parts = [
    factors.totp ? 'authenticator app' : undefined,
    factors.passkeys > 0 ? `${factors.passkeys} passkey${factors.passkeys === 1 ? '' : 's'}` : undefined,
  ]
  const codes = `${factors.recoveryCodesLeft} recovery code${factors.recoveryCodesLeft === 1 ? '' : 's'} left`
  return `On: ${parts.filter(Boolean).join(' and ')}; ${codes}`
}

function Time({ iso }: { iso: string }) {
  const text = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))
  return <time dateTime={iso}>{text} UTC</time>
}

function hasErrors(errors: FieldErrors | undefined): boolean {
  return Object.values(errors ?? {}).some((messages) => messages.length > 0)
}

export function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
  return `${minutes} minutes`
}
