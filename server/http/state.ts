// What the HTTP middleware leaves on ctx.state for the routes.
import type { ActiveSession } from '../accounts/sessions'
import type { Locale } from '../../src-shared/i18n/locales'
import type { Translator } from '../../src-shared/i18n/translator'

export interface HttpState {
  /** The browser's signed-in session, when there is one. */
  session?: ActiveSession | undefined
  /** The language of the answer (middleware/locale.ts), and its messages. */
  locale: Locale
  t: Translator
}
