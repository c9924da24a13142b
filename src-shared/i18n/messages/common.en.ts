// Words every part of TextUp uses. Catalogues are ICU MessageFormat: {name} is a placeholder,
// {count, plural, one {…} other {…}} a plural, <b>…</b> a tag the caller renders.
export const commonEn = {
  'common.productName': 'TextUp',
  'common.language': 'Language',
} as const
