import type { commonEn } from './common.en'

export const commonDe: Record<keyof typeof commonEn, string> = {
  'common.productName': 'TextUp',
  'common.language': 'Sprache',
  'common.validation.unknownFields': 'Unbekannte{count, plural, one {s Feld} other { Felder}}: {fields}.',
  'common.validation.invalidType': 'Dieser Wert hat nicht die richtige Art.',
  'common.validation.tooBig': 'Das ist zu lang oder zu groß (höchstens {maximum}).',
  'common.validation.tooSmall': 'Das ist zu kurz oder zu klein (mindestens {minimum}).',
  'common.validation.invalid': 'Dieser Wert ist ungültig.',
}
