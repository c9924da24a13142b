import type { pagesEn } from './pages.en'

export const pagesDe: Record<keyof typeof pagesEn, string> = {
  // Every page ---------------------------------------------------------------------------------
  'pages.layout.title': '{title} – TextUp',
  'pages.layout.errorTitle': 'Fehler: {title} – TextUp',
  'pages.layout.signedInAs': 'Angemeldet als <b>{username}</b>',
  'pages.layout.signOut': 'Abmelden',
  'pages.layout.changeLanguage': 'Ändern',
  'pages.errors.summaryTitle': 'Es gibt ein Problem',
  'pages.time.utc': '{time} (UTC)',
  'pages.script.show': 'Zeigen',
  'pages.script.hide': 'Verbergen',
  'pages.script.passwordsMatch': 'Die Passwörter stimmen überein.',
  'pages.script.passwordsDoNotMatch': 'Die Passwörter stimmen nicht überein.',
  'pages.script.strength': 'Stärke: {label}.',
  'pages.fields.username': 'Benutzername',
  'pages.fields.password': 'Passwort',
  'pages.fields.currentPassword': 'Aktuelles Passwort',
  'pages.fields.newPassword': 'Neues Passwort',
  'pages.fields.newPasswordConfirmation': 'Neues Passwort bestätigen',
  'pages.fields.code': 'Code',
  'pages.fields.newPasswordHint':
    'Mindestens {minLength} Zeichen. Ein paar Wörter, die nichts miteinander zu tun haben, ergeben ein langes Passwort, das man sich leicht merkt. Vermeiden Sie verbreitete Passwörter sowie Ihren Namen oder Benutzernamen.',
  'pages.fields.enterPassword': 'Geben Sie Ihr Passwort ein.',
  'pages.fields.enterCurrentPassword': 'Geben Sie Ihr aktuelles Passwort ein.',
  'pages.common.backToSignIn': 'Zurück zur Anmeldung',
  'pages.common.goToSignIn': 'Zur Anmeldung',
  'pages.common.cancel': 'Abbrechen',
  'pages.common.goToStart': 'Zur Startseite',

  // Language switcher ----------------------------------------------------------------------------
  'pages.language.invalidTitle': 'Diese Sprache ist nicht verfügbar',
  'pages.language.invalidDetail': 'Wählen Sie eine der Sprachen aus der Liste oben auf der Seite.',

  // Sign in --------------------------------------------------------------------------------------
  'pages.signIn.title': 'Anmelden',
  'pages.signIn.heading': 'Bei TextUp anmelden',
  'pages.signIn.submit': 'Anmelden',
  'pages.signIn.forgotPassword': 'Passwort vergessen',
  'pages.signIn.withPasskey': 'Mit einem Passkey anmelden',
  'pages.signIn.passkeyNotUsed':
    'Es wurde kein Passkey verwendet: Die Abfrage wurde geschlossen, oder dieses Gerät hat keinen Passkey für TextUp. Versuchen Sie es erneut, oder melden Sie sich mit Ihrem Passwort an.',
  'pages.signIn.throttled':
    'Zu viele Anmeldeversuche. Warten Sie {minutes, plural, one {eine Minute} other {# Minuten}} und versuchen Sie es erneut, oder wählen Sie über „Passwort vergessen“ ein neues Passwort.',
  'pages.signIn.deactivated': 'Dieses Konto wurde deaktiviert. Wenden Sie sich an Ihren Admin.',
  'pages.signIn.wrongCredentials':
    'Benutzername oder Passwort stimmen nicht. Prüfen Sie beides und versuchen Sie es erneut, oder wählen Sie über <link>Passwort vergessen</link> ein neues Passwort.',
  'pages.signIn.passkeyFailed':
    'Mit diesem Passkey konnten Sie nicht angemeldet werden. Versuchen Sie es erneut, oder melden Sie sich mit Ihrem Passwort an.',
  'pages.signIn.notice.passwordReset': 'Ihr Passwort wurde zurückgesetzt. Melden Sie sich mit Ihrem neuen Passwort an.',
  'pages.signIn.notice.passwordSet': 'Ihr Passwort ist festgelegt. Melden Sie sich an, um TextUp zu nutzen.',
  'pages.signIn.notice.passwordChanged':
    'Ihr Passwort wurde geändert, und Sie wurden überall abgemeldet, wo Sie angemeldet waren. Melden Sie sich mit Ihrem neuen Passwort an.',
  'pages.signIn.notice.signedOut': 'Sie haben sich abgemeldet.',
  'pages.signIn.notice.sessionEnded': 'Ihre Sitzung ist beendet. Melden Sie sich erneut an, um fortzufahren.',
  'pages.signIn.notice.signInExpired':
    'Diese Anmeldung wurde nicht rechtzeitig abgeschlossen oder ist schon verwendet. Melden Sie sich erneut an.',

  // Forgot password ------------------------------------------------------------------------------
  'pages.forgot.title': 'Passwort vergessen',
  'pages.forgot.intro':
    'Geben Sie Ihren Benutzernamen ein. Findet TextUp ein Konto mit diesem Benutzernamen, sendet es eine E-Mail mit einem Link zum Zurücksetzen an die Adresse dieses Kontos.',
  'pages.forgot.submit': 'Link zum Zurücksetzen senden',
  'pages.sent.title': 'Sehen Sie in Ihre E-Mails',
  'pages.sent.text':
    'Falls TextUp ein Konto mit diesem Benutzernamen gefunden hat, wurde eine E-Mail mit einem Link zum Zurücksetzen an die Adresse dieses Kontos gesendet. Wählen Sie den Link in der E-Mail, um ein neues Passwort festzulegen. Der Link funktioniert einmal, für {duration}.',
  'pages.sent.hint':
    'Nach ein paar Minuten noch nichts da? Sehen Sie im Spam-Ordner nach, prüfen Sie, ob Sie Ihren Benutzernamen (nicht Ihre E-Mail-Adresse) eingegeben haben, oder fragen Sie Ihren Admin.',
  'pages.sent.differentUsername': 'Anderen Benutzernamen verwenden',
  'pages.duration.days': '{days, plural, one {# Tag} other {# Tage}}',
  'pages.duration.hours': '{hours, plural, one {# Stunde} other {# Stunden}}',
  'pages.duration.minutes': '{minutes, plural, one {# Minute} other {# Minuten}}',

  // Reset and invitation links ---------------------------------------------------------------------
  'pages.choose.titleInvitation': 'Wählen Sie Ihr Passwort',
  'pages.choose.titleReset': 'Wählen Sie ein neues Passwort',
  'pages.choose.introInvitation':
    'Willkommen bei TextUp, {name}. Geben Sie ein neues Passwort für das Konto <b>{username}</b> ein und wiederholen Sie es zur Bestätigung.',
  'pages.choose.introReset':
    'Hallo {name}. Geben Sie ein neues Passwort für das Konto <b>{username}</b> ein und wiederholen Sie es zur Bestätigung.',
  'pages.choose.submitInvitation': 'Passwort festlegen',
  'pages.choose.submitReset': 'Passwort zurücksetzen',
  'pages.link.askAgainInvitation': 'bitten Sie Ihren Admin, Sie erneut einzuladen',
  'pages.link.askAgainReset': 'fordern Sie einen neuen Link an',
  'pages.link.invalidTitle': 'Dieser Link ist ungültig',
  'pages.link.invalidText': 'Der Link wurde vielleicht unvollständig kopiert. Öffnen Sie ihn erneut aus der E-Mail, oder {askAgain}.',
  'pages.link.expiredTitle': 'Dieser Link ist abgelaufen',
  'pages.link.expiredText': 'Zu Ihrer Sicherheit funktioniert ein Link nach dem Versand {duration} lang. Um fortzufahren, {askAgain}.',
  'pages.link.usedTitle': 'Dieser Link wurde bereits verwendet',
  'pages.link.usedText':
    'Jeder Link funktioniert nur einmal. Haben Sie Ihr Passwort schon festgelegt, melden Sie sich damit an. Andernfalls {askAgain}.',
  'pages.link.revokedTitle': 'Dieser Link funktioniert nicht mehr',
  'pages.link.revokedText':
    'Es wurde ein neuerer Link gesendet, das Passwort oder die E-Mail-Adresse dieses Kontos hat sich danach geändert, oder das Konto ist nicht mehr aktiv. Verwenden Sie die neueste E-Mail, oder {askAgain}.',
  'pages.link.missingTitle': 'Öffnen Sie den Link aus Ihrer E-Mail',
  'pages.link.missingText':
    'Um ein Passwort festzulegen, wählen Sie den Link in der E-Mail, die TextUp Ihnen gesendet hat. Haben Sie keine, {askAgain}.',
  'pages.link.notChanged': 'Ihr Passwort wurde nicht geändert.',
  'pages.link.newResetLink': 'Neuen Link zum Zurücksetzen anfordern',

  // The account ----------------------------------------------------------------------------------
  'pages.account.title': 'Ihr Konto',
  'pages.account.name': 'Name',
  'pages.account.username': 'Benutzername',
  'pages.account.email': 'E-Mail',
  'pages.account.role': 'Rolle',
  'pages.account.roleAdmin': 'Admin',
  'pages.account.roleUser': 'Benutzer/in',
  'pages.account.passwordChanged': 'Passwort zuletzt geändert',
  'pages.account.never': 'Nie',
  'pages.account.twoStep': 'Anmeldung in zwei Schritten',
  'pages.account.twoStepOff': 'Aus',
  'pages.account.authenticatorApp': 'Authenticator-App',
  'pages.account.passkeyCount': '{count, plural, one {# Passkey} other {# Passkeys}}',
  'pages.account.twoStepOn': 'An: {factors}; noch {codes, plural, one {# Wiederherstellungscode} other {# Wiederherstellungscodes}}',
  'pages.account.manageTwoStep': 'Authenticator-App, Wiederherstellungscodes und Passkeys verwalten',
  'pages.account.twoStepHint':
    'Nach dem Passwort ein Code aus einer App auf Ihrem Telefon: Ein gestohlenes Passwort reicht dann nicht mehr, um hineinzukommen.',
  'pages.account.setUpAuthenticator': 'Authenticator-App einrichten',
  'pages.account.orAddPasskey': 'Oder einen Passkey hinzufügen',
  'pages.account.changePassword': 'Passwort ändern',
  'pages.account.changePasswordHint': 'Wenn Sie Ihr Passwort ändern, werden Sie überall abgemeldet, auch hier.',
  'pages.account.changePasswordSubmit': 'Passwort ändern',
  'pages.account.recoveryCodeUsed':
    'Sie haben sich mit einem Wiederherstellungscode angemeldet. Sie haben noch {count}: Erstellen Sie neue, oder richten Sie Ihre Authenticator-App unter „Anmeldung in zwei Schritten“ neu ein.',
  'pages.account.throttled':
    'Zu viele falsche Passwörter. Warten Sie {minutes, plural, one {eine Minute} other {# Minuten}} und versuchen Sie es erneut.',
  'pages.account.wrongPassword': 'Das ist nicht Ihr aktuelles Passwort.',
  'pages.required.title': 'Wählen Sie ein neues Passwort',
  'pages.required.notice': 'Ihr Admin bittet Sie, ein neues Passwort festzulegen, bevor Sie fortfahren.',
  'pages.required.submit': 'Neues Passwort speichern',

  // Two-step sign-in -----------------------------------------------------------------------------
  'pages.secondStep.title': 'Anmeldung in zwei Schritten',
  'pages.secondStep.intro': 'Ihr Passwort stimmt. Geben Sie jetzt den 6-stelligen Code ein, den Ihre Authenticator-App für TextUp anzeigt.',
  'pages.secondStep.codeHint':
    'Kein Telefon zur Hand? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein; jeder funktioniert einmal.',
  'pages.secondStep.continue': 'Weiter',
  'pages.secondStep.usePasskey': 'Stattdessen einen Passkey verwenden',
  'pages.secondStep.passkeyNotUsed':
    'Es wurde kein Passkey verwendet: Die Abfrage wurde geschlossen, oder dieses Gerät hat keinen Passkey für TextUp. Versuchen Sie es erneut, oder geben Sie stattdessen einen Code ein.',
  'pages.secondStep.wrongCode':
    'Dieser Code stimmt nicht. Geben Sie den Code ein, den Ihre App jetzt anzeigt (prüfen Sie, ob die Uhrzeit Ihres Telefons stimmt), oder einen Wiederherstellungscode.',
  'pages.secondStep.codeUsed':
    'Dieser Code wurde schon verwendet. Warten Sie auf den nächsten: Die App zeigt alle 30 Sekunden einen neuen Code.',
  'pages.secondStep.passkeyRefused':
    'Dieser Passkey konnte nicht geprüft werden. Versuchen Sie es erneut, oder geben Sie stattdessen einen Code ein.',
  'pages.secondStep.throttled':
    'Zu viele falsche Codes. Warten Sie {minutes, plural, one {eine Minute} other {# Minuten}} und versuchen Sie es erneut.',
  'pages.secondStep.passkeyUnreadable':
    'Die Antwort des Passkeys konnte nicht gelesen werden. Versuchen Sie es erneut, oder geben Sie stattdessen einen Code ein.',
  'pages.secondStep.credentialMissing': 'Die Antwort des Passkeys fehlt.',
  'pages.twoFactor.title': 'Anmeldung in zwei Schritten',
  'pages.twoFactor.enrolmentRequired':
    'Ihre Organisation verlangt, dass sich Admins in zwei Schritten anmelden. Richten Sie eine Authenticator-App oder einen Passkey ein, um fortzufahren.',
  'pages.twoFactor.on':
    'Die Anmeldung in zwei Schritten ist an: Nach Ihrem Passwort fragt TextUp nach einem Code aus Ihrer Authenticator-App oder nach Ihrem Passkey.',
  'pages.twoFactor.off':
    'Die Anmeldung in zwei Schritten ist aus: Ihr Passwort allein meldet Sie an. Fügen Sie eine Authenticator-App oder einen Passkey hinzu, damit ein gestohlenes Passwort nicht genügt.',
  'pages.twoFactor.authenticator': 'Authenticator-App',
  'pages.twoFactor.authenticatorSetUp':
    'Eingerichtet. Um sie zu entfernen, bestätigen Sie mit Ihrem Passwort und einem Code daraus (oder einem Wiederherstellungscode).',
  'pages.twoFactor.authenticatorCode': 'Code aus Ihrer Authenticator-App',
  'pages.twoFactor.removeAuthenticator': 'Authenticator-App entfernen',
  'pages.twoFactor.appExamples': 'Verwenden Sie eine App wie Google Authenticator, Microsoft Authenticator, 1Password oder Aegis.',
  'pages.twoFactor.setUpAuthenticator': 'Authenticator-App einrichten',
  'pages.twoFactor.recoveryCodes': 'Wiederherstellungscodes',
  'pages.twoFactor.codesLeft':
    'Sie haben {count, plural, one {# unbenutzten Wiederherstellungscode} other {# unbenutzte Wiederherstellungscodes}}. Neue ersetzen sie alle.',
  'pages.twoFactor.newCodes': 'Neue Wiederherstellungscodes erstellen',
  'pages.twoFactor.codesLater': 'Sie erhalten zehn, wenn Sie Ihre erste Authenticator-App oder Ihren ersten Passkey einrichten.',
  'pages.twoFactor.passkeys': 'Ihre Passkeys',
  'pages.twoFactor.passkeysIntro':
    'Ein Passkey meldet Sie mit der Bildschirmsperre Ihres Geräts oder einem Sicherheitsschlüssel an, ohne Passwort. Zum Hinzufügen ist JavaScript nötig.',
  'pages.twoFactor.passwordToRemove': 'Aktuelles Passwort, um „{name}“ zu entfernen',
  'pages.twoFactor.removePasskey': '{name} entfernen',
  'pages.twoFactor.addPasskey': 'Passkey hinzufügen',
  'pages.twoFactor.passkeyNotAdded':
    'Der Passkey wurde nicht hinzugefügt: Die Abfrage wurde geschlossen oder ist abgelaufen. Versuchen Sie es erneut, wenn Sie bereit sind.',
  'pages.twoFactor.passkeyName': 'Name des Passkeys',
  'pages.twoFactor.passkeyNameHint': 'Etwa das Gerät, auf dem er liegt.',
  'pages.twoFactor.passkeyDefaultName': 'Passkey',
  'pages.twoFactor.backToAccount': 'Zurück zu Ihrem Konto',
  'pages.twoFactor.notice.totpRemoved':
    'Ihre Authenticator-App ist entfernt. Überall sonst, wo Sie angemeldet waren, wurden Sie abgemeldet.',
  'pages.twoFactor.notice.passkeyAdded': 'Ihr Passkey ist hinzugefügt.',
  'pages.twoFactor.notice.passkeyRemoved': 'Der Passkey ist entfernt. Überall sonst, wo Sie angemeldet waren, wurden Sie abgemeldet.',
  'pages.twoFactor.wrongCode':
    'Dieser Code stimmt nicht oder wurde schon verwendet. Geben Sie den Code ein, den Ihre App jetzt anzeigt, oder einen unbenutzten Wiederherstellungscode.',
  'pages.twoFactor.throttled':
    'Zu viele falsche Versuche. Warten Sie {minutes, plural, one {eine Minute} other {# Minuten}} und versuchen Sie es erneut.',
  'pages.twoFactor.notFound': 'Das ist schon entfernt. Laden Sie die Seite neu.',
  'pages.twoFactor.expired': 'Der Passkey wurde nicht rechtzeitig hinzugefügt. Versuchen Sie es erneut.',
  'pages.twoFactor.notVerified':
    'Der Passkey konnte nicht geprüft werden. Versuchen Sie es erneut, oder versuchen Sie ein anderes Gerät oder einen anderen Sicherheitsschlüssel.',
  'pages.twoFactor.duplicate': 'Dieser Passkey ist schon hinzugefügt.',
  'pages.totp.title': 'Authenticator-App einrichten',
  'pages.totp.scan': 'Scannen Sie diesen QR-Code mit Ihrer Authenticator-App.',
  'pages.totp.typeKey': 'Scannen nicht möglich? Geben Sie stattdessen diesen Schlüssel in die App ein: <code>{key}</code>',
  'pages.totp.enterCode': 'Geben Sie den 6-stelligen Code ein, den die App jetzt für TextUp anzeigt.',
  'pages.totp.turnOn': 'Einschalten',
  'pages.totp.wrongCode': 'Dieser Code stimmt nicht. Geben Sie den Code ein, den die App jetzt für TextUp anzeigt.',
  'pages.codes.title': 'Ihre Wiederherstellungscodes',
  'pages.codes.keepSafe':
    'Bewahren Sie diese Codes an einem sicheren Ort auf, getrennt von Ihrem Telefon: Drucken Sie sie aus oder speichern Sie sie in Ihrem Passwort-Manager. Verlieren Sie Ihr Telefon oder Ihren Passkey, meldet jeder Code Sie einmal an, anstelle eines Codes aus der App. <b>Sie werden nur jetzt angezeigt.</b>',
  'pages.codes.saved': 'Ich habe sie gespeichert',
  'pages.codes.whyTotp': 'Die Anmeldung in zwei Schritten ist an: Ihre Authenticator-App ist eingerichtet.',
  'pages.codes.whyRegenerated': 'Neue Wiederherstellungscodes sind erstellt. Die bisherigen funktionieren nicht mehr.',
  'pages.codes.whyPasskey': 'Die Anmeldung in zwei Schritten ist an: Ihr Passkey „{name}“ ist hinzugefügt.',

  // Passkey script (server/browser/passkeys.ts) and its JSON answers --------------------------------
  'pages.passkey.follow': 'Folgen Sie der Abfrage Ihres Browsers, um Ihren Passkey zu verwenden …',
  'pages.passkey.checking': 'Ihr Passkey wird geprüft …',
  'pages.passkey.couldNotStart': 'TextUp konnte den Passkey nicht starten. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'pages.passkey.failed': 'Der Passkey hat nicht funktioniert. Versuchen Sie es erneut.',
  'pages.passkey.reload': 'Laden Sie die Seite neu und versuchen Sie es erneut.',
  'pages.passkey.signInExpired': 'Diese Anmeldung ist abgelaufen. Melden Sie sich erneut an.',
  'pages.passkey.sessionEnded': 'Ihre Sitzung ist beendet. Melden Sie sich erneut an.',
}
