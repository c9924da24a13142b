import type { mailEn } from './mail.en'

export const mailDe: Record<keyof typeof mailEn, string> = {}
