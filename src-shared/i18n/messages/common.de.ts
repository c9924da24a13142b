import type { commonEn } from './common.en'

export const commonDe: Record<keyof typeof commonEn, string> = {
  'common.productName': 'TextUp',
  'common.language': 'Sprache',
}
