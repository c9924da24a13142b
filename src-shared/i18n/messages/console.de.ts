import type { consoleEn } from './console.en'

export const consoleDe: Record<keyof typeof consoleEn, string> = {}
