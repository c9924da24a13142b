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
  displayName: string
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

function secondFactorChange(e: SecondFactorChangedEmail): { subject: string; what: string } {
  const account = `your TextUp account (username: ${e.username})`
  const at = when(e.changedAt)
  const passkey = e.passkeyName ? ` ("${e.passkeyName}")` : ''
  switch (e.change) {
    case 'totp_enrolled':
      return {
        subject: 'Two-step sign-in is on for your TextUp account',
        what: `An authenticator app was set up for ${account} on ${at}. TextUp now asks for a code from it after your password.`,
      }
    case 'totp_removed':
      return {
        subject: 'An authenticator app was removed from your TextUp account',
        what: `The authenticator app of ${account} was removed on ${at}, from your account page.`,
      }
    case 'passkey_added':
      return { subject: 'A passkey was added to your TextUp account', what: `A passkey${passkey} was added to ${account} on ${at}.` }
    case 'passkey_removed':
      return {
        subject: 'A passkey was removed from your TextUp account',
        what: `A passkey${passkey} was removed from ${account} on ${at}.`,
      }
    case 'recovery_codes_regenerated':
      return {
        subject: 'New recovery codes for your TextUp account',
        what: `New recovery codes were made for ${account} on ${at}. The earlier ones no longer work.`,
      }
    case 'recovery_code_used': {
      const left = e.recoveryCodesLeft === undefined ? '' : ` You have ${plural(e.recoveryCodesLeft, 'recovery code')} left.`
      return {
        subject: 'A recovery code was used to sign in to TextUp',
        what: `A recovery code was used to sign in to ${account} on ${at}.${left}`,
      }
    }
    case 'removed_by_admin':
    case 'removed_by_operator': {
      const by = e.change === 'removed_by_operator' ? 'a system operator' : `an administrator${e.adminName ? ` (${e.adminName})` : ''}`
      return {
        subject: 'The second factor of your TextUp account was removed',
        what: `Every second factor of ${account} (authenticator app, passkeys and recovery codes) was removed on ${at} by ${by}, and every place you were signed in has been signed out. Set up a new one on your account page after you sign in.`,
      }
    }
  }
}

function secondFactorChanged(e: SecondFactorChangedEmail): RenderedEmail {
  const { subject, what } = secondFactorChange(e)
  const warning = 'If this was not you, tell your administrator now: someone may know your password.'
  const manage = 'See and change how you sign in on your account page:'
  return {
    subject,
    text: [`Hello ${e.displayName},`, '', what, '', warning, '', manage, e.accountUrl].join('\n'),
    html: html(
      <Layout>
        <p>Hello {e.displayName},</p>
        <p>{what}</p>
        <p>{warning}</p>
        <p style={styles.small}>
          {manage} <a href={e.accountUrl}>{e.accountUrl}</a>
        </p>
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
    case 'second-factor-changed':
      return secondFactorChanged(content)
  }
}
