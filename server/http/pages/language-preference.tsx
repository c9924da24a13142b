// The account page's "Language of your emails": the signed-in person chooses the language TextUp
// writes their emails in (users.preferred_language). A plain form, CSRF-protected like the others,
// that works without JavaScript. It does not change the language of the pages, which follow the
// browser or the language switcher (middleware/locale.ts), and its hint says so.
import type Router from '@koa/router'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { LOCALE_NAMES, LOCALES } from '../../../src-shared/i18n/locales'
import type { Translator } from '../../../src-shared/i18n/translator'
import { updateAccount } from '../../accounts/admin'
import { actorOf } from '../../accounts/sessions'
import type { User } from '../../db/schema'
import { clientOf } from '../client'
import type { HttpState } from '../state'
import { CsrfField, Notice, type PageEnv } from './components'
import { csrfField, pageKit, type PageContext, type PageDeps } from './kit'
import { twoFactorSummary } from './second-factor-routes'
import { AccountPage } from './views'

const FIELD = 'preferredLanguage'
/** The section's id: the redirect after saving lands on it, so the notice is in view. */
const SECTION_ID = 'email-language'
const SAVED_NOTICE = 'language-saved'

const languageForm = z.strictObject({ ...csrfField, [FIELD]: z.enum(LOCALES) })

export function LanguagePreferenceForm(props: {
  env: PageEnv
  t: Translator
  current: User['preferred_language']
  saved?: boolean
  /** The form came back with something that is not one of the languages. */
  invalid?: boolean
}) {
  const { t, invalid } = props
  const hintId = `${FIELD}-hint`
  const errorId = `${FIELD}-error`
  return (
    <section aria-labelledby={SECTION_ID}>
      <h2 id={SECTION_ID}>{t.t('mail.languagePreference.heading')}</h2>
      {props.saved ? (
        <Notice kind="success">{t.t('mail.languagePreference.saved', { language: LOCALE_NAMES[props.current] })}</Notice>
      ) : null}
      <form method="post" action="/account/language">
        <CsrfField env={props.env} />
        <div className={`field${invalid ? ' field-invalid' : ''}`}>
          <label htmlFor={FIELD}>{t.t('mail.languagePreference.label')}</label>
          <p className="hint" id={hintId}>
            {t.t('mail.languagePreference.hint')}
          </p>
          {invalid ? (
            <ul className="field-error" id={errorId}>
              <li>{t.t('mail.languagePreference.invalid')}</li>
            </ul>
          ) : null}
          <select
            id={FIELD}
            name={FIELD}
            defaultValue={props.current}
            aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
            aria-invalid={invalid ? true : undefined}
            // After a refused form the person starts at the problem (autofocus works without JavaScript).
            autoFocus={invalid}
          >
            {LOCALES.map((locale) => (
              // Each name in its own language, marked so, for screen readers (WCAG 3.1.2).
              <option key={locale} value={locale} lang={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit">{t.t('mail.languagePreference.save')}</button>
        </div>
      </form>
    </section>
  )
}

/** The section as the account page shows it to the signed-in person. */
export function languageSection(ctx: PageContext, env: PageEnv, user: User, invalid = false): ReactNode {
  return (
    <LanguagePreferenceForm
      env={env}
      t={ctx.state.t}
      current={user.preferred_language}
      saved={!invalid && ctx.query.notice === SAVED_NOTICE}
      invalid={invalid}
    />
  )
}

export function languagePreferenceRoutes(deps: PageDeps, router: Router<HttpState>): void {
  const { app } = deps
  const { env, render, seeOther, readForm } = pageKit(deps)

  router.post('/account/language', async (ctx) => {
    // The form token first: a form from elsewhere is refused (403) before anything is read.
    const form = readForm(ctx, languageForm)
    const session = ctx.state.session
    if (!session) return seeOther(ctx, '/login?notice=session-ended')
    const { user } = session
    if (user.must_change_password) return seeOther(ctx, '/account/new-password')
    if (!form.ok) {
      const pageEnv = env(ctx)
      const twoFactor = await twoFactorSummary(app, user)
      const language = languageSection(ctx, pageEnv, user, true)
      const minLength = app.config.passwordMinLength
      return render(ctx, 400, <AccountPage env={pageEnv} user={user} minLength={minLength} twoFactor={twoFactor} language={language} />)
    }
    // Audited as the person's own change of their account (user_updated). Only a change of role or
    // status can be refused, so this one always succeeds.
    await updateAccount(app, user, { preferredLanguage: form.data[FIELD] }, actorOf(session), clientOf(ctx))
    // After the redirect, a reload does not send the form again.
    seeOther(ctx, `/account?notice=${SAVED_NOTICE}#${SECTION_ID}`)
  })
}
