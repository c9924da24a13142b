// Words every part of TextUp uses. Catalogues are ICU MessageFormat: {name} is a placeholder,
// {count, plural, one {…} other {…}} a plural, <b>…</b> a tag the caller renders.
export const commonEn = {
  'common.productName': 'TextUp',
  'common.language': 'Language',
  'common.validation.unknownFields': 'Unknown {count, plural, one {field} other {fields}}: {fields}.',
  'common.validation.invalidType': 'This is not the right kind of value.',
  'common.validation.tooBig': 'This is too long or too large (at most {maximum}).',
  'common.validation.tooSmall': 'This is too short or too small (at least {minimum}).',
  'common.validation.invalid': 'This value is not valid.',
} as const
