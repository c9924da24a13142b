import type { startEn } from './start.en'

export const startDe: Record<keyof typeof startEn, string> = {}
