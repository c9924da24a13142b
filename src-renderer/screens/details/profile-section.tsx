import type { ReactNode } from 'react'
import type { UserView } from '../../../src-shared/ipc'
import { RoleBadge, StatusBadge } from '../../components/status-badge'
import { formatDateTime, formatRelative } from '../../lib/format'

export function ProfileSection({ user }: { user: UserView }) {
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <dl className="facts">
        <Fact term="Name">{user.displayName}</Fact>
        <Fact term="Username">
          <span className="mono">{user.username}</span>
        </Fact>
        <Fact term="Email">{user.email}</Fact>
        <Fact term="Role">
          <RoleBadge user={user} />
        </Fact>
        <Fact term="Status">
          <StatusBadge user={user} />
        </Fact>
        <Fact term="Last sign-in">{user.lastSignInAt ? <When iso={user.lastSignInAt} /> : <span className="muted">Never</span>}</Fact>
        <Fact term="Password">
          <PasswordFact user={user} />
        </Fact>
        <Fact term="Account created">
          <When iso={user.createdAt} />
        </Fact>
      </dl>
    </section>
  )
}

function PasswordFact({ user }: { user: UserView }) {
  if (!user.hasPassword) return <span className="muted">Has not chosen a password yet</span>
  return (
    <>
      {user.passwordChangedAt ? (
        <>
          Last changed <When iso={user.passwordChangedAt} />
        </>
      ) : (
        'Set'
      )}
      {user.mustChangePassword && <span className="fact-note">Must choose a new password at next sign-in</span>}
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

export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso}>
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso)})</span>
    </time>
  )
}
