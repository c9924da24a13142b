// The console's language: the operating system's (app.getLocale(), then the system's preferred
// languages) unless the admin chose one in the console, which is kept with the preferences and so
// survives restarts. Everything the main process shows, and the Accept-Language of every API
// request, follows `locale`; listeners (the application menu) hear of each change.
import { pickLocale, type Locale } from '../src-shared/i18n/locales'
import { translator, type Translator } from '../src-shared/i18n/translator'
import type { LanguageChoice } from '../src-shared/ipc'
import type { PreferencesFile } from './credentials'

/** The part of Electron's app that says which languages the system prefers (valid once the app is ready). */
export interface SystemLocales {
  getLocale(): string
  getPreferredSystemLanguages(): string[]
}

/** The system's languages, best first: the app's locale (what Chromium chose from the OS), then the user's list. */
export function systemLanguageTags(app: SystemLocales): string[] {
  return [app.getLocale(), ...app.getPreferredSystemLanguages()].filter((tag) => tag.length > 0)
}

export class ConsoleLanguage {
  private chosen: Locale | null = null
  private readonly listeners = new Set<(locale: Locale) => void>()

  constructor(
    private readonly systemTags: () => readonly string[],
    private readonly preferences: PreferencesFile,
  ) {}

  /** Reads the admin's choice from the preferences (once, at start). */
  async load(): Promise<this> {
    this.chosen = (await this.preferences.read()).language ?? null
    return this
  }

  /** The system's language, as TextUp speaks it (English when it speaks none of the system's). */
  get system(): Locale {
    return pickLocale(this.systemTags())
  }

  get locale(): Locale {
    return this.chosen ?? this.system
  }

  get choice(): LanguageChoice {
    return { locale: this.locale, chosen: this.chosen, system: this.system }
  }

  /** The messages of the current language. */
  t(): Translator {
    return translator(this.locale)
  }

  /** The admin's choice (null: follow the system), saved for the next start; the language now. */
  async choose(chosen: Locale | null): Promise<Locale> {
    const before = this.locale
    await this.preferences.update(({ language: _previous, ...rest }) => (chosen ? { ...rest, language: chosen } : rest))
    this.chosen = chosen
    if (this.locale !== before) for (const listener of this.listeners) listener(this.locale)
    return this.locale
  }

  /** Calls `listener` whenever the language changes; returns the function that stops it. */
  onChange(listener: (locale: Locale) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
