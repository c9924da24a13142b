import { useState } from 'react'
import { signOut } from '../actions'
import { useAdmin } from '../stores/session'
import { BusyButton } from './busy-button'

/** Who is signed in, to which server, and the way out. */
export function TopBar() {
  const admin = useAdmin()
  const [busy, setBusy] = useState(false)
  return (
    <header className="top-bar">
      <p className="brand">
        TextUp <span className="brand-product">Admin console</span>
      </p>
      <dl className="top-bar-facts">
        <div>
          <dt>Server</dt>
          <dd className="mono">{admin.serverUrl}</dd>
        </div>
        <div>
          <dt>Signed in as</dt>
          <dd>
            {admin.user.displayName} <span className="muted">({admin.user.username})</span>
          </dd>
        </div>
      </dl>
      <BusyButton
        type="button"
        variant="secondary"
        busy={busy}
        busyLabel="Signing out…"
        onClick={() => {
          setBusy(true)
          void signOut().finally(() => setBusy(false))
        }}
      >
        Sign out
      </BusyButton>
    </header>
  )
}
