// The mail catalogue (German, formal "Sie"): the same messages as mail.en.ts, with the same placeholders.
import type { mailEn } from './mail.en'

export const mailDe: Record<keyof typeof mailEn, string> = {
  'mail.common.greeting': 'Guten Tag {name},',
  'mail.common.greetingNoName': 'Guten Tag,',
  'mail.common.linkFallback': 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
  'mail.common.days': '{count, plural, one {# Tag} other {# Tage}}',
  'mail.common.hours': '{count, plural, one {# Stunde} other {# Stunden}}',
  'mail.common.minutes': '{count, plural, one {# Minute} other {# Minuten}}',
  'mail.common.byAdmin': 'von einem Admin',
  'mail.common.byNamedAdmin': 'von einem Admin ({adminName})',
  'mail.common.byOperator': 'von einem Systembetreiber',

  'mail.passwordReset.subject': 'Setzen Sie Ihr TextUp-Passwort zurück',
  'mail.passwordReset.whySelf':
    'Jemand hat angefordert, das Passwort Ihres TextUp-Kontos zurückzusetzen (Benutzername: <b>{username}</b>).',
  'mail.passwordReset.whyAdmin':
    'Ein Admin hat Ihnen diesen Link geschickt, damit Sie ein neues Passwort für Ihr TextUp-Konto wählen können (Benutzername: <b>{username}</b>).',
  'mail.passwordReset.openLink': 'Öffnen Sie diesen Link, um ein neues Passwort zu wählen:',
  'mail.passwordReset.button': 'Neues Passwort wählen',
  'mail.passwordReset.lasts': 'Der Link ist {duration} lang gültig und funktioniert nur einmal.',
  'mail.passwordReset.ignoreSelf': 'Falls Sie das nicht waren, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt, wie es ist.',
  'mail.passwordReset.ignoreAdmin':
    'Falls Sie das nicht erwartet haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt, wie es ist.',

  'mail.invitation.subject': 'Ihr TextUp-Konto ist bereit',
  'mail.invitation.intro': '{invitedBy} hat ein TextUp-Konto für Sie angelegt (Benutzername: {username}).',
  'mail.invitation.introByOperator': 'Ein Systembetreiber hat ein TextUp-Konto für Sie angelegt (Benutzername: {username}).',
  'mail.invitation.openLink': 'Öffnen Sie diesen Link, um Ihr Passwort zu wählen:',
  'mail.invitation.button': 'Ihr Passwort wählen',
  'mail.invitation.lasts': 'Der Link ist {duration} lang gültig und funktioniert nur einmal. Danach bitten Sie Ihren Admin um einen neuen.',

  'mail.passwordChanged.subject': 'Ihr TextUp-Passwort wurde geändert',
  'mail.passwordChanged.what': 'Das Passwort Ihres TextUp-Kontos (Benutzername: {username}) wurde am {changedAt} UTC {how} geändert.',
  'mail.passwordChanged.bySelf': 'auf Ihrer Kontoseite',
  'mail.passwordChanged.byResetLink': 'mit einem Link zum Zurücksetzen',
  'mail.passwordChanged.byInvitation': 'bei der Einrichtung des Kontos',
  'mail.passwordChanged.sessions': 'Sie wurden überall abgemeldet, wo Sie angemeldet waren.',
  'mail.passwordChanged.warning':
    'Falls Sie das nicht erwartet haben, setzen Sie Ihr Passwort jetzt zurück und informieren Sie Ihren Admin:',

  'mail.emailChanged.subject': 'Die E-Mail-Adresse Ihres TextUp-Kontos wurde geändert',
  'mail.emailChanged.what':
    'Die E-Mail-Adresse Ihres TextUp-Kontos (Benutzername: {username}) wurde am {changedAt} UTC {by} geändert. TextUp schreibt jetzt an {newEmailHint}.',
  'mail.emailChanged.links': 'Links zum Zurücksetzen und Einladungslinks, die an diese Adresse geschickt wurden, funktionieren nicht mehr.',
  'mail.emailChanged.warning': 'Falls Sie das nicht erwartet haben, informieren Sie jetzt Ihren Admin.',

  'mail.secondFactor.warning': 'Falls Sie das nicht waren, informieren Sie jetzt Ihren Admin: Jemand kennt vielleicht Ihr Passwort.',
  'mail.secondFactor.manage': 'Auf Ihrer Kontoseite sehen und ändern Sie, wie Sie sich anmelden:',
  'mail.totpEnrolled.subject': 'Die Anmeldung in zwei Schritten ist für Ihr TextUp-Konto eingeschaltet',
  'mail.totpEnrolled.what':
    'Für Ihr TextUp-Konto (Benutzername: {username}) wurde am {changedAt} UTC eine Authentifizierungs-App eingerichtet. TextUp fragt jetzt nach Ihrem Passwort nach einem Code aus dieser App.',
  'mail.totpRemoved.subject': 'Eine Authentifizierungs-App wurde von Ihrem TextUp-Konto entfernt',
  'mail.totpRemoved.what':
    'Die Authentifizierungs-App Ihres TextUp-Kontos (Benutzername: {username}) wurde am {changedAt} UTC auf Ihrer Kontoseite entfernt.',
  'mail.passkeyAdded.subject': 'Ihrem TextUp-Konto wurde ein Passkey hinzugefügt',
  'mail.passkeyAdded.what': 'Ihrem TextUp-Konto (Benutzername: {username}) wurde am {changedAt} UTC ein Passkey hinzugefügt.',
  'mail.passkeyAdded.whatNamed':
    'Ihrem TextUp-Konto (Benutzername: {username}) wurde am {changedAt} UTC ein Passkey („{passkeyName}“) hinzugefügt.',
  'mail.passkeyRemoved.subject': 'Ein Passkey wurde von Ihrem TextUp-Konto entfernt',
  'mail.passkeyRemoved.what': 'Von Ihrem TextUp-Konto (Benutzername: {username}) wurde am {changedAt} UTC ein Passkey entfernt.',
  'mail.passkeyRemoved.whatNamed':
    'Von Ihrem TextUp-Konto (Benutzername: {username}) wurde am {changedAt} UTC ein Passkey („{passkeyName}“) entfernt.',
  'mail.recoveryCodesRegenerated.subject': 'Neue Wiederherstellungscodes für Ihr TextUp-Konto',
  'mail.recoveryCodesRegenerated.what':
    'Für Ihr TextUp-Konto (Benutzername: {username}) wurden am {changedAt} UTC neue Wiederherstellungscodes erstellt. Die bisherigen funktionieren nicht mehr.',
  'mail.recoveryCodeUsed.subject': 'Anmeldung bei TextUp mit einem Wiederherstellungscode',
  'mail.recoveryCodeUsed.what':
    'Am {changedAt} UTC hat sich jemand mit einem Wiederherstellungscode bei Ihrem TextUp-Konto (Benutzername: {username}) angemeldet.',
  'mail.recoveryCodeUsed.left': 'Sie haben noch {count, plural, one {# Wiederherstellungscode} other {# Wiederherstellungscodes}}.',
  'mail.secondFactorRemoved.subject': 'Der zweite Faktor Ihres TextUp-Kontos wurde entfernt',
  'mail.secondFactorRemoved.what':
    'Alle zweiten Faktoren Ihres TextUp-Kontos (Benutzername: {username}) – Authentifizierungs-App, Passkeys und Wiederherstellungscodes – wurden am {changedAt} UTC {by} entfernt, und Sie wurden überall abgemeldet. Richten Sie nach dem Anmelden auf Ihrer Kontoseite einen neuen ein.',

  'mail.languagePreference.heading': 'Sprache Ihrer E-Mails',
  'mail.languagePreference.label': 'Sprache der E-Mails',
  'mail.languagePreference.hint':
    'In dieser Sprache schreibt TextUp Ihnen E-Mails (Links zum Zurücksetzen, Hinweise zu Ihrem Konto). Die Sprache dieser Seiten ändert sich dadurch nicht: Sie richtet sich nach Ihrem Browser oder der Sprachauswahl.',
  'mail.languagePreference.save': 'E-Mail-Sprache speichern',
  'mail.languagePreference.saved': 'Gespeichert. TextUp schreibt Ihnen E-Mails jetzt auf {language}.',
  'mail.languagePreference.invalid': 'Wählen Sie eine der Sprachen aus der Liste.',
}
