import { useId, useState } from 'react'
import { create } from 'zustand'
import { LOCALE_NAMES, LOCALES, type Locale } from '../../src-shared/i18n/locales'
import { signOut } from '../actions'
import { currentT, useLocale, useT } from '../i18n'
import { consoleClient } from '../lib/console-client'
import { announce } from '../stores/notices'
import { useAdmin, useSession } from '../stores/session'
import { BusyButton } from './busy-button'

/** Who is signed in, to which server, the console's language, and the way out. */
export function TopBar() {
  const t = useT()
  const admin = useAdmin()
  const [busy, setBusy] = useState(false)
  return (
    <header className="top-bar">
      <p className="brand">
        {t.t('common.productName')} <span className="brand-product">{t.t('console.topBar.product')}</span>
      </p>
      <dl className="top-bar-facts">
        <div>
          <dt>{t.t('console.topBar.server')}</dt>
          <dd className="mono">{admin.serverUrl}</dd>
        </div>
        <div>
          <dt>{t.t('console.topBar.signedInAs')}</dt>
          <dd>
            {admin.user.displayName} <span className="muted">({admin.user.username})</span>
          </dd>
        </div>
      </dl>
      <LanguageControl />
      <BusyButton
        type="button"
        variant="secondary"
        busy={busy}
        busyLabel={t.t('console.topBar.signingOut')}
        onClick={() => {
          setBusy(true)
          void signOut().finally(() => setBusy(false))
        }}
      >
        {t.t('console.topBar.signOut')}
      </BusyButton>
    </header>
  )
}

type Choice = Locale | 'system'

interface LanguageChoiceState {
  /** What the admin picked in this run of the console ('system': follow the operating system); null: nothing yet. */
  choice: Choice | null
  /** The operating system's language, as the main process last said. */
  systemLocale: Locale | null
}

// Outside the component: the top bar is rebuilt after signing out and in again, the choice is not.
const useLanguageChoice = create<LanguageChoiceState>()(() => ({ choice: null, systemLocale: null }))

/** The console's language: the system's, or one the admin picks; the main process keeps the choice. */
function LanguageControl() {
  const t = useT()
  const id = useId()
  const locale = useLocale((state) => state.locale)
  const started = useSession((state) => state.startup?.language)
  const picked = useLanguageChoice()
  const choice: Choice = picked.choice ?? started?.chosen ?? 'system'
  // Following the system: the language in effect is the system's.
  const systemLocale = picked.systemLocale ?? started?.system ?? (choice === 'system' ? locale : null)
  const [busy, setBusy] = useState(false)

  async function choose(next: Choice) {
    if (busy || next === choice) return
    setBusy(true)
    const outcome = await consoleClient.setLanguage(next === 'system' ? null : next)
    setBusy(false)
    if (!outcome.ok) {
      // In the language still in effect.
      announce(currentT().t('console.topBar.languageFailed', { reason: outcome.error.title }), 'error')
      return
    }
    useLanguageChoice.setState({ choice: next, systemLocale: next === 'system' ? outcome.value : systemLocale })
  }

  return (
    <div className="top-bar-language">
      <label htmlFor={id}>{t.t('common.language')}</label>
      <select
        id={id}
        className="select"
        value={choice}
        aria-busy={busy || undefined}
        onChange={(event) => {
          const value = event.target.value
          const next = value === 'system' ? value : LOCALES.find((option) => option === value)
          if (next) void choose(next)
        }}
      >
        <option value="system">{t.t('console.topBar.systemLanguage', { language: LOCALE_NAMES[systemLocale ?? locale] })}</option>
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option}>
            {LOCALE_NAMES[option]}
          </option>
        ))}
      </select>
    </div>
  )
}
