import type { policyEn } from './policy.en'

export const policyDe: Record<keyof typeof policyEn, string> = {}
