import type { policyEn } from './policy.en'

export const policyDe: Record<keyof typeof policyEn, string> = {
  'policy.required': 'Geben Sie ein neues Passwort ein.',
  'policy.tooShort':
    'Verwenden Sie mindestens {minLength} Zeichen (dieses hat {length}). Einige voneinander unabhängige Wörter ergeben ein langes Passwort, das leicht zu merken ist.',
  'policy.tooLong': 'Verwenden Sie höchstens {maxLength} Zeichen (dieses hat {length}).',
  'policy.controlCharacters': 'Entfernen Sie unsichtbare Steuerzeichen wie Tabulatoren oder Zeilenumbrüche.',
  'policy.common':
    'Dies ist eines der am häufigsten verwendeten Passwörter, deshalb probieren Angreifer es zuerst. Wählen Sie ein anderes.',
  'policy.personal':
    'Bilden Sie Ihr Passwort nicht aus Ihrem Benutzernamen, Ihrem Namen, Ihrer E-Mail-Adresse oder dem Namen TextUp: Diese Teile zählen nicht zu den {minLength} Zeichen.',
  'policy.predictable': 'Dieses Passwort ist zu leicht zu erraten. Vermeiden Sie wiederholte Zeichen, Zeichenfolgen und Tastaturmuster.',
  'policy.predictableBecause':
    'Dieses Passwort ist zu leicht zu erraten. {warning} Vermeiden Sie wiederholte Zeichen, Zeichenfolgen und Tastaturmuster.',
  'policy.strength.veryWeak': 'Sehr schwach',
  'policy.strength.weak': 'Schwach',
  'policy.strength.fair': 'Mittel',
  'policy.strength.good': 'Gut',
  'policy.strength.strong': 'Stark',
}
