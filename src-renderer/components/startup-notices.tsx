import { useState } from 'react'
import { useT } from '../i18n'
import { useSession } from '../stores/session'
import { Icon } from './icon'

/**
 * What the main process wants the admin to know at start (a keychain that is not available…): never
 * blocking, but something to act on, so a warning (amber) rather than plain information.
 */
export function StartupNotices() {
  const t = useT()
  const notices = useSession((state) => state.startup?.notices ?? NONE)
  const [dismissed, setDismissed] = useState(false)
  if (dismissed || notices.length === 0) return null
  return (
    <section className="banner" aria-label={t.t('start.notices.label')} role="status">
      <Icon name="warning" className="banner-icon" />
      <ul className="banner-list">
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
      <button type="button" className="button button-quiet" onClick={() => setDismissed(true)}>
        {t.t('start.notices.dismiss')}
      </button>
    </section>
  )
}

const NONE: string[] = []
