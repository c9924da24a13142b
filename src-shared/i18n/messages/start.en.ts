// The console's first screens (starting, sign-in, first admin, second factor) and its shared
// components (fields, strength meter, toasts, errors). Keys start with "start." (English).
export const startEn = {
  'start.brand.product': 'Admin console',
  'start.documentTitle.app': 'TextUp Admin',
  'start.documentTitle.screen': '{screen} — TextUp Admin',

  'start.starting.text': 'Starting TextUp…',
  'start.startupFailed.heading': 'The console could not start',
  'start.startupFailed.text':
    "Something went wrong while reading this console's settings. Try again; if it keeps happening, restart the console.",
  'start.startupFailed.retry': 'Try again',

  'start.signIn.title': 'Sign in',
  'start.signIn.heading': 'Sign in',
  'start.signIn.serverUrl': 'Server address',
  'start.signIn.serverUrlMissing': 'Enter the server address, such as https://accounts.example.org.',
  'start.signIn.serverUrlHint': "The address of your organisation's TextUp server, such as https://accounts.example.org.",
  'start.signIn.serverUrlLockedHint': 'Set by your IT department for this computer, so it cannot be changed here.',
  'start.signIn.serverUrlEmbeddedHint': 'The TextUp server this console runs on this computer.',
  'start.signIn.username': 'Username',
  'start.signIn.usernameMissing': 'Enter your username.',
  'start.signIn.password': 'Password',
  'start.signIn.passwordMissing': 'Enter your password.',
  'start.signIn.keepSignedIn': 'Keep me signed in',
  'start.signIn.keepSignedInHint': 'Stay signed in on this computer until you sign out. The session is kept in the system keychain.',
  'start.signIn.submit': 'Sign in',
  'start.signIn.busy': 'Signing in…',
  'start.signIn.notAllowedHeading': 'You cannot sign in to the admin console.',
  'start.signIn.enrolHeading': 'Set up two-step sign-in first.',
  'start.signIn.enrolDetailAt':
    'Open your account page, {url}, in a web browser, sign in there and set up an authenticator app. Then sign in here again with a code from it.',
  'start.signIn.enrolDetail':
    'Open your account page in a web browser, sign in there and set up an authenticator app. Then sign in here again with a code from it.',
  'start.signIn.openAccountPage': 'Open account page in browser',
  'start.signIn.accountPageOpened': 'Opened in your web browser.',
  'start.signIn.accountPageNotOpened': 'It could not be opened: type the address into a web browser.',

  'start.arrival.firstAdminReady': 'Your admin account is ready. Sign in with the password you just chose.',
  'start.arrival.firstAdminReadyEnrol': 'Your admin account is ready. Admins sign in with a second factor.',
  'start.arrival.firstAdminEnrolDetail':
    'Before you sign in here, set up two-step sign-in: open {url} in a web browser, sign in there and set up an authenticator app.',
  'start.arrival.signInExpired': 'This sign-in has expired. Start again with your password.',
  'start.arrival.signInCancelled': 'Sign-in cancelled.',
  'start.arrival.signedOut': 'You have signed out.',
  'start.arrival.signedOutLocally': 'You have signed out on this computer, but the server could not be told.',
  'start.arrival.sessionEnded': 'Your session has ended. Sign in again.',

  'start.firstAdmin.title': 'Create the first admin',
  'start.firstAdmin.heading': 'Create the first admin account',
  'start.firstAdmin.intro':
    'This console runs its own TextUp server on this computer, and it has no accounts yet. Create your own admin account; you can add everyone else after signing in.',
  'start.firstAdmin.introAt':
    'This console runs its own TextUp server on this computer ({url}), and it has no accounts yet. Create your own admin account; you can add everyone else after signing in.',
  'start.firstAdmin.username': 'Username',
  'start.firstAdmin.usernameMissing': 'Choose a username.',
  'start.firstAdmin.displayName': 'Name',
  'start.firstAdmin.displayNameMissing': 'Enter your name.',
  'start.firstAdmin.email': 'Email',
  'start.firstAdmin.emailMissing': 'Enter your email address.',
  'start.firstAdmin.password': 'Password',
  'start.firstAdmin.passwordMissing': 'Choose a password.',
  'start.firstAdmin.confirmPassword': 'Confirm password',
  'start.firstAdmin.submit': 'Create admin account',
  'start.firstAdmin.busy': 'Creating your account…',

  'start.secondFactor.title': 'Two-step sign-in',
  'start.secondFactor.heading': 'Two-step sign-in',
  'start.secondFactor.intro': 'Enter the 6-digit code your authenticator app shows for TextUp.',
  'start.secondFactor.introFor': 'Enter the 6-digit code your authenticator app shows for TextUp ({username}).',
  'start.secondFactor.code': 'Code',
  'start.secondFactor.codeMissing': 'Enter the code from your authenticator app, or a recovery code.',
  'start.secondFactor.recoveryHint': 'No phone at hand? Enter one of your recovery codes instead (you have {count} left; each works once).',
  'start.secondFactor.noRecoveryHint': 'You have no recovery codes left: make new ones on your account page once you are signed in.',
  'start.secondFactor.submit': 'Sign in',
  'start.secondFactor.busy': 'Checking…',
  'start.secondFactor.cancel': 'Cancel',
  'start.secondFactor.recoveryCodeUsed':
    'You signed in with a recovery code. You have {count, plural, one {# recovery code} other {# recovery codes}} left.',
  'start.secondFactor.recoveryCodeUsedFew':
    'You signed in with a recovery code. You have {count, plural, one {# recovery code} other {# recovery codes}} left. Make new ones on your account page soon.',

  'start.field.errorPrefix': 'Error:',
  'start.newPassword.confirm': 'Confirm new password',
  'start.newPassword.minLengthHint': 'Use at least {minLength} characters.',
  'start.newPassword.hint': 'Long is strong: a few unrelated words are easy to remember.',
  'start.newPassword.confirmMissing': 'Type the new password again to confirm it.',
  'start.newPassword.confirmDifferent': 'The two new passwords are not the same.',
  'start.strength.placeholder': 'Strength is shown as you type.',
  'start.strength.label': 'Strength: {label}.',
  'start.strength.ok': 'This password meets the rules.',

  'start.error.wait': 'Wait {wait}, then try again.',
  'start.notices.label': 'Notices',
  'start.notices.dismiss': 'Dismiss',
  'start.toast.dismiss': 'Dismiss message',

  'start.format.justNow': 'just now',
  'start.format.seconds': '{count, plural, one {# second} other {# seconds}}',
  'start.format.minutes': '{count, plural, one {# minute} other {# minutes}}',
  'start.format.hours': '{count, plural, one {# hour} other {# hours}}',
  'start.role.admin': 'Admin',
  'start.role.user': 'User',

  // Issue 16: console sign-in help
  'start.signIn.forgotPassword': 'Forgot password?',
  'start.signIn.wrongPasswordHint': 'Forgotten your password? "Forgot password?" below opens the page where you choose a new one.',
  'start.signIn.webSignInAt': 'The web sign-in page is {url}.',
  'start.signIn.openWebSignIn': 'Open web sign-in page',
  'start.arrival.firstAdminNotSignedIn':
    'Your admin account is ready, but the console could not sign you in with it. Sign in with the password you just chose.',
  'start.firstAdmin.emailHint': 'Your own email address, such as you@example.org.',

  // Issue 16: password fields
  'start.field.show': 'Show',
  'start.field.hide': 'Hide',
} as const
