// The browser pages, following the wording of the user guide (docs: "Resetting password").
import type { ReactNode } from 'react'
import type { FieldErrors } from '../../../src-shared/errors'
import { rich } from '../../../src-shared/i18n/react'
import type { MessageId, Translator } from '../../../src-shared/i18n/translator'
import type { FactorSummary } from '../../accounts/factors'
import type { User } from '../../db/schema'
import { PasskeyForm } from './second-factor-views'
import { CsrfField, ErrorSummary, Field, Layout, NewPasswordFields, Notice, policyAttributes, type PageEnv } from './components'

export const SIGN_IN_NOTICES = {
  'password-reset': { kind: 'success', text: 'pages.signIn.notice.passwordReset' },
  'password-set': { kind: 'success', text: 'pages.signIn.notice.passwordSet' },
  'password-changed': { kind: 'success', text: 'pages.signIn.notice.passwordChanged' },
  'signed-out': { kind: 'info', text: 'pages.signIn.notice.signedOut' },
  'session-ended': { kind: 'info', text: 'pages.signIn.notice.sessionEnded' },
  'sign-in-expired': { kind: 'info', text: 'pages.signIn.notice.signInExpired' },
} as const satisfies Record<string, { kind: 'success' | 'info'; text: MessageId }>

export type SignInNotice = keyof typeof SIGN_IN_NOTICES

export function SignInPage(props: {
  env: PageEnv
  username?: string
  error?: ReactNode
  notice?: SignInNotice | undefined
  errors?: FieldErrors
}) {
  const notice = props.notice ? SIGN_IN_NOTICES[props.notice] : undefined
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.signIn.title')} hasErrors={Boolean(props.error) || hasErrors(props.errors)} passkeys>
      <h1>{t.t('pages.signIn.heading')}</h1>
      {notice ? <Notice kind={notice.kind}>{t.t(notice.text)}</Notice> : null}
      {props.error ? (
        <div className="error-summary" role="alert" tabIndex={-1} autoFocus>
          <p>{props.error}</p>
        </div>
      ) : null}
      <ErrorSummary env={props.env} errors={props.errors} />
      <form method="post" action="/login" noValidate>
        <CsrfField env={props.env} />
        <Field
          name="username"
          label={t.t('pages.fields.username')}
          autoComplete="username"
          value={props.username}
          errors={props.errors}
          autoFocus={!props.username}
          maxLength={256}
        />
        <Field
          name="password"
          label={t.t('pages.fields.password')}
          type="password"
          autoComplete="current-password"
          errors={props.errors}
          autoFocus={Boolean(props.username)}
        />
        <div className="actions">
          <button type="submit">{t.t('pages.signIn.submit')}</button>
          <a href="/forgot-password">{t.t('pages.signIn.forgotPassword')}</a>
        </div>
      </form>
      <PasskeyForm
        env={props.env}
        action="/login/passkey"
        optionsUrl="/login/passkey-options"
        ceremony="authenticate"
        label={t.t('pages.signIn.withPasskey')}
        notUsed={t.t('pages.signIn.passkeyNotUsed')}
      />
    </Layout>
  )
}

export function ForgotPasswordPage(props: { env: PageEnv; username?: string; errors?: FieldErrors | undefined }) {
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.forgot.title')} hasErrors={hasErrors(props.errors)}>
      <h1>{t.t('pages.forgot.title')}</h1>
      <p>{t.t('pages.forgot.intro')}</p>
      <ErrorSummary env={props.env} errors={props.errors} />
      <form method="post" action="/forgot-password" noValidate>
        <CsrfField env={props.env} />
        <Field
          name="username"
          label={t.t('pages.fields.username')}
          autoComplete="username"
          value={props.username}
          errors={props.errors}
          autoFocus
          maxLength={256}
        />
        <div className="actions">
          <button type="submit">{t.t('pages.forgot.submit')}</button>
          <a href="/login">{t.t('pages.common.backToSignIn')}</a>
        </div>
      </form>
    </Layout>
  )
}

export function ResetEmailSentPage(props: { env: PageEnv; ttlMinutes: number }) {
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.sent.title')}>
      <h1>{t.t('pages.sent.title')}</h1>
      <p>{t.t('pages.sent.text', { duration: describeMinutes(t, props.ttlMinutes) })}</p>
      <p className="hint">{t.t('pages.sent.hint')}</p>
      <div className="actions">
        <a className="button" href="/login">
          {t.t('pages.common.backToSignIn')}
        </a>
        <a href="/forgot-password">{t.t('pages.sent.differentUsername')}</a>
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
  const { t } = props.env
  const invitation = props.purpose === 'invitation'
  const action = invitation ? '/welcome' : '/reset-password'
  const title = t.t(invitation ? 'pages.choose.titleInvitation' : 'pages.choose.titleReset')
  return (
    <Layout env={props.env} title={title} strengthMeter hasErrors={hasErrors(props.errors)}>
      <h1>{title}</h1>
      <p>
        {rich(t, invitation ? 'pages.choose.introInvitation' : 'pages.choose.introReset', {
          name: props.user.display_name,
          username: props.user.username,
          b: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      <ErrorSummary env={props.env} errors={props.errors} />
      <form
        method="post"
        action={action}
        noValidate
        {...policyAttributes(props.minLength, { username: props.user.username, displayName: props.user.display_name })}
      >
        <CsrfField env={props.env} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={props.user.username} readOnly hidden />
        <NewPasswordFields env={props.env} minLength={props.minLength} errors={props.errors} autoFocus />
        <div className="actions">
          <button type="submit">{t.t(invitation ? 'pages.choose.submitInvitation' : 'pages.choose.submitReset')}</button>
        </div>
      </form>
    </Layout>
  )
}

const LINK_PROBLEMS: Record<LinkProblem, { title: MessageId; text: MessageId }> = {
  invalid: { title: 'pages.link.invalidTitle', text: 'pages.link.invalidText' },
  expired: { title: 'pages.link.expiredTitle', text: 'pages.link.expiredText' },
  used: { title: 'pages.link.usedTitle', text: 'pages.link.usedText' },
  revoked: { title: 'pages.link.revokedTitle', text: 'pages.link.revokedText' },
  missing: { title: 'pages.link.missingTitle', text: 'pages.link.missingText' },
}

/** What went wrong with a link, and what to do next (a new reset link, or a new invitation from an admin). */
function linkProblem(t: Translator, problem: LinkProblem, purpose: LinkPurpose, lifetimeMinutes: number): { title: string; text: string } {
  const askAgain = t.t(purpose === 'invitation' ? 'pages.link.askAgainInvitation' : 'pages.link.askAgainReset')
  const { title, text } = LINK_PROBLEMS[problem]
  return { title: t.t(title), text: t.t(text, { askAgain, duration: describeMinutes(t, lifetimeMinutes) }) }
}

export type LinkProblem = 'invalid' | 'expired' | 'used' | 'revoked' | 'missing'

export function LinkProblemPage(props: {
  env: PageEnv
  problem: LinkProblem
  purpose: LinkPurpose
  /** How long a link of this purpose works: the expired page says it, so the next one is opened in time. */
  lifetimeMinutes: number
  afterSubmit?: boolean
}) {
  const { t } = props.env
  const { title, text } = linkProblem(t, props.problem, props.purpose, props.lifetimeMinutes)
  return (
    <Layout env={props.env} title={title}>
      <h1>{title}</h1>
      {/* Someone who just pressed "Reset password" needs to know whether anything happened. */}
      {props.afterSubmit ? <p>{t.t('pages.link.notChanged')}</p> : null}
      <p>{text}</p>
      <div className="actions">
        {props.purpose === 'invitation' ? null : (
          <a className="button" href="/forgot-password">
            {t.t('pages.link.newResetLink')}
          </a>
        )}
        <a href="/login">{t.t('pages.common.goToSignIn')}</a>
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
  const { t } = props.env
  const twoStepOn = twoFactor.totp || twoFactor.passkeys > 0
  return (
    <Layout env={props.env} title={t.t('pages.account.title')} strengthMeter hasErrors={hasErrors(props.errors)}>
      <h1>{t.t('pages.account.title')}</h1>
      {props.warning ? <Notice kind="warning">{props.warning}</Notice> : null}
      <dl className="details">
        <dt>{t.t('pages.account.name')}</dt>
        <dd>{user.display_name}</dd>
        <dt>{t.t('pages.account.username')}</dt>
        <dd>{user.username}</dd>
        <dt>{t.t('pages.account.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t.t('pages.account.role')}</dt>
        <dd>{t.t(user.role === 'admin' ? 'pages.account.roleAdmin' : 'pages.account.roleUser')}</dd>
        <dt>{t.t('pages.account.passwordChanged')}</dt>
        <dd>{user.password_changed_at ? <Time t={t} iso={user.password_changed_at} /> : t.t('pages.account.never')}</dd>
        <dt>{t.t('pages.account.twoStep')}</dt>
        <dd>{twoStepOn ? describeFactors(t, twoFactor) : t.t('pages.account.twoStepOff')}</dd>
      </dl>
      <h2 id="two-step">{t.t('pages.account.twoStep')}</h2>
      {twoStepOn ? (
        <p>
          <a href="/account/two-factor">{t.t('pages.account.manageTwoStep')}</a>
        </p>
      ) : (
        <form method="post" action="/account/two-factor/setup">
          <CsrfField env={props.env} />
          <p className="hint">{t.t('pages.account.twoStepHint')}</p>
          <div className="actions">
            <button type="submit">{t.t('pages.account.setUpAuthenticator')}</button>
            <a href="/account/two-factor">{t.t('pages.account.orAddPasskey')}</a>
          </div>
        </form>
      )}
      {props.language}
      <h2 id="change-password">{t.t('pages.account.changePassword')}</h2>
      <p className="hint">{t.t('pages.account.changePasswordHint')}</p>
      <ErrorSummary env={props.env} errors={props.errors} />
      <form
        method="post"
        action="/account/password"
        noValidate
        {...policyAttributes(props.minLength, { username: user.username, displayName: user.display_name })}
      >
        <CsrfField env={props.env} />
        <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
        <Field
          name="currentPassword"
          label={t.t('pages.fields.currentPassword')}
          type="password"
          autoComplete="current-password"
          errors={props.errors}
        />
        <NewPasswordFields env={props.env} minLength={props.minLength} errors={props.errors} />
        <div className="actions">
          <button type="submit">{t.t('pages.account.changePasswordSubmit')}</button>
        </div>
      </form>
    </Layout>
  )
}

export function PasswordChangeRequiredPage(props: { env: PageEnv; user: User; minLength: number; errors?: FieldErrors | undefined }) {
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.required.title')} strengthMeter hasErrors={hasErrors(props.errors)}>
      <h1>{t.t('pages.required.title')}</h1>
      <Notice kind="warning">{t.t('pages.required.notice')}</Notice>
      <ErrorSummary env={props.env} errors={props.errors} />
      <form
        method="post"
        action="/account/new-password"
        noValidate
        {...policyAttributes(props.minLength, { username: props.user.username, displayName: props.user.display_name })}
      >
        <CsrfField env={props.env} />
        <input type="text" name="username" autoComplete="username" value={props.user.username} readOnly hidden />
        <NewPasswordFields env={props.env} minLength={props.minLength} errors={props.errors} autoFocus />
        <div className="actions">
          <button type="submit">{t.t('pages.required.submit')}</button>
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
            {props.env.t.t('pages.common.goToStart')}
          </a>
        </div>
      )}
    </Layout>
  )
}

function describeFactors(t: Translator, factors: FactorSummary): string {
  const parts = [
    factors.totp ? t.t('pages.account.authenticatorApp') : undefined,
    factors.passkeys > 0 ? t.t('pages.account.passkeyCount', { count: factors.passkeys }) : undefined,
  ].filter((part): part is string => Boolean(part))
  return t.t('pages.account.twoStepOn', { factors: t.list(parts), codes: factors.recoveryCodesLeft })
}

/**
 * A moment, in UTC on the server (which cannot know the reader's time zone); pages.js rewrites it
 * in the reader's own time zone, in the page's language.
 */
function Time({ t, iso }: { t: Translator; iso: string }) {
  const text = t.dateTime(iso, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
  return <time dateTime={iso}>{t.t('pages.time.utc', { time: text })}</time>
}

function hasErrors(errors: FieldErrors | undefined): boolean {
  return Object.values(errors ?? {}).some((messages) => messages.length > 0)
}

/** A link's lifetime: "1 hour", "2 hours" or "30 minutes". */
export function describeMinutes(t: Translator, minutes: number): string {
  if (minutes % (24 * 60) === 0) return t.t('pages.duration.days', { days: minutes / (24 * 60) })
  return minutes % 60 === 0 ? t.t('pages.duration.hours', { hours: minutes / 60 }) : t.t('pages.duration.minutes', { minutes })
}
