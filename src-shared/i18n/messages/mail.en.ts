// The mail catalogue (English): every email's subject, text and HTML, and the account page's form
// that chooses the language of a person's emails. Keys start with "mail.".
export const mailEn = {
  // Every email.
  'mail.common.greeting': 'Hello {name},',
  'mail.common.greetingNoName': 'Hello there,',
  'mail.common.linkFallback': 'If the button does not work, copy this address into your browser:',
  'mail.common.days': '{count, plural, one {# day} other {# days}}',
  'mail.common.hours': '{count, plural, one {# hour} other {# hours}}',
  'mail.common.minutes': '{count, plural, one {# minute} other {# minutes}}',
  'mail.common.byAdmin': 'by an administrator',
  'mail.common.byNamedAdmin': 'by an administrator ({adminName})',
  'mail.common.byOperator': 'by a system operator',

  'mail.passwordReset.subject': 'Reset your TextUp password',
  'mail.passwordReset.whySelf': 'Someone asked to reset the password of your TextUp account (username: <b>{username}</b>).',
  'mail.passwordReset.whyAdmin':
    'An administrator sent you this link so that you can choose a new password for your TextUp account (username: <b>{username}</b>).',
  'mail.passwordReset.openLink': 'To choose a new password, open this link:',
  'mail.passwordReset.button': 'Choose a new password',
  'mail.passwordReset.lasts': 'The link works once, for {duration}.',
  'mail.passwordReset.ignoreSelf': 'If it was not you, you can ignore this email: your password stays as it is.',
  'mail.passwordReset.ignoreAdmin': 'If you did not expect this, you can ignore this email: your password stays as it is.',

  'mail.invitation.subject': 'Your TextUp account is ready',
  'mail.invitation.intro': '{invitedBy} created a TextUp account for you (username: {username}).',
  'mail.invitation.introByOperator': 'A system operator created a TextUp account for you (username: {username}).',
  'mail.invitation.openLink': 'To choose your password, open this link:',
  'mail.invitation.button': 'Choose your password',
  'mail.invitation.lasts': 'The link works once, for {duration}. After that, ask your administrator for a new one.',

  'mail.passwordChanged.subject': 'Your TextUp password was changed',
  'mail.passwordChanged.what': 'The password of your TextUp account (username: {username}) was changed on {changedAt} UTC, {how}.',
  'mail.passwordChanged.bySelf': 'from your account page',
  'mail.passwordChanged.byResetLink': 'with a password reset link',
  'mail.passwordChanged.byInvitation': 'when the account was set up',
  'mail.passwordChanged.sessions': 'Every place where you were signed in has been signed out.',
  'mail.passwordChanged.warning': 'If you did not expect this, reset your password now and tell your administrator:',

  'mail.emailChanged.subject': 'Your TextUp email address was changed',
  'mail.emailChanged.what':
    'The email address of your TextUp account (username: {username}) was changed on {changedAt} UTC, {by}. TextUp now writes to {newEmailHint}.',
  'mail.emailChanged.links': 'Any password reset or invitation link sent to this address no longer works.',
  'mail.emailChanged.warning': 'If you did not expect this, tell your administrator now.',

  // Second factors: one subject and one sentence per change, then the same warning and link.
  'mail.secondFactor.warning': 'If this was not you, tell your administrator now: someone may know your password.',
  'mail.secondFactor.manage': 'See and change how you sign in on your account page:',
  'mail.totpEnrolled.subject': 'Two-step sign-in is on for your TextUp account',
  'mail.totpEnrolled.what':
    'An authenticator app was set up for your TextUp account (username: {username}) on {changedAt} UTC. TextUp now asks for a code from it after your password.',
  'mail.totpRemoved.subject': 'An authenticator app was removed from your TextUp account',
  'mail.totpRemoved.what':
    'The authenticator app of your TextUp account (username: {username}) was removed on {changedAt} UTC, from your account page.',
  'mail.passkeyAdded.subject': 'A passkey was added to your TextUp account',
  'mail.passkeyAdded.what': 'A passkey was added to your TextUp account (username: {username}) on {changedAt} UTC.',
  'mail.passkeyAdded.whatNamed': 'A passkey ("{passkeyName}") was added to your TextUp account (username: {username}) on {changedAt} UTC.',
  'mail.passkeyRemoved.subject': 'A passkey was removed from your TextUp account',
  'mail.passkeyRemoved.what': 'A passkey was removed from your TextUp account (username: {username}) on {changedAt} UTC.',
  'mail.passkeyRemoved.whatNamed':
    'A passkey ("{passkeyName}") was removed from your TextUp account (username: {username}) on {changedAt} UTC.',
  'mail.recoveryCodesRegenerated.subject': 'New recovery codes for your TextUp account',
  'mail.recoveryCodesRegenerated.what':
    'New recovery codes were made for your TextUp account (username: {username}) on {changedAt} UTC. The earlier ones no longer work.',
  'mail.recoveryCodeUsed.subject': 'A recovery code was used to sign in to TextUp',
  'mail.recoveryCodeUsed.what': 'A recovery code was used to sign in to your TextUp account (username: {username}) on {changedAt} UTC.',
  'mail.recoveryCodeUsed.left': 'You have {count, plural, one {# recovery code} other {# recovery codes}} left.',
  'mail.secondFactorRemoved.subject': 'The second factor of your TextUp account was removed',
  'mail.secondFactorRemoved.what':
    'Every second factor of your TextUp account (username: {username}) (authenticator app, passkeys and recovery codes) was removed on {changedAt} UTC {by}, and every place you were signed in has been signed out. Set up a new one on your account page after you sign in.',

  // The account page's form for the language of the person's own emails.
  'mail.languagePreference.heading': 'Language of your emails',
  'mail.languagePreference.label': 'Email language',
  'mail.languagePreference.hint':
    'TextUp writes your emails (password reset links, notices about your account) in this language. This does not change the language of these pages: they follow your browser or the language switcher.',
  'mail.languagePreference.save': 'Save email language',
  'mail.languagePreference.saved': 'Saved. TextUp now writes your emails in {language}.',
  'mail.languagePreference.invalid': 'Choose one of the languages in the list.',
} as const
