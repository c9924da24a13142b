// The words a page script shows, in the page's language: the server writes them into the page as
// JSON in <body data-strings> (server/http/pages/components.tsx), so no script holds English of its
// own. A page without them (it cannot happen on TextUp's own pages) leaves a script silent rather
// than speaking the wrong language.
import type { ScriptStrings } from '../http/pages/components'

let cached: Partial<ScriptStrings> | undefined

export function pageStrings(): Partial<ScriptStrings> {
  if (cached) return cached
  try {
    const parsed: unknown = JSON.parse(document.body.dataset.strings ?? '{}')
    cached = typeof parsed === 'object' && parsed !== null ? parsed : {}
  } catch {
    cached = {}
  }
  return cached
}

/** The page's language, as the server chose it (<html lang>). */
export function pageLocale(): string {
  return document.documentElement.lang || 'en'
}
