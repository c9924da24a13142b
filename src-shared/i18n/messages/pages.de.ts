import type { pagesEn } from './pages.en'

export const pagesDe: Record<keyof typeof pagesEn, string> = {}
