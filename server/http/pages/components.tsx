// Building blocks of the browser pages. Pages are plain HTML forms that work without JavaScript;
// /assets/pages.js only adds "Show password", the match check and local times, and
// /assets/strength.js (large: it carries the password dictionaries) the live strength meter on
// pages with a new password, and /assets/passkeys.js the passkey buttons on the pages that have them.
import type { ReactNode } from 'react'
import type { FieldErrors } from '../../../src-shared/errors'

export interface PageEnv {
  assets: { css: string; js: string; strength: string; passkeys: string }
  csrfToken: string
  /** Who is signed in, for the header. */
  signedIn: { username: string; displayName: string } | undefined
}

export function Layout(props: {
  env: PageEnv
  title: string
  children: ReactNode
  strengthMeter?: boolean
  passkeys?: boolean
  hasErrors?: boolean
}) {
  const { env } = props
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Screen readers announce the title first: say at once that the form needs attention. */}
        <title>{`${props.hasErrors ? 'Error: ' : ''}${props.title} · TextUp`}</title>
        <link rel="stylesheet" href={env.assets.css} />
        <script src={env.assets.js} defer />
        {props.strengthMeter ? <script src={env.assets.strength} defer /> : null}
        {props.passkeys ? <script src={env.assets.passkeys} defer /> : null}
      </head>
      <body>
        <header className="site-header">
          <a className="brand" href="/">
            TextUp
          </a>
          {env.signedIn ? (
            <form method="post" action="/logout" className="signed-in">
              <span>
                Signed in as <strong>{env.signedIn.username}</strong>
              </span>
              <CsrfField env={env} />
              <button type="submit" className="link-button">
                Sign out
              </button>
            </form>
          ) : null}
        </header>
        <main className="card">{props.children}</main>
      </body>
    </html>
  )
}

export function CsrfField({ env }: { env: PageEnv }) {
  return <input type="hidden" name="_csrf" value={env.csrfToken} />
}

const FIELD_LABELS: Record<string, string> = {
  username: 'Username',
  password: 'Password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  newPasswordConfirmation: 'Confirm new password',
  code: 'Code',
  name: 'Name',
}

/** A list of every problem at the top of a form, each linking to its field. */
export function ErrorSummary({ errors, title, idPrefix = '' }: { errors: FieldErrors | undefined; title?: string; idPrefix?: string }) {
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages.length > 0)
  if (entries.length === 0) return null
  return (
    // Focused on load (autofocus works without JavaScript), so keyboard and screen reader users start at the problems.
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{title ?? 'There is a problem'}</h2>
      <ul>
        {entries.flatMap(([field, messages]) =>
          messages.map((message) => (
            <li key={`${field}:${message}`}>{field in FIELD_LABELS ? <a href={`#${idPrefix}${field}`}>{message}</a> : message}</li>
          )),
        )}
      </ul>
    </div>
  )
}

export function Notice({ children, kind = 'info' }: { children: ReactNode; kind?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      {children}
    </div>
  )
}

interface FieldProps {
  name: string
  /** When a page has several fields of one name (several forms): defaults to the name. */
  id?: string
  label: string
  type?: 'text' | 'password' | 'email'
  autoComplete: string
  value?: string | undefined
  hint?: ReactNode
  errors?: FieldErrors | undefined
  autoFocus?: boolean
  required?: boolean
  maxLength?: number
  /** Marks a new-password field for the strength meter and the "Show" toggle. */
  newPassword?: boolean
  /** Marks a confirmation field: pages.js checks it matches this field. */
  confirms?: string
}

export function Field(props: FieldProps) {
  const id = props.id ?? props.name
  const messages = props.errors?.[props.name] ?? []
  const hintId = props.hint ? `${id}-hint` : undefined
  const errorId = messages.length > 0 ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${messages.length > 0 ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {messages.length > 0 ? (
        <ul className="field-error" id={errorId}>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        defaultValue={props.value}
        required={props.required ?? true}
        maxLength={props.maxLength}
        autoFocus={props.autoFocus && !hasAnyError(props.errors)}
        aria-invalid={messages.length > 0 ? true : undefined}
        aria-describedby={describedBy}
        spellCheck={props.type === 'password' ? false : undefined}
        autoCapitalize="none"
        data-new-password={props.newPassword ? '' : undefined}
        data-confirms={props.confirms}
      />
      {props.newPassword ? (
        <div className="strength" id={`${props.name}-strength`} data-strength-for={props.name} hidden>
          <div className="strength-bar" aria-hidden="true">
            <div className="strength-fill" />
          </div>
          <p className="strength-text" />
          {/* Announced after a pause in typing; the visible text above follows every key. */}
          <p className="visually-hidden strength-announce" aria-live="polite" />
        </div>
      ) : null}
    </div>
  )
}

function hasAnyError(errors: FieldErrors | undefined): boolean {
  return Object.values(errors ?? {}).some((messages) => messages.length > 0)
}

/** New password and its confirmation, with the policy spelled out before anyone types. */
export function NewPasswordFields(props: {
  minLength: number
  errors: FieldErrors | undefined
  autoFocus?: boolean
  labels?: { newPassword: string; confirmation: string }
}) {
  return (
    <>
      <Field
        name="newPassword"
        label={props.labels?.newPassword ?? 'New password'}
        type="password"
        autoComplete="new-password"
        hint={`At least ${props.minLength} characters. A few unrelated words make a long password that is easy to remember. Avoid common passwords and your name or username.`}
        errors={props.errors}
        autoFocus={props.autoFocus}
        newPassword
      />
      <Field
        name="newPasswordConfirmation"
        label={props.labels?.confirmation ?? 'Confirm new password'}
        type="password"
        autoComplete="new-password"
        errors={props.errors}
        confirms="newPassword"
      />
    </>
  )
}

/** Tells the enhancement script the policy and whose password it is, for the live strength meter. */
export function policyAttributes(minLength: number, person?: { username: string; displayName: string }) {
  return { 'data-password-policy': JSON.stringify({ minLength, username: person?.username, displayName: person?.displayName }) }
}
