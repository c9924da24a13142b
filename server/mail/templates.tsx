// The emails TextUp sends, each as a subject, a plain-text body and an HTML body. HTML is rendered
// with React, so every value is escaped; links are built from PUBLIC_URL by the caller.
import type { ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { PasswordChangeWay } from '../../src-shared/accounts'

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
  invitedBy: string
}

export interface PasswordChangedEmail {
  template: 'password-changed'
  displayName: string
  username: string
  changedAt: Date
  way: PasswordChangeWay
  adminName: string | undefined
  forgotPasswordUrl: string
}

/** Sent to the address an account had before an admin changed it. */
export interface EmailChangedEmail {
  template: 'email-changed'
  displayName: string
  username: string
  changedAt: Date
  /** The new address, partly hidden: enough for the owner to recognise, not for a stranger to learn. */
  newEmailHint: string
  adminName: string | undefined
}

export type EmailContent = PasswordResetEmail | InvitationEmail | PasswordChangedEmail | EmailChangedEmail

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

function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={styles.body}>
        <p style={{ fontWeight: 700, fontSize: '18px' }}>TextUp</p>
        {children}
      </body>
    </html>
  )
}

/** The email's link as a button, how long it lasts, and the address itself for mail clients that break buttons. */
function LinkButton({ link, label, lasts }: { link: string; label: string; lasts: string }) {
  return (
    <>
      <p>
        <a href={link} style={styles.button}>
          {label}
        </a>
      </p>
      <p>{lasts}</p>
      <p style={styles.small}>
        If the button does not work, copy this address into your browser: <br />
        {link}
      </p>
    </>
  )
}

function html(node: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(node)}`
}

function duration(minutes: number): string {
  if (minutes % (60 * 24) === 0) return plural(minutes / (60 * 24), 'day')
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour')
  return plural(minutes, 'minute')
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

function when(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC'
}

function passwordReset(e: PasswordResetEmail): RenderedEmail {
  const why = e.sentByAdmin
    ? 'An administrator sent you this link so that you can choose a new password for your TextUp account'
    : 'Someone asked to reset the password of your TextUp account'
  const lasts = `The link works once, for ${duration(e.expiresInMinutes)}.`
  const ignore = e.sentByAdmin
    ? 'If you did not expect this, you can ignore this email: your password stays as it is.'
    : 'If it was not you, you can ignore this email: your password stays as it is.'
  return {
    subject: 'Reset your TextUp password',
    text: [
      `Hello ${e.displayName},`,
      '',
      `${why} (username: ${e.username}). To choose a new password, open this link:`,
      '',
      e.link,
      '',
      lasts,
      ignore,
    ].join('\n'),
    html: html(
      <Layout>
        <p>Hello {e.displayName},</p>
        <p>
          {why} (username: <strong>{e.username}</strong>).
        </p>
        <LinkButton link={e.link} label="Choose a new password" lasts={lasts} />
        <p style={styles.small}>{ignore}</p>
      </Layout>,
    ),
  }
}

function invitation(e: InvitationEmail): RenderedEmail {
  const intro = `${e.invitedBy} created a TextUp account for you (username: ${e.username}).`
  const lasts = `The link works once, for ${duration(e.expiresInMinutes)}. After that, ask your administrator for a new one.`
  return {
    subject: 'Your TextUp account is ready',
    text: [`Hello ${e.displayName},`, '', intro, 'To choose your password, open this link:', '', e.link, '', lasts].join('\n'),
    html: html(
      <Layout>
        <p>Hello {e.displayName},</p>
        <p>{intro}</p>
        <LinkButton link={e.link} label="Choose your password" lasts={lasts} />
      </Layout>,
    ),
  }
}

function howChanged(e: PasswordChangedEmail): string {
  switch (e.way) {
    case 'self':
      return 'from your account page'
    case 'reset_link':
      return 'with a password reset link'
    case 'admin':
      return `by an administrator${e.adminName ? ` (${e.adminName})` : ''}`
    case 'operator':
      return 'by a system operator'
    case 'invitation':
      return 'when the account was set up'
  }
}

function passwordChanged(e: PasswordChangedEmail): RenderedEmail {
  const what = `The password of your TextUp account (username: ${e.username}) was changed on ${when(e.changedAt)}, ${howChanged(e)}.`
  const sessions = 'Every place where you were signed in has been signed out.'
  const warning = 'If you did not expect this, reset your password now and tell your administrator:'
  return {
    subject: 'Your TextUp password was changed',
    text: [`Hello ${e.displayName},`, '', what, sessions, '', warning, e.forgotPasswordUrl].join('\n'),
    html: html(
      <Layout>
        <p>Hello {e.displayName},</p>
        <p>{what}</p>
        <p>{sessions}</p>
        <p>
          {warning} <a href={e.forgotPasswordUrl}>{e.forgotPasswordUrl}</a>
        </p>
      </Layout>,
    ),
  }
}

function emailChanged(e: EmailChangedEmail): RenderedEmail {
  const by = e.adminName ? `by an administrator (${e.adminName})` : 'by an administrator'
  const what = `The email address of your TextUp account (username: ${e.username}) was changed on ${when(e.changedAt)}, ${by}. TextUp now writes to ${e.newEmailHint}.`
  const links = 'Any password reset or invitation link sent to this address no longer works.'
  const warning = 'If you did not expect this, tell your administrator now.'
  return {
    subject: 'Your TextUp email address was changed',
    text: [`Hello ${e.displayName},`, '', what, links, '', warning].join('\n'),
    html: html(
      <Layout>
        <p>Hello {e.displayName},</p>
        <p>{what}</p>
        <p>{links}</p>
        <p>{warning}</p>
      </Layout>,
    ),
  }
}

export function renderEmail(content: EmailContent): RenderedEmail {
  switch (content.template) {
    case 'password-reset':
      return passwordReset(content)
    case 'invitation':
      return invitation(content)
    case 'password-changed':
      return passwordChanged(content)
    case 'email-changed':
      return emailChanged(content)
  }
}
