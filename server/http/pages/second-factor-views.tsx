// The pages of two-step sign-in: the code after the password, the person's second factors
// (authenticator app, recovery codes, passkeys), setting up an authenticator and the recovery codes
// shown once. Everything works without JavaScript except passkeys, which need the browser's WebAuthn
// (their forms stay hidden until /assets/passkeys.js shows them).
import type { ReactNode } from 'react'
import type { FieldErrors } from '../../../src-shared/errors'
import type { FactorSummary } from '../../accounts/factors'
import type { PasskeyView } from '../../accounts/passkeys'
import type { TotpEnrolment } from '../../accounts/totp'
import { CsrfField, ErrorSummary, Field, Layout, Notice, type PageEnv } from './components'

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

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
  return (
    <Layout env={props.env} title="Two-step sign-in" hasErrors={Boolean(props.error) || Boolean(props.errors)} passkeys={props.passkeys}>
      <h1>Two-step sign-in</h1>
      <p>Your password is right. Now enter the 6-digit code your authenticator app shows for TextUp.</p>
      {props.error ? (
        <div className="error-summary" role="alert" tabIndex={-1} autoFocus>
          <p>{props.error}</p>
        </div>
      ) : null}
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/login/second-factor" noValidate>
        <CsrfField env={props.env} />
        <Field
          name="code"
          label="Code"
          hint="No phone at hand? Type one of your recovery codes instead; each works once."
          autoComplete="one-time-code"
          errors={props.errors}
          autoFocus
          maxLength={64}
        />
        <div className="actions">
          <button type="submit">Continue</button>
          <a href="/login">Cancel</a>
        </div>
      </form>
      {props.passkeys ? (
        <PasskeyForm
          env={props.env}
          action="/login/second-factor/passkey"
          optionsUrl="/login/second-factor/passkey-options"
          ceremony="authenticate"
          label="Use a passkey instead"
          notUsed="No passkey was used: the prompt was closed, or this device has no passkey for TextUp. Try again, or enter a code instead."
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
  return (
    <Layout env={props.env} title="Two-step sign-in" hasErrors={Boolean(problem)} passkeys>
      <h1>Two-step sign-in</h1>
      {props.enrolmentRequired ? (
        <Notice kind="warning">
          Your organisation requires administrators to sign in in two steps. Set up an authenticator app or a passkey to continue.
        </Notice>
      ) : null}
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        {on
          ? 'Two-step sign-in is on: after your password, TextUp asks for a code from your authenticator app, or for your passkey.'
          : 'Two-step sign-in is off: your password alone signs you in. Add an authenticator app or a passkey so that a stolen password is not enough.'}
      </p>
      <ErrorSummary errors={problem?.errors} idPrefix={problem ? `${problem.form}-` : ''} />

      <h2 id="authenticator">Authenticator app</h2>
      {factors.totp ? (
        <>
          <p>Set up. To remove it, confirm with your password and a code from it (or a recovery code).</p>
          <form method="post" action="/account/two-factor/remove" noValidate>
            <CsrfField env={props.env} />
            <Field
              id="remove-totp-currentPassword"
              name="currentPassword"
              label="Current password"
              type="password"
              autoComplete="current-password"
              errors={errorsOf('remove-totp')}
            />
            <Field
              id="remove-totp-code"
              name="code"
              label="Code from your authenticator app"
              autoComplete="one-time-code"
              errors={errorsOf('remove-totp')}
              maxLength={64}
            />
            <div className="actions">
              <button type="submit" className="button-danger">
                Remove authenticator app
              </button>
            </div>
          </form>
        </>
      ) : (
        <form method="post" action="/account/two-factor/setup">
          <CsrfField env={props.env} />
          <p>Use an app such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis.</p>
          <div className="actions">
            <button type="submit">Set up an authenticator app</button>
          </div>
        </form>
      )}

      <h2 id="recovery-codes">Recovery codes</h2>
      {on ? (
        <form method="post" action="/account/two-factor/recovery-codes" noValidate>
          <p>You have {plural(factors.recoveryCodesLeft, 'unused recovery code')}. Making new ones replaces them all.</p>
          <CsrfField env={props.env} />
          <Field
            id="recovery-codes-currentPassword"
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            errors={errorsOf('recovery-codes')}
          />
          <div className="actions">
            <button type="submit">Make new recovery codes</button>
          </div>
        </form>
      ) : (
        <p>You get ten when you set up your first authenticator app or passkey.</p>
      )}

      <h2 id="passkeys">Passkeys</h2>
      <p>A passkey signs you in with your device's screen lock or a security key, without a password. Adding one needs JavaScript.</p>
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
                  label={`Current password, to remove "${passkey.name}"`}
                  type="password"
                  autoComplete="current-password"
                  errors={errorsOf(`remove-passkey-${i}`)}
                />
                <button type="submit" className="button-danger">
                  Remove {passkey.name}
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
        label="Add a passkey"
        notUsed="The passkey was not added: the prompt was closed or timed out. Try again when you are ready."
      >
        <Field
          id="add-passkey-name"
          name="name"
          label="Name of the passkey"
          hint="Such as the device it is on."
          autoComplete="off"
          value="Passkey"
          errors={errorsOf('add-passkey')}
          maxLength={64}
        />
      </PasskeyForm>
      <div className="actions">
        <a href="/account">Back to your account</a>
      </div>
    </Layout>
  )
}

/** Grouped in fours, as authenticator apps show a secret typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}

export function TotpSetupPage(props: { env: PageEnv; enrolment: TotpEnrolment; errors?: FieldErrors | undefined }) {
  return (
    <Layout env={props.env} title="Set up an authenticator app" hasErrors={Boolean(props.errors)}>
      <h1>Set up an authenticator app</h1>
      <ol className="steps">
        <li>
          <p>Scan this QR code with your authenticator app.</p>
          {/* Drawn by TextUp itself (no other service sees the secret); the SVG holds nothing but the code's squares. */}
          <div className="qr-code" dangerouslySetInnerHTML={{ __html: props.enrolment.qrSvg }} />
          <p>
            Cannot scan it? Type this key into the app instead: <code className="secret">{grouped(props.enrolment.secret)}</code>
          </p>
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows for TextUp.</p>
          <ErrorSummary errors={props.errors} />
          <form method="post" action="/account/two-factor/confirm" noValidate>
            <CsrfField env={props.env} />
            <Field name="code" label="Code" autoComplete="one-time-code" errors={props.errors} autoFocus maxLength={64} />
            <div className="actions">
              <button type="submit">Turn on</button>
              <a href="/account/two-factor">Cancel</a>
            </div>
          </form>
        </li>
      </ol>
    </Layout>
  )
}

export function RecoveryCodesPage(props: { env: PageEnv; codes: string[]; why: string }) {
  return (
    <Layout env={props.env} title="Your recovery codes">
      <h1>Your recovery codes</h1>
      <Notice kind="success">{props.why}</Notice>
      <p>
        Keep these codes somewhere safe, apart from your phone: print them or save them in your password manager. If you lose your phone or
        passkey, each code signs you in once, in place of a code from the app. <strong>They are shown only now.</strong>
      </p>
      <ul className="recovery-codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <a className="button" href="/account/two-factor">
          I have saved them
        </a>
      </div>
    </Layout>
  )
}
