// Building blocks of the browser pages. Pages are plain HTML forms that work without JavaScript;
// /assets/pages.js only adds "Show password", the match check and local times, and
// /assets/strength.js (large: it carries the password dictionaries) the live strength meter on
// pages with a new password, and /assets/passkeys.js the passkey buttons on the pages that have them.
// Every word comes from the pages catalogue (env.t); the scripts get theirs from the page (ScriptStrings).
import type { ReactNode } from 'react'
import type { FieldErrors } from '../../../src-shared/errors'
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../src-shared/i18n/locales'
import { rich } from '../../../src-shared/i18n/react'
import type { MessageId, Translator } from '../../../src-shared/i18n/translator'
import { ERROR_ICON } from '../../../src-shared/strength-meter'

export interface PageEnv {
  assets: { css: string; js: string; strength: string; passkeys: string }
  csrfToken: string
  /** Who is signed in, for the header. */
  signedIn: { username: string; displayName: string } | undefined
  /** The page's language (middleware/locale.ts) and its messages. */
  locale: Locale
  t: Translator
  /** The path of this page, without its query (which may hold a token): where the language switcher comes back to. */
  path: string
}

/** The words the page scripts (server/browser) show, in the page's language: read from <body data-strings>. */
const SCRIPT_STRINGS = {
  show: 'pages.script.show',
  hide: 'pages.script.hide',
  passwordsMatch: 'pages.script.passwordsMatch',
  passwordsDoNotMatch: 'pages.script.passwordsDoNotMatch',
  passkeyFollow: 'pages.passkey.follow',
  passkeyChecking: 'pages.passkey.checking',
  passkeyCouldNotStart: 'pages.passkey.couldNotStart',
  passkeyFailed: 'pages.passkey.failed',
} as const satisfies Record<string, MessageId>

export type ScriptStrings = Record<keyof typeof SCRIPT_STRINGS, string>

/** The scripts' words, as JSON in an attribute of <body> (no inline script of any kind: see the CSP). */
function scriptStrings(t: Translator): string {
  return JSON.stringify(Object.fromEntries(Object.entries(SCRIPT_STRINGS).map(([key, id]) => [key, t.t(id)])))
}

/**
 * The language switcher: a plain GET form, so it works without JavaScript. Each language is named
 * in itself ("Deutsch"), marked with its own lang so screen readers pronounce it right.
 */
function LanguageSwitcher({ env }: { env: PageEnv }) {
  return (
    <form method="get" action="/language" className="language-switcher">
      <label htmlFor="language-select">{env.t.t('common.language')}</label>
      <select id="language-select" name="lang" defaultValue={env.locale}>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
      <input type="hidden" name="return" value={env.path} />
      <button type="submit" className="button-secondary">
        {env.t.t('pages.layout.changeLanguage')}
      </button>
    </form>
  )
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
  const { t } = env
  return (
    <html lang={env.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Screen readers announce the title first: say at once that the form needs attention. */}
        <title>{t.t(props.hasErrors ? 'pages.layout.errorTitle' : 'pages.layout.title', { title: props.title })}</title>
        <link rel="stylesheet" href={env.assets.css} />
        <script src={env.assets.js} defer />
        {props.strengthMeter ? <script src={env.assets.strength} defer /> : null}
        {props.passkeys ? <script src={env.assets.passkeys} defer /> : null}
      </head>
      <body data-strings={scriptStrings(t)}>
        <header className="site-header">
          <a className="brand" href="/">
            {t.t('common.productName')}
          </a>
          <div className="header-tools">
            {env.signedIn ? (
              <form method="post" action="/logout" className="signed-in">
                <span>
                  {rich(t, 'pages.layout.signedInAs', { username: env.signedIn.username, b: (chunks) => <strong>{chunks}</strong> })}
                </span>
                <CsrfField env={env} />
                <button type="submit" className="link-button">
                  {t.t('pages.layout.signOut')}
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main className="card">{props.children}</main>
        {/* After the page's own content: a keyboard reaches the form first, the language on the way out. */}
        <footer className="site-footer">
          <LanguageSwitcher env={env} />
        </footer>
      </body>
    </html>
  )
}

export function CsrfField({ env }: { env: PageEnv }) {
  return <input type="hidden" name="_csrf" value={env.csrfToken} />
}

/** Fields a page shows: a problem with one of them links to it from the summary. */
const FIELDS = new Set(['username', 'password', 'currentPassword', 'newPassword', 'newPasswordConfirmation', 'code', 'name'])

/** A list of every problem at the top of a form, each linking to its field. */
export function ErrorSummary({
  env,
  errors,
  title,
  idPrefix = '',
}: {
  env: PageEnv
  errors: FieldErrors | undefined
  title?: string
  idPrefix?: string
}) {
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages.length > 0)
  if (entries.length === 0) return null
  return (
    // Focused on load (autofocus works without JavaScript), so keyboard and screen reader users start at the problems.
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="error-summary-title">{title ?? env.t.t('pages.errors.summaryTitle')}</h2>
      <ul>
        {entries.flatMap(([field, messages]) =>
          messages.map((message) => (
            <li key={`${field}:${message}`}>{FIELDS.has(field) ? <a href={`#${idPrefix}${field}`}>{message}</a> : message}</li>
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
        <ul className="field-errors" id={errorId}>
          {messages.map((message) => (
            <li key={message}>
              <ErrorIcon />
              <span>{message}</span>
            </li>
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
        // The same markup as the console's meter (src-shared/strength-meter.ts); strength.ts fills it in.
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

/** The icon of every field error, the same shape as the console's (src-shared/strength-meter.ts). */
function ErrorIcon() {
  return (
    <svg className="error-icon" viewBox={ERROR_ICON.viewBox} aria-hidden="true" focusable="false">
      <path fillRule="evenodd" d={ERROR_ICON.path} />
    </svg>
  )
}

function hasAnyError(errors: FieldErrors | undefined): boolean {
  return Object.values(errors ?? {}).some((messages) => messages.length > 0)
}

/** New password and its confirmation, with the policy spelled out before anyone types. */
export function NewPasswordFields(props: {
  env: PageEnv
  minLength: number
  errors: FieldErrors | undefined
  autoFocus?: boolean
  labels?: { newPassword: string; confirmation: string }
}) {
  return (
    <>
      <Field
        name="newPassword"
        label={props.labels?.newPassword ?? props.env.t.t('pages.fields.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={props.env.t.t('pages.fields.newPasswordHint', { minLength: props.minLength })}
        errors={props.errors}
        autoFocus={props.autoFocus}
        newPassword
      />
      <Field
        name="newPasswordConfirmation"
        label={props.labels?.confirmation ?? props.env.t.t('pages.fields.newPasswordConfirmation')}
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
