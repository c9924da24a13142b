import { useId, useState, type ReactNode } from 'react'
import type { UserView } from '../../../src-shared/ipc'
import { rich } from '../../../src-shared/i18n/react'
import { RoleBadge, StatusBadge } from '../../components/status-badge'
import { currentT, useT } from '../../i18n'
import { consoleClient, isSessionEnd } from '../../lib/console-client'
import { announce } from '../../stores/notices'
import { LanguageSelect, languageInSentence, type EmailLanguage } from './language-select'
import { When } from './when'

interface ProfileSectionProps {
  user: UserView
  /** The admin changed something here: the details (and the activity) have news. */
  onUserChanged: (user: UserView) => void
}

export function ProfileSection({ user, onUserChanged }: ProfileSectionProps) {
  const t = useT()
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t.t('console.profile.heading')}</h2>
      <dl className="facts">
        <Fact term={t.t('console.profile.name')}>{user.displayName}</Fact>
        <Fact term={t.t('console.profile.username')}>
          <span className="mono">{user.username}</span>
        </Fact>
        <Fact term={t.t('console.profile.email')}>{user.email}</Fact>
        <Fact term={t.t('console.profile.role')}>
          <RoleBadge user={user} />
        </Fact>
        <Fact term={t.t('console.profile.status')}>
          <StatusBadge user={user} />
        </Fact>
        <EmailLanguageFact user={user} onUserChanged={onUserChanged} />
        <Fact term={t.t('console.profile.lastSignIn')}>
          {user.lastSignInAt ? <When iso={user.lastSignInAt} /> : <span className="muted">{t.t('console.profile.never')}</span>}
        </Fact>
        <Fact term={t.t('console.profile.password')}>
          <PasswordFact user={user} />
        </Fact>
        <Fact term={t.t('console.profile.created')}>
          <When iso={user.createdAt} />
        </Fact>
      </dl>
    </section>
  )
}

/** The language of the person's emails: changed here, saved as soon as it is chosen. */
function EmailLanguageFact({ user, onUserChanged }: ProfileSectionProps) {
  const t = useT()
  const id = useId()
  /** The language being saved, shown until the server answers. */
  const [saving, setSaving] = useState<EmailLanguage | null>(null)

  async function save(language: EmailLanguage) {
    if (saving !== null || language === user.preferredLanguage) return
    setSaving(language)
    const outcome = await consoleClient.updateUser(user.id, { preferredLanguage: language })
    setSaving(null)
    const now = currentT()
    if (outcome.ok) {
      onUserChanged(outcome.value)
      announce(now.t('console.profile.languageSaved', { name: user.displayName, language: languageInSentence(now, language) }))
    } else if (!isSessionEnd(outcome.error)) {
      const reason = [outcome.error.title, outcome.error.detail].filter(Boolean).join(' ')
      announce(now.t('console.profile.languageFailed', { name: user.displayName, reason }), 'error')
    }
  }

  return (
    <div className="fact">
      <dt>
        <label htmlFor={id}>{t.t('console.emailLanguage.label')}</label>
      </dt>
      <dd>
        <LanguageSelect
          id={id}
          value={saving ?? user.preferredLanguage}
          busy={saving !== null}
          describedBy={`${id}-hint`}
          onChange={(language) => void save(language)}
        />
        {saving !== null && (
          <span className="muted" role="status">
            {' '}
            {t.t('console.profile.languageSaving')}
          </span>
        )}
        <p id={`${id}-hint`} className="hint">
          {t.t('console.emailLanguage.hint')}
        </p>
      </dd>
    </div>
  )
}

function PasswordFact({ user }: { user: UserView }) {
  const t = useT()
  if (!user.hasPassword) return <span className="muted">{t.t('console.profile.noPasswordYet')}</span>
  return (
    <>
      {user.passwordChangedAt
        ? rich(t, 'console.profile.passwordChanged', { when: <When iso={user.passwordChangedAt} /> })
        : t.t('console.profile.passwordSet')}
      {user.mustChangePassword && <span className="fact-note">{t.t('console.profile.mustChange')}</span>}
    </>
  )
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}
