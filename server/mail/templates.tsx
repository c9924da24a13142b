// The emails TextUp sends, each as a subject, a plain-text body and an HTML body, in the language of
// the translator given (the recipient's: jobs/mail-worker.ts decides). Every word comes from the
// mail catalogue (src-shared/i18n/messages/mail.*.ts); HTML is rendered with React, so every value
// is escaped; links are built from PUBLIC_URL by the caller. Times are in UTC and say so: the
// recipient's time zone is not known.
import type { ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { PasswordChangeWay } from '../../src-shared/accounts'
import { rich } from '../../src-shared/i18n/react'
import type { MessageId, MessageValues, Translator } from '../../src-shared/i18n/translator'

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

export interface PasswordResetEmail {
  template: 'password-reset'
  displayName: string
  username: string
  link: string
  expiresInMinutes: number
  /** An administrator sent it, rather than the person asking on the forgot-password page. */
  sentByAdmin: boolean
}

export interface InvitationEmail {
  template: 'invitation'
  displayName: string
  username: string
  link: string
  expiresInMinutes: number
  /** The admin who made the account; undefined: a system operator (the CLI). */
  invitedBy: string | undefined
}

export interface PasswordChangedEmail {
  template: 'password-changed'
  /** Undefined when the account is gone: the greeting has no name. */
  displayName: string | undefined
  username: string
  changedAt: Date
  way: PasswordChangeWay
  adminName: string | undefined
  forgotPasswordUrl: string
}

/** Sent to the address an account had before an admin changed it. */
export interface EmailChangedEmail {
  template: 'email-changed'
  displayName: string | undefined
  username: string
  changedAt: Date
  /** The new address, partly hidden: enough for the owner to recognise, not for a stranger to learn. */
  newEmailHint: string
  adminName: string | undefined
}

export type SecondFactorChange =
  | 'totp_enrolled'
  | 'totp_removed'
  | 'passkey_added'
  | 'passkey_removed'
  | 'recovery_codes_regenerated'
  | 'recovery_code_used'
  | 'removed_by_admin'
  | 'removed_by_operator'

/** Something changed about how the person signs in besides the password: every such change is told. */
export interface SecondFactorChangedEmail {
  template: 'second-factor-changed'
  displayName: string | undefined
  username: string
  change: SecondFactorChange
  changedAt: Date
  adminName: string | undefined
  passkeyName: string | undefined
  recoveryCodesLeft: number | undefined
  accountUrl: string
}

export type EmailContent = PasswordResetEmail | InvitationEmail | PasswordChangedEmail | EmailChangedEmail | SecondFactorChangedEmail

const styles = {
  body: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', color: '#1b1f24', lineHeight: 1.5 },
  button: {
    display: 'inline-block',
    background: '#1f5fbf',
    color: '#ffffff',
    padding: '10px 18px',
    borderRadius: '6px',
    textDecoration: 'none',
    fontWeight: 600,
  },
  small: { color: '#57606a', fontSize: '13px' },
} as const

/** The words of a message, as plain text: its tags (<b>…</b>) keep only their words. */
function plain(t: Translator, id: MessageId, values: MessageValues = {}): string {
  return t.rich<string>(id, { ...values, b: (chunks: string[]) => chunks.join('') }).join('')
}

/** The same message for the HTML part: <b>…</b> becomes <strong>, values stay text (escaped). */
function html(t: Translator, id: MessageId, values: MessageValues = {}): ReactNode {
  return rich(t, id, { ...values, b: (chunks: ReactNode[]) => <strong>{chunks}</strong> })
}

function greeting(t: Translator, displayName: string | undefined): string {
  return displayName === undefined ? t.t('mail.common.greetingNoName') : t.t('mail.common.greeting', { name: displayName })
}

function Layout({ t, displayName, children }: { t: Translator; displayName: string | undefined; children: ReactNode }) {
  return (
    // The email's language, so that a screen reader reads it with the right voice.
    <html lang={t.locale}>
      <body style={styles.body}>
        <p style={{ fontWeight: 700, fontSize: '18px' }}>{t.t('common.productName')}</p>
        <p>{greeting(t, displayName)}</p>
        {children}
      </body>
    </html>
  )
}

/** The email's link as a button, how long it lasts, and the address itself for mail clients that break buttons. */
function LinkButton({ t, link, label, lasts }: { t: Translator; link: string; label: string; lasts: string }) {
  return (
    <>
      <p>
        <a href={link} style={styles.button}>
          {label}
        </a>
      </p>
      <p>{lasts}</p>
      <p style={styles.small}>
        {t.t('mail.common.linkFallback')} <br />
        {link}
      </p>
    </>
  )
}

function htmlDocument(node: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(node)}`
}

function duration(t: Translator, minutes: number): string {
  if (minutes % (60 * 24) === 0) return t.t('mail.common.days', { count: minutes / (60 * 24) })
  if (minutes % 60 === 0) return t.t('mail.common.hours', { count: minutes / 60 })
  return t.t('mail.common.minutes', { count: minutes })
}

/** A moment in UTC, in the email's language; each message says "UTC" after it. */
function when(t: Translator, date: Date): string {
  return t.dateTime(date, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
}

/** "by an administrator (Eric)", "by an administrator" or "by a system operator". */
function byWhom(t: Translator, adminName: string | undefined, operator = false): string {
  if (operator) return t.t('mail.common.byOperator')
  return adminName ? t.t('mail.common.byNamedAdmin', { adminName }) : t.t('mail.common.byAdmin')
}

function passwordReset(e: PasswordResetEmail, t: Translator): RenderedEmail {
  const why: MessageId = e.sentByAdmin ? 'mail.passwordReset.whyAdmin' : 'mail.passwordReset.whySelf'
  const lasts = t.t('mail.passwordReset.lasts', { duration: duration(t, e.expiresInMinutes) })
  const ignore = t.t(e.sentByAdmin ? 'mail.passwordReset.ignoreAdmin' : 'mail.passwordReset.ignoreSelf')
  return {
    subject: t.t('mail.passwordReset.subject'),
    text: [
      greeting(t, e.displayName),
      '',
      `${plain(t, why, { username: e.username })} ${t.t('mail.passwordReset.openLink')}`,
      '',
      e.link,
      '',
      lasts,
      ignore,
    ].join('\n'),
    html: htmlDocument(
      <Layout t={t} displayName={e.displayName}>
        <p>{html(t, why, { username: e.username })}</p>
        <LinkButton t={t} link={e.link} label={t.t('mail.passwordReset.button')} lasts={lasts} />
        <p style={styles.small}>{ignore}</p>
      </Layout>,
    ),
  }
}

function invitation(e: InvitationEmail, t: Translator): RenderedEmail {
  const intro =
    e.invitedBy === undefined
      ? t.t('mail.invitation.introByOperator', { username: e.username })
      : t.t('mail.invitation.intro', { invitedBy: e.invitedBy, username: e.username })
  const lasts = t.t('mail.invitation.lasts', { duration: duration(t, e.expiresInMinutes) })
  return {
    subject: t.t('mail.invitation.subject'),
    text: [greeting(t, e.displayName), '', intro, t.t('mail.invitation.openLink'), '', e.link, '', lasts].join('\n'),
    html: htmlDocument(
      <Layout t={t} displayName={e.displayName}>
        <p>{intro}</p>
        <LinkButton t={t} link={e.link} label={t.t('mail.invitation.button')} lasts={lasts} />
      </Layout>,
    ),
  }
}

function howChanged(e: PasswordChangedEmail, t: Translator): string {
  switch (e.way) {
    case 'self':
      return t.t('mail.passwordChanged.bySelf')
    case 'reset_link':
      return t.t('mail.passwordChanged.byResetLink')
    case 'admin':
      return byWhom(t, e.adminName)
    case 'operator':
      return byWhom(t, undefined, true)
    case 'invitation':
      return t.t('mail.passwordChanged.byInvitation')
  }
}

function passwordChanged(e: PasswordChangedEmail, t: Translator): RenderedEmail {
  const what = t.t('mail.passwordChanged.what', { username: e.username, changedAt: when(t, e.changedAt), how: howChanged(e, t) })
  const sessions = t.t('mail.passwordChanged.sessions')
  const warning = t.t('mail.passwordChanged.warning')
  return {
    subject: t.t('mail.passwordChanged.subject'),
    text: [greeting(t, e.displayName), '', what, sessions, '', warning, e.forgotPasswordUrl].join('\n'),
    html: htmlDocument(
      <Layout t={t} displayName={e.displayName}>
        <p>{what}</p>
        <p>{sessions}</p>
        <p>
          {warning} <a href={e.forgotPasswordUrl}>{e.forgotPasswordUrl}</a>
        </p>
      </Layout>,
    ),
  }
}

function emailChanged(e: EmailChangedEmail, t: Translator): RenderedEmail {
  const what = t.t('mail.emailChanged.what', {
    username: e.username,
    changedAt: when(t, e.changedAt),
    by: byWhom(t, e.adminName),
    newEmailHint: e.newEmailHint,
  })
  const links = t.t('mail.emailChanged.links')
  const warning = t.t('mail.emailChanged.warning')
  return {
    subject: t.t('mail.emailChanged.subject'),
    text: [greeting(t, e.displayName), '', what, links, '', warning].join('\n'),
    html: htmlDocument(
      <Layout t={t} displayName={e.displayName}>
        <p>{what}</p>
        <p>{links}</p>
        <p>{warning}</p>
      </Layout>,
    ),
  }
}

/** Each change's subject and sentence, by their message ids. */
const SECOND_FACTOR_MESSAGES: Record<SecondFactorChange, { subject: MessageId; what: MessageId; whatNamed?: MessageId }> = {
  totp_enrolled: { subject: 'mail.totpEnrolled.subject', what: 'mail.totpEnrolled.what' },
  totp_removed: { subject: 'mail.totpRemoved.subject', what: 'mail.totpRemoved.what' },
  passkey_added: { subject: 'mail.passkeyAdded.subject', what: 'mail.passkeyAdded.what', whatNamed: 'mail.passkeyAdded.whatNamed' },
  passkey_removed: { subject: 'mail.passkeyRemoved.subject', what: 'mail.passkeyRemoved.what', whatNamed: 'mail.passkeyRemoved.whatNamed' },
  recovery_codes_regenerated: { subject: 'mail.recoveryCodesRegenerated.subject', what: 'mail.recoveryCodesRegenerated.what' },
  recovery_code_used: { subject: 'mail.recoveryCodeUsed.subject', what: 'mail.recoveryCodeUsed.what' },
  removed_by_admin: { subject: 'mail.secondFactorRemoved.subject', what: 'mail.secondFactorRemoved.what' },
  removed_by_operator: { subject: 'mail.secondFactorRemoved.subject', what: 'mail.secondFactorRemoved.what' },
}

function secondFactorChange(e: SecondFactorChangedEmail, t: Translator): { subject: string; what: string } {
  const ids = SECOND_FACTOR_MESSAGES[e.change]
  const values = {
    username: e.username,
    changedAt: when(t, e.changedAt),
    by: byWhom(t, e.adminName, e.change === 'removed_by_operator'),
  }
  let what = e.passkeyName && ids.whatNamed ? t.t(ids.whatNamed, { ...values, passkeyName: e.passkeyName }) : t.t(ids.what, values)
  if (e.change === 'recovery_code_used' && e.recoveryCodesLeft !== undefined) {
    what = `${what} ${t.t('mail.recoveryCodeUsed.left', { count: e.recoveryCodesLeft })}`
  }
  return { subject: t.t(ids.subject), what }
}

function secondFactorChanged(e: SecondFactorChangedEmail, t: Translator): RenderedEmail {
  const { subject, what } = secondFactorChange(e, t)
  const warning = t.t('mail.secondFactor.warning')
  const manage = t.t('mail.secondFactor.manage')
  return {
    subject,
    text: [greeting(t, e.displayName), '', what, '', warning, '', manage, e.accountUrl].join('\n'),
    html: htmlDocument(
      <Layout t={t} displayName={e.displayName}>
        <p>{what}</p>
        <p>{warning}</p>
        <p style={styles.small}>
          {manage} <a href={e.accountUrl}>{e.accountUrl}</a>
        </p>
      </Layout>,
    ),
  }
}

/** The email in the translator's language. */
export function renderEmail(content: EmailContent, t: Translator): RenderedEmail {
  switch (content.template) {
    case 'password-reset':
      return passwordReset(content, t)
    case 'invitation':
      return invitation(content, t)
    case 'password-changed':
      return passwordChanged(content, t)
    case 'email-changed':
      return emailChanged(content, t)
    case 'second-factor-changed':
      return secondFactorChanged(content, t)
  }
}
