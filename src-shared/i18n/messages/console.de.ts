import type { consoleEn } from './console.en'

export const consoleDe: Record<keyof typeof consoleEn, string> = {
  // Top bar
  'console.topBar.product': 'Admin-Konsole',
  'console.topBar.server': 'Serveradresse',
  'console.topBar.signedInAs': 'Angemeldet als',
  'console.topBar.signOut': 'Abmelden',
  'console.topBar.signingOut': 'Abmelden läuft…',
  'console.topBar.systemLanguage': 'Systemsprache ({language})',
  'console.topBar.languageFailed': 'Die Sprache konnte nicht geändert werden. {reason}',

  // Badges
  'console.badge.active': 'Aktiv',
  'console.badge.deactivated': 'Deaktiviert',
  'console.badge.admin': 'Admin',
  'console.badge.user': 'Benutzer',

  // Users list
  'console.users.title': 'Benutzer',
  'console.users.newUser': 'Neuer Benutzer',
  'console.users.searchLabel': 'Benutzer suchen',
  'console.users.searchPlaceholder': 'Benutzername, Name oder E-Mail',
  'console.users.searchHint': '{shortcut} zum Suchen · ↓ zur Liste',
  'console.users.column.username': 'Benutzername',
  'console.users.column.name': 'Name',
  'console.users.column.email': 'E-Mail',
  'console.users.column.role': 'Rolle',
  'console.users.column.status': 'Status',
  'console.users.column.lastSignIn': 'Letzte Anmeldung',
  'console.users.never': 'Nie',
  'console.users.loading': 'Benutzer werden geladen…',
  'console.users.noneYet': 'Noch keine Benutzer',
  'console.users.noneYetHint':
    'Legen Sie für jede Person, die sich bei TextUp anmeldet, ein Konto an. Sie können ihr per E-Mail eine Einladung senden, damit sie ihr Passwort selbst wählt.',
  'console.users.noMatch': 'Keine Benutzer passen zu „{query}“',
  'console.users.noMatchHint':
    'Die Suche durchsucht Benutzernamen, Namen und E-Mail-Adressen. Ein oder zwei Zeichen finden nur den Anfang von Benutzernamen; ab drei Zeichen wird überall gesucht.',
  'console.users.clearSearch': 'Suche leeren',
  'console.users.loadFailed': 'Die Benutzer konnten nicht geladen werden.',
  'console.users.tryAgain': 'Erneut versuchen',
  'console.users.searching': 'Suche läuft…',
  'console.users.loadingMore': 'Weitere werden geladen…',
  'console.users.moreFailed': 'Weitere Benutzer konnten nicht geladen werden: {reason}',
  'console.users.keysHint': '↑ ↓ Bild auf/ab Pos1 Ende zum Bewegen · Eingabe zum Öffnen',
  'console.users.summary': '{count, plural, one {# Benutzer} other {# Benutzer}}.',
  'console.users.summaryMore':
    'Die ersten {count, plural, one {# Benutzer} other {# Benutzer}} werden angezeigt; scrollen Sie für weitere.',
  'console.users.summaryMatch': '{count, plural, one {# Benutzer passt} other {# Benutzer passen}} zu „{query}“.',
  'console.users.summaryMatchMore':
    'Die ersten {count, plural, one {# Benutzer} other {# Benutzer}}, die zu „{query}“ passen; scrollen Sie für weitere.',

  // Moments

  // A user's details
  'console.details.breadcrumb': 'Navigationspfad',
  'console.details.back': 'Zurück zu den Benutzern',
  'console.details.gone': 'Diesen Benutzer gibt es nicht mehr.',
  'console.details.loadFailed': 'Die aktuellen Angaben konnten nicht geladen werden.',
  'console.details.tryAgain': 'Erneut versuchen',
  'console.details.more': 'Mehr',
  'console.profile.heading': 'Profil',
  'console.profile.name': 'Name',
  'console.profile.username': 'Benutzername',
  'console.profile.email': 'E-Mail',
  'console.profile.role': 'Rolle',
  'console.profile.status': 'Status',
  'console.profile.lastSignIn': 'Letzte Anmeldung',
  'console.profile.never': 'Nie',
  'console.profile.password': 'Passwort',
  'console.profile.created': 'Konto angelegt',
  'console.profile.noPasswordYet': 'Hat noch kein Passwort gewählt',
  'console.profile.passwordChanged': 'Zuletzt geändert: {when}',
  'console.profile.passwordSet': 'Festgelegt',
  'console.profile.mustChange': 'Muss bei der nächsten Anmeldung ein neues Passwort wählen',
  'console.emailLanguage.label': 'Sprache der E-Mails',
  'console.emailLanguage.hint': 'Die Sprache der E-Mails, die TextUp an diese Person sendet.',
  'console.profile.languageSaving': 'Wird gespeichert…',
  'console.profile.languageSaved': 'E-Mails an {name} werden jetzt auf {language} gesendet.',
  'console.profile.languageFailed': 'Die Sprache der E-Mails an {name} konnte nicht geändert werden. {reason}',

  // Recent activity
  'console.activity.heading': 'Letzte Aktivitäten',
  'console.activity.loading': 'Aktivitäten werden geladen…',
  'console.activity.none': 'Für dieses Konto wurde noch keine Aktivität aufgezeichnet.',
  'console.activity.loadFailed': 'Die Aktivitäten konnten nicht geladen werden.',
  'console.activity.tryAgain': 'Erneut versuchen',
  'console.activity.loadingMore': 'Wird geladen…',
  'console.activity.showMore': 'Mehr anzeigen',
  'console.activity.by': 'durch {username}',
  'console.activity.from': 'von <mono>{address}</mono>',

  // Confirming it is the admin (password panel, second-factor dialog)
  'console.confirm.legend': 'Bestätigen Sie, dass Sie es sind',
  'console.confirm.signedInAs': 'Angemeldet als <b>{name}</b> ({username})',
  'console.confirm.passwordLabel': 'Ihr Passwort ({username})',
  'console.confirm.passwordHintSelf': 'Ihr aktuelles Passwort: das, mit dem Sie sich angemeldet haben.',
  'console.confirm.passwordHint': 'Ihr eigenes Passwort – das, mit dem Sie sich angemeldet haben, nicht das von {name}.',
  'console.confirm.passwordMissing': 'Geben Sie Ihr eigenes Passwort ({username}) ein, um zu bestätigen, dass Sie es sind.',
  'console.confirm.wrongPasswordSelf':
    'Das ist nicht Ihr Passwort ({username}). Geben Sie das Passwort ein, mit dem Sie sich angemeldet haben.',
  'console.confirm.wrongPassword':
    'Das ist nicht Ihr Passwort ({username}). Geben Sie das Passwort ein, mit dem Sie sich angemeldet haben, nicht das von {name}.',

  // Change password
  'console.password.heading': 'Passwort ändern',
  'console.password.introSelf': 'Legt ein neues Passwort für Ihr eigenes Konto fest. Ihre anderen Sitzungen werden beendet.',
  'console.password.intro':
    'Legt ein neues Passwort für {name} fest. {name} wird überall abgemeldet und erhält eine E-Mail, dass das Passwort geändert wurde. Soll {name} stattdessen selbst ein Passwort wählen, nutzen Sie Mehr › E-Mail zum Zurücksetzen des Passworts senden.',
  'console.password.missing': 'Geben Sie ein neues Passwort für {name} ein.',
  'console.password.changedNotice': 'Das Passwort von {name} ist geändert. {name} wird überall abgemeldet und erhält darüber eine E-Mail.',
  'console.password.changed': 'Das Passwort von {name} ist geändert.',
  'console.password.step': 'Schritt {number}: ',
  'console.password.newLegend': 'Das neue Passwort von {name}',
  'console.password.newLabel': 'Neues Passwort für {name}',
  'console.password.requireChange': 'Bei der nächsten Anmeldung ein neues Passwort verlangen',
  'console.password.requireChangeHint': '{name} meldet sich einmal mit diesem Passwort an und muss dann ein eigenes wählen.',
  'console.password.submit': 'Passwort von {name} ändern',
  'console.password.submitting': 'Passwort wird geändert…',

  // More menu results
  'console.more.wait': 'Warten Sie {duration} und versuchen Sie es dann erneut.',
  'console.more.resetSent': 'E-Mail zum Zurücksetzen des Passworts an {email} gesendet.',
  'console.more.invitationSent': 'Einladung erneut an {email} gesendet. Links in früheren Einladungen funktionieren nicht mehr.',
  'console.more.noSessions': '{name} war nirgends angemeldet: Es gab keine Sitzungen zu beenden.',
  'console.more.sessionsEnded': '{count, plural, one {# Sitzung} other {# Sitzungen}} beendet. {name} muss sich erneut anmelden.',
  'console.more.deactivated': 'Das Konto von {name} ist deaktiviert. {name} kann sich erst wieder anmelden, wenn es erneut aktiviert wird.',
  'console.more.activated': 'Das Konto von {name} ist wieder aktiv.',

  // Remove second factor
  'console.factor.heading': 'Zweiten Faktor von {name} entfernen',
  'console.factor.what':
    'Für den Fall, dass {name} das Telefon oder den Passkey verloren hat: Entfernt werden {factors}. {name} wird überall abgemeldet und erhält darüber eine E-Mail, meldet sich dann nur mit dem Passwort an und richtet einen neuen zweiten Faktor ein.',
  'console.factor.authenticator': 'die Authenticator-App',
  'console.factor.passkeys': '{count, plural, one {# Passkey} other {# Passkeys}}',
  'console.factor.recoveryCodesLeft':
    '{count, plural, one {# unbenutzter Wiederherstellungscode} other {# unbenutzte Wiederherstellungscodes}}',
  'console.factor.removedAuthenticator': 'Authenticator-App',
  'console.factor.removedRecoveryCodes': '{count, plural, one {# Wiederherstellungscode} other {# Wiederherstellungscodes}}',
  'console.factor.nothing': 'nichts',
  'console.factor.removedNotice':
    'Der zweite Faktor von {name} ist entfernt ({removed}). {name} wird überall abgemeldet und erhält darüber eine E-Mail.',
  'console.factor.submit': 'Zweiten Faktor entfernen',
  'console.factor.submitting': 'Wird entfernt…',

  // Dialogs
  'console.dialog.close': 'Schließen',
  'console.dialog.cancel': 'Abbrechen',

  // New user
  'console.create.heading': 'Neuer Benutzer',
  'console.create.username': 'Benutzername',
  'console.create.usernameHint': 'Buchstaben, Ziffern und . _ - @',
  'console.create.name': 'Name',
  'console.create.nameHint': 'Vor- und Nachname.',
  'console.create.email': 'E-Mail',
  'console.create.emailHint': 'E-Mails zum Passwort gehen an diese Adresse.',
  'console.create.role': 'Rolle',
  'console.create.roleUser': 'Benutzer',
  'console.create.roleUserHint': 'Meldet sich im Web an.',
  'console.create.roleAdmin': 'Admin',
  'console.create.roleAdminHint': 'Kann hier außerdem alle Konten verwalten.',
  'console.create.password': 'Passwort',
  'console.create.invite': 'Einladung per E-Mail senden, um ein Passwort zu wählen',
  'console.create.inviteHint': 'Die Person erhält einen Link, 7 Tage gültig, um ihr Passwort selbst zu wählen.',
  'console.create.setNow': 'Jetzt ein Passwort festlegen',
  'console.create.setNowHint': 'Teilen Sie das Passwort persönlich oder telefonisch mit, niemals per E-Mail.',
  'console.create.newPassword': 'Neues Passwort',
  'console.create.submit': 'Benutzer anlegen',
  'console.create.submitting': 'Wird angelegt…',
  'console.create.usernameMissing': 'Geben Sie einen Benutzernamen ein.',
  'console.create.nameMissing': 'Geben Sie den Namen ein.',
  'console.create.emailMissing': 'Geben Sie die E-Mail-Adresse ein.',
  'console.create.passwordMissing': 'Geben Sie ein Passwort ein oder senden Sie stattdessen eine Einladung per E-Mail.',
  'console.create.createdWithPassword': '{name} ({username}) wurde mit dem von Ihnen festgelegten Passwort angelegt.',
  'console.create.createdInvited': '{name} ({username}) wurde angelegt. Eine Einladung zur Wahl eines Passworts wurde an {email} gesendet.',

  // Issue 16: the user's details and dialogs
  'console.details.deactivatedBanner': 'Deaktiviert — Anmelden nicht möglich',
  'console.details.deactivatedDetail':
    '{name} kann sich nicht anmelden, und es kann kein Link zum Zurücksetzen gesendet werden, bis das Konto wieder aktiv ist.',
  'console.details.reactivate': 'Reaktivieren',
  'console.details.reactivating': 'Wird reaktiviert…',
  'console.details.reactivateFailed': 'Das Konto von {name} konnte nicht reaktiviert werden. {reason}',
  'console.details.changePassword': 'Passwort ändern…',
  'console.details.changePasswordNeedsActive': 'Reaktivieren Sie das Konto, um sein Passwort zu ändern.',

  // Issue 16: users list count, filters, one status
  'console.badge.invitePending': 'Einladung offen',
  'console.users.filterRole': 'Rolle',
  'console.users.filterRoleAll': 'Alle Rollen',
  'console.users.filterRoleAdmin': 'Nur Admins',
  'console.users.filterRoleUser': 'Nur Benutzer',
  'console.users.filterStatus': 'Status',
  'console.users.filterStatusAll': 'Alle Status',
  'console.users.filterStatusActive': 'Aktiv',
  'console.users.filterStatusInvited': 'Einladung offen',
  'console.users.filterStatusDeactivated': 'Deaktiviert',
  'console.users.summaryOf': '{shown} von {total} {count, plural, one {Benutzer} other {Benutzern}}; scrollen Sie für weitere.',
  'console.users.summaryOfAtLeast':
    '{shown} von mehr als {total} {count, plural, one {Benutzer} other {Benutzern}}; scrollen Sie für weitere.',
  'console.users.summaryMatchOf':
    '{shown} von {total} {count, plural, one {Benutzer, der} other {Benutzern, die}} zu „{query}“ {count, plural, one {passt} other {passen}}; scrollen Sie für weitere.',
  'console.users.summaryMatchOfAtLeast':
    '{shown} von mehr als {total} {count, plural, one {Benutzer, der} other {Benutzern, die}} zu „{query}“ {count, plural, one {passt} other {passen}}; scrollen Sie für weitere.',
  'console.users.noMatchFilters': 'Keine Benutzer passen zu diesen Filtern',
  'console.users.noMatchQueryFilters': 'Keine Benutzer passen mit diesen Filtern zu „{query}“',
  'console.users.noMatchFiltersHint':
    'Die Filter für Rolle und Status blenden alle Treffer aus. Entfernen Sie sie, um alle Konten zu sehen.',
  'console.users.clearFilters': 'Filter entfernen',
}
