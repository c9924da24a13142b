// The languages an account's emails can be in, each named in its own language (lang set, so a
// screen reader says "Deutsch" the German way), for the profile and the New user dialog.
import type { ChangeEvent, Ref } from 'react'
import { LOCALE_NAMES, LOCALES, PSEUDO_LOCALE, type Locale } from '../../../src-shared/i18n/locales'
import type { Translator } from '../../../src-shared/i18n/translator'

export type EmailLanguage = (typeof LOCALES)[number]

interface LanguageSelectProps {
  id: string
  value: EmailLanguage
  onChange: (language: EmailLanguage) => void
  describedBy?: string | undefined
  busy?: boolean
  ref?: Ref<HTMLSelectElement>
}

export function LanguageSelect({ id, value, onChange, describedBy, busy, ref }: LanguageSelectProps) {
  return (
    <select
      ref={ref}
      id={id}
      className="select"
      value={value}
      aria-describedby={describedBy}
      aria-busy={busy || undefined}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => {
        const chosen = LOCALES.find((locale) => locale === event.target.value)
        if (chosen) onChange(chosen)
      }}
    >
      {LOCALES.map((locale) => (
        <option key={locale} value={locale} lang={locale}>
          {LOCALE_NAMES[locale]}
        </option>
      ))}
    </select>
  )
}

/** A new account's email language: the console's own, if accounts can have it, else English. */
export function defaultEmailLanguage(consoleLocale: Locale): EmailLanguage {
  return LOCALES.find((locale) => locale === consoleLocale) ?? 'en'
}

/** A language's name in a sentence of the console's language ("German" in English, "Deutsch" in German). */
export function languageInSentence(t: Translator, language: EmailLanguage): string {
  const names = new Intl.DisplayNames([t.locale === PSEUDO_LOCALE ? 'en' : t.locale], { type: 'language' })
  return names.of(language) ?? LOCALE_NAMES[language]
}
