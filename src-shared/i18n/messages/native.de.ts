import type { nativeEn } from './native.en'

export const nativeDe: Record<keyof typeof nativeEn, string> = {}
