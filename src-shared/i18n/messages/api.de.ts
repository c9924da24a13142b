import type { apiEn } from './api.en'

export const apiDe: Record<keyof typeof apiEn, string> = {}
