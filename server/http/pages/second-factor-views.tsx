// The pages of two-step sign-in: the code after the password, the person's second factors
// (authenticator app, recovery codes, passkeys), setting up an authenticator and the recovery codes
// shown once. Everything works without JavaScript except passkeys, which need the browser's WebAuthn
// (their forms stay hidden until /assets/passkeys.js shows them).
import type { ReactNode } from 'react'
import type { FieldErrors } from '../../../src-shared/errors'
import { rich } from '../../../src-shared/i18n/react'
import type { FactorSummary } from '../../accounts/factors'
import type { PasskeyView } from '../../accounts/passkeys'
import type { TotpEnrolment } from '../../accounts/totp'
import { CsrfField, ErrorSummary, Field, Layout, Notice, type PageEnv } from './components'

/** A passkey ceremony the page script runs: options from `optionsUrl`, the browser's answer posted in `credential`. */
export function PasskeyForm(props: {
  env: PageEnv
  action: string
  optionsUrl: string
  ceremony: 'authenticate' | 'register'
  label: string
  /** What the page script says when the browser used no passkey (a closed prompt, or none for TextUp on this device). */
  notUsed: string
  children?: ReactNode
}) {
  return (
    <form
      method="post"
      action={props.action}
      className="passkey-form"
      data-passkey={props.ceremony}
      data-options-url={props.optionsUrl}
      data-not-used={props.notUsed}
      hidden
    >
      <CsrfField env={props.env} />
      <input type="hidden" name="credential" value="" />
      {props.children}
      {/* A live region without the status role: it must exist before the script writes into it to be
          announced, and an empty role="status" would be one more (silent) status on every sign-in page. */}
      <p className="passkey-status" aria-live="polite" aria-atomic="true" />
      <div className="actions">
        <button type="button" className="passkey-start">
          {props.label}
        </button>
      </div>
    </form>
  )
}

export function SecondStepPage(props: { env: PageEnv; passkeys: boolean; error?: string | undefined; errors?: FieldErrors | undefined }) {
  const { t } = props.env
  return (
    <Layout
      env={props.env}
      title={t.t('pages.secondStep.title')}
      hasErrors={Boolean(props.error) || Boolean(props.errors)}
      passkeys={props.passkeys}
    >
      <h1>{t.t('pages.secondStep.title')}</h1>
      <p>{t.t('pages.secondStep.intro')}</p>
      {props.error ? (
        <div className="error-summary" role="alert" tabIndex={-1} autoFocus>
          <p>{props.error}</p>
        </div>
      ) : null}
      <ErrorSummary env={props.env} errors={props.errors} />
      <form method="post" action="/login/second-factor" noValidate>
        <CsrfField env={props.env} />
        <Field
          name="code"
          label={t.t('pages.fields.code')}
          hint={t.t('pages.secondStep.codeHint')}
          autoComplete="one-time-code"
          errors={props.errors}
          autoFocus
          maxLength={64}
        />
        <div className="actions">
          <button type="submit">{t.t('pages.secondStep.continue')}</button>
          <a href="/login">{t.t('pages.common.cancel')}</a>
        </div>
      </form>
      {props.passkeys ? (
        <PasskeyForm
          env={props.env}
          action="/login/second-factor/passkey"
          optionsUrl="/login/second-factor/passkey-options"
          ceremony="authenticate"
          label={t.t('pages.secondStep.usePasskey')}
          notUsed={t.t('pages.secondStep.passkeyNotUsed')}
        />
      ) : null}
    </Layout>
  )
}

/** Which form on the two-step page a problem belongs to: its fields are shown there, with ids of their own. */
export type TwoFactorForm = 'remove-totp' | 'recovery-codes' | 'add-passkey' | `remove-passkey-${number}`

export interface FormProblem {
  form: TwoFactorForm
  errors: FieldErrors
}

export function TwoFactorPage(props: {
  env: PageEnv
  factors: FactorSummary
  passkeys: PasskeyView[]
  enrolmentRequired: boolean
  notice?: string | undefined
  problem?: FormProblem | undefined
}) {
  const { factors, passkeys, problem } = props
  const on = factors.totp || passkeys.length > 0
  const errorsOf = (form: TwoFactorForm) => (problem?.form === form ? problem.errors : undefined)
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.twoFactor.title')} hasErrors={Boolean(problem)} passkeys>
      <h1>{t.t('pages.twoFactor.title')}</h1>
      {props.enrolmentRequired ? <Notice kind="warning">{t.t('pages.twoFactor.enrolmentRequired')}</Notice> : null}
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>{t.t(on ? 'pages.twoFactor.on' : 'pages.twoFactor.off')}</p>
      <ErrorSummary env={props.env} errors={problem?.errors} idPrefix={problem ? `${problem.form}-` : ''} />

      <h2 id="authenticator">{t.t('pages.twoFactor.authenticator')}</h2>
      {factors.totp ? (
        <>
          <p>{t.t('pages.twoFactor.authenticatorSetUp')}</p>
          <form method="post" action="/account/two-factor/remove" noValidate>
            <CsrfField env={props.env} />
            <Field
              id="remove-totp-currentPassword"
              name="currentPassword"
              label={t.t('pages.fields.currentPassword')}
              type="password"
              autoComplete="current-password"
              errors={errorsOf('remove-totp')}
            />
            <Field
              id="remove-totp-code"
              name="code"
              label={t.t('pages.twoFactor.authenticatorCode')}
              autoComplete="one-time-code"
              errors={errorsOf('remove-totp')}
              maxLength={64}
            />
            <div className="actions">
              <button type="submit" className="button-danger">
                {t.t('pages.twoFactor.removeAuthenticator')}
              </button>
            </div>
          </form>
        </>
      ) : (
        <form method="post" action="/account/two-factor/setup">
          <CsrfField env={props.env} />
          <p>{t.t('pages.twoFactor.appExamples')}</p>
          <div className="actions">
            <button type="submit">{t.t('pages.twoFactor.setUpAuthenticator')}</button>
          </div>
        </form>
      )}

      <h2 id="recovery-codes">{t.t('pages.twoFactor.recoveryCodes')}</h2>
      {on ? (
        <form method="post" action="/account/two-factor/recovery-codes" noValidate>
          <p>{t.t('pages.twoFactor.codesLeft', { count: factors.recoveryCodesLeft })}</p>
          <CsrfField env={props.env} />
          <Field
            id="recovery-codes-currentPassword"
            name="currentPassword"
            label={t.t('pages.fields.currentPassword')}
            type="password"
            autoComplete="current-password"
            errors={errorsOf('recovery-codes')}
          />
          <div className="actions">
            <button type="submit">{t.t('pages.twoFactor.newCodes')}</button>
          </div>
        </form>
      ) : (
        <p>{t.t('pages.twoFactor.codesLater')}</p>
      )}

      <h2 id="passkeys">{t.t('pages.twoFactor.passkeys')}</h2>
      <p>{t.t('pages.twoFactor.passkeysIntro')}</p>
      {passkeys.length > 0 ? (
        <ul className="passkeys">
          {passkeys.map((passkey, i) => (
            <li key={passkey.id}>
              <strong>{passkey.name}</strong>
              <form method="post" action="/account/passkeys/remove" noValidate>
                <CsrfField env={props.env} />
                <input type="hidden" name="id" value={passkey.id} />
                <Field
                  id={`remove-passkey-${i}-currentPassword`}
                  name="currentPassword"
                  label={t.t('pages.twoFactor.passwordToRemove', { name: passkey.name })}
                  type="password"
                  autoComplete="current-password"
                  errors={errorsOf(`remove-passkey-${i}`)}
                />
                <button type="submit" className="button-danger">
                  {t.t('pages.twoFactor.removePasskey', { name: passkey.name })}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      <PasskeyForm
        env={props.env}
        action="/account/passkeys"
        optionsUrl="/account/passkeys/options"
        ceremony="register"
        label={t.t('pages.twoFactor.addPasskey')}
        notUsed={t.t('pages.twoFactor.passkeyNotAdded')}
      >
        <Field
          id="add-passkey-name"
          name="name"
          label={t.t('pages.twoFactor.passkeyName')}
          hint={t.t('pages.twoFactor.passkeyNameHint')}
          autoComplete="off"
          value={t.t('pages.twoFactor.passkeyDefaultName')}
          errors={errorsOf('add-passkey')}
          maxLength={64}
        />
      </PasskeyForm>
      <div className="actions">
        <a href="/account">{t.t('pages.twoFactor.backToAccount')}</a>
      </div>
    </Layout>
  )
}

/** Grouped in fours, as authenticator apps show a secret typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}

export function TotpSetupPage(props: { env: PageEnv; enrolment: TotpEnrolment; errors?: FieldErrors | undefined }) {
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.totp.title')} hasErrors={Boolean(props.errors)}>
      <h1>{t.t('pages.totp.title')}</h1>
      <ol className="steps">
        <li>
          <p>{t.t('pages.totp.scan')}</p>
          {/* Drawn by TextUp itself (no other service sees the secret); the SVG holds nothing but the code's squares. */}
          <div className="qr-code" dangerouslySetInnerHTML={{ __html: props.enrolment.qrSvg }} />
          <p>
            {rich(t, 'pages.totp.typeKey', {
              key: grouped(props.enrolment.secret),
              code: (chunks) => <code className="secret">{chunks}</code>,
            })}
          </p>
        </li>
        <li>
          <p>{t.t('pages.totp.enterCode')}</p>
          <ErrorSummary env={props.env} errors={props.errors} />
          <form method="post" action="/account/two-factor/confirm" noValidate>
            <CsrfField env={props.env} />
            <Field
              name="code"
              label={t.t('pages.fields.code')}
              autoComplete="one-time-code"
              errors={props.errors}
              autoFocus
              maxLength={64}
            />
            <div className="actions">
              <button type="submit">{t.t('pages.totp.turnOn')}</button>
              <a href="/account/two-factor">{t.t('pages.common.cancel')}</a>
            </div>
          </form>
        </li>
      </ol>
    </Layout>
  )
}

export function RecoveryCodesPage(props: { env: PageEnv; codes: string[]; why: string }) {
  const { t } = props.env
  return (
    <Layout env={props.env} title={t.t('pages.codes.title')}>
      <h1>{t.t('pages.codes.title')}</h1>
      <Notice kind="success">{props.why}</Notice>
      <p>{rich(t, 'pages.codes.keepSafe', { b: (chunks) => <strong>{chunks}</strong> })}</p>
      <ul className="recovery-codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <a className="button" href="/account/two-factor">
          {t.t('pages.codes.saved')}
        </a>
      </div>
    </Layout>
  )
}
