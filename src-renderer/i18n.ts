// The console's language: the operating system's (app.getLocale(), from the main process) unless the
// admin picked another in the console. Components read their messages with useT().
import { create } from 'zustand'
import { pickLocale, type Locale } from '../src-shared/i18n/locales'
import { translator, type Translator } from '../src-shared/i18n/translator'

interface LocaleState {
  locale: Locale
  setLocale(locale: Locale): void
}

// Until the main process says otherwise: Chromium's language, which Electron takes from the operating
// system as app.getLocale() does, so even the starting screen is in the admin's language.
const initialLocale = pickLocale(navigator.languages)
document.documentElement.lang = initialLocale

export const useLocale = create<LocaleState>((set) => ({
  locale: initialLocale,
  setLocale: (locale) => {
    document.documentElement.lang = locale
    set({ locale })
  },
}))

/** The messages of the console's current language; components re-render when it changes. */
export function useT(): Translator {
  return translator(useLocale((state) => state.locale))
}

/** For code outside components (stores, actions): the current language's messages. */
export function currentT(): Translator {
  return translator(useLocale.getState().locale)
}
