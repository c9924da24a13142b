// The console's first screens and shared components, in German (formal "Sie").
import type { startEn } from './start.en'

export const startDe: Record<keyof typeof startEn, string> = {
  'start.brand.product': 'Verwaltungskonsole',
  'start.documentTitle.app': 'TextUp-Verwaltung',
  'start.documentTitle.screen': '{screen} — TextUp-Verwaltung',

  'start.starting.text': 'TextUp wird gestartet…',
  'start.startupFailed.heading': 'Die Konsole konnte nicht starten',
  'start.startupFailed.text':
    'Beim Lesen der Einstellungen dieser Konsole ist ein Fehler aufgetreten. Versuchen Sie es erneut; wenn es wieder passiert, starten Sie die Konsole neu.',
  'start.startupFailed.retry': 'Erneut versuchen',

  'start.signIn.title': 'Anmelden',
  'start.signIn.heading': 'Anmelden',
  'start.signIn.serverUrl': 'Serveradresse',
  'start.signIn.serverUrlMissing': 'Geben Sie die Serveradresse ein, zum Beispiel https://accounts.example.org.',
  'start.signIn.serverUrlHint': 'Die Adresse des TextUp-Servers Ihrer Organisation, zum Beispiel https://accounts.example.org.',
  'start.signIn.serverUrlLockedHint': 'Von Ihrer IT-Abteilung für diesen Computer festgelegt; hier kann sie nicht geändert werden.',
  'start.signIn.serverUrlEmbeddedHint': 'Der TextUp-Server, den diese Konsole auf diesem Computer betreibt.',
  'start.signIn.username': 'Benutzername',
  'start.signIn.usernameMissing': 'Geben Sie Ihren Benutzernamen ein.',
  'start.signIn.password': 'Passwort',
  'start.signIn.passwordMissing': 'Geben Sie Ihr Passwort ein.',
  'start.signIn.keepSignedIn': 'Angemeldet bleiben',
  'start.signIn.keepSignedInHint':
    'Sie bleiben auf diesem Computer angemeldet, bis Sie sich abmelden. Die Sitzung wird im Schlüsselbund des Systems gespeichert.',
  'start.signIn.submit': 'Anmelden',
  'start.signIn.busy': 'Anmeldung läuft…',
  'start.signIn.notAllowedHeading': 'Sie können sich nicht an der Verwaltungskonsole anmelden.',
  'start.signIn.enrolHeading': 'Richten Sie zuerst die Anmeldung in zwei Schritten ein.',
  'start.signIn.enrolDetailAt':
    'Öffnen Sie Ihre Kontoseite, {url}, in einem Webbrowser, melden Sie sich dort an und richten Sie eine Authenticator-App ein. Melden Sie sich dann hier erneut mit einem Code aus der App an.',
  'start.signIn.enrolDetail':
    'Öffnen Sie Ihre Kontoseite in einem Webbrowser, melden Sie sich dort an und richten Sie eine Authenticator-App ein. Melden Sie sich dann hier erneut mit einem Code aus der App an.',
  'start.signIn.openAccountPage': 'Kontoseite im Browser öffnen',
  'start.signIn.accountPageOpened': 'In Ihrem Webbrowser geöffnet.',
  'start.signIn.accountPageNotOpened': 'Sie konnte nicht geöffnet werden: Geben Sie die Adresse in einem Webbrowser ein.',

  'start.arrival.firstAdminReady': 'Ihr Admin-Konto ist eingerichtet. Melden Sie sich mit dem Passwort an, das Sie gerade gewählt haben.',
  'start.arrival.firstAdminReadyEnrol': 'Ihr Admin-Konto ist eingerichtet. Admins melden sich mit einem zweiten Faktor an.',
  'start.arrival.firstAdminEnrolDetail':
    'Bevor Sie sich hier anmelden, richten Sie die Anmeldung in zwei Schritten ein: Öffnen Sie {url} in einem Webbrowser, melden Sie sich dort an und richten Sie eine Authenticator-App ein.',
  'start.arrival.signInExpired': 'Diese Anmeldung ist abgelaufen. Beginnen Sie erneut mit Ihrem Passwort.',
  'start.arrival.signInCancelled': 'Anmeldung abgebrochen.',
  'start.arrival.signedOut': 'Sie haben sich abgemeldet.',
  'start.arrival.signedOutLocally': 'Sie haben sich auf diesem Computer abgemeldet, aber der Server konnte nicht benachrichtigt werden.',
  'start.arrival.sessionEnded': 'Ihre Sitzung ist beendet. Melden Sie sich erneut an.',

  'start.firstAdmin.title': 'Ersten Admin anlegen',
  'start.firstAdmin.heading': 'Das erste Admin-Konto anlegen',
  'start.firstAdmin.intro':
    'Diese Konsole betreibt auf diesem Computer ihren eigenen TextUp-Server, und dort gibt es noch keine Konten. Legen Sie Ihr eigenes Admin-Konto an; alle anderen können Sie nach der Anmeldung hinzufügen.',
  'start.firstAdmin.introAt':
    'Diese Konsole betreibt auf diesem Computer ihren eigenen TextUp-Server ({url}), und dort gibt es noch keine Konten. Legen Sie Ihr eigenes Admin-Konto an; alle anderen können Sie nach der Anmeldung hinzufügen.',
  'start.firstAdmin.username': 'Benutzername',
  'start.firstAdmin.usernameMissing': 'Wählen Sie einen Benutzernamen.',
  'start.firstAdmin.displayName': 'Name',
  'start.firstAdmin.displayNameMissing': 'Geben Sie Ihren Namen ein.',
  'start.firstAdmin.email': 'E-Mail',
  'start.firstAdmin.emailMissing': 'Geben Sie Ihre E-Mail-Adresse ein.',
  'start.firstAdmin.password': 'Passwort',
  'start.firstAdmin.passwordMissing': 'Wählen Sie ein Passwort.',
  'start.firstAdmin.confirmPassword': 'Passwort bestätigen',
  'start.firstAdmin.submit': 'Admin-Konto anlegen',
  'start.firstAdmin.busy': 'Ihr Konto wird angelegt…',

  'start.secondFactor.title': 'Anmeldung in zwei Schritten',
  'start.secondFactor.heading': 'Anmeldung in zwei Schritten',
  'start.secondFactor.intro': 'Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App für TextUp anzeigt.',
  'start.secondFactor.introFor': 'Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App für TextUp ({username}) anzeigt.',
  'start.secondFactor.code': 'Code',
  'start.secondFactor.codeMissing': 'Geben Sie den Code aus Ihrer Authenticator-App oder einen Wiederherstellungscode ein.',
  'start.secondFactor.recoveryHint':
    'Kein Telefon zur Hand? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein (Sie haben noch {count}; jeder funktioniert einmal).',
  'start.secondFactor.noRecoveryHint':
    'Sie haben keine Wiederherstellungscodes mehr: Erstellen Sie neue auf Ihrer Kontoseite, sobald Sie angemeldet sind.',
  'start.secondFactor.submit': 'Anmelden',
  'start.secondFactor.busy': 'Wird geprüft…',
  'start.secondFactor.cancel': 'Abbrechen',
  'start.secondFactor.recoveryCodeUsed':
    'Sie haben sich mit einem Wiederherstellungscode angemeldet. Sie haben noch {count, plural, one {# Wiederherstellungscode} other {# Wiederherstellungscodes}}.',
  'start.secondFactor.recoveryCodeUsedFew':
    'Sie haben sich mit einem Wiederherstellungscode angemeldet. Sie haben noch {count, plural, one {# Wiederherstellungscode} other {# Wiederherstellungscodes}}. Erstellen Sie bald neue auf Ihrer Kontoseite.',

  'start.field.errorPrefix': 'Fehler:',
  'start.newPassword.confirm': 'Neues Passwort bestätigen',
  'start.newPassword.minLengthHint': 'Verwenden Sie mindestens {minLength} Zeichen.',
  'start.newPassword.hint': 'Lang ist stark: Ein paar Wörter ohne Zusammenhang sind leicht zu merken.',
  'start.newPassword.confirmMissing': 'Geben Sie das neue Passwort zur Bestätigung noch einmal ein.',
  'start.newPassword.confirmDifferent': 'Die beiden neuen Passwörter stimmen nicht überein.',
  'start.strength.placeholder': 'Die Stärke wird beim Tippen angezeigt.',
  'start.strength.label': 'Stärke: {label}.',
  'start.strength.ok': 'Dieses Passwort erfüllt die Regeln.',

  'start.error.wait': 'Warten Sie {wait} und versuchen Sie es dann erneut.',
  'start.notices.label': 'Hinweise',
  'start.notices.dismiss': 'Ausblenden',
  'start.toast.dismiss': 'Meldung schließen',

  'start.format.justNow': 'gerade eben',
  'start.format.seconds': '{count, plural, one {# Sekunde} other {# Sekunden}}',
  'start.format.minutes': '{count, plural, one {# Minute} other {# Minuten}}',
  'start.format.hours': '{count, plural, one {# Stunde} other {# Stunden}}',
  'start.role.admin': 'Admin',
  'start.role.user': 'Benutzer',

  // Issue 16: console sign-in help
  'start.signIn.forgotPassword': 'Passwort vergessen?',
  'start.signIn.wrongPasswordHint': 'Passwort vergessen? „Passwort vergessen?“ unten öffnet die Seite, auf der Sie ein neues wählen.',
  'start.signIn.webSignInAt': 'Die Anmeldeseite im Web ist {url}.',
  'start.signIn.openWebSignIn': 'Anmeldeseite im Browser öffnen',
  'start.arrival.firstAdminNotSignedIn':
    'Ihr Admin-Konto ist eingerichtet, aber die Konsole konnte Sie damit nicht anmelden. Melden Sie sich mit dem Passwort an, das Sie gerade gewählt haben.',
  'start.firstAdmin.emailHint': 'Ihre eigene E-Mail-Adresse, zum Beispiel name@example.org.',

  // Issue 16: password fields
  'start.field.show': 'Zeigen',
  'start.field.hide': 'Verbergen',
}
