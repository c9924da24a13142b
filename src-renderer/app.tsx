// The console's top level: the screen for the current phase, the notices, the menu commands.
import { useEffect } from 'react'
import { StartupNotices } from './components/startup-notices'
import { Toasts } from './components/toasts'
import { TopBar } from './components/top-bar'
import { useMenuCommands } from './hooks/use-menu-commands'
import { CreateUserDialog } from './screens/create-user-dialog'
import { UserDetailsScreen } from './screens/details/user-details-screen'
import { FirstAdminScreen } from './screens/first-admin-screen'
import { SecondFactorScreen } from './screens/second-factor-screen'
import { SignInScreen } from './screens/sign-in-screen'
import { StartingScreen, StartupFailedScreen } from './screens/starting-screen'
import { UsersScreen } from './screens/users/users-screen'
import { useNavigation } from './stores/navigation'
import { useSession } from './stores/session'

export function App() {
  const phase = useSession((state) => state.phase)
  const start = useSession((state) => state.start)
  useMenuCommands()
  useEffect(() => {
    void start()
  }, [start])

  return (
    <div className="app">
      <StartupNotices />
      {phase === 'starting' && <StartingScreen />}
      {phase === 'startup-failed' && <StartupFailedScreen />}
      {phase === 'first-admin' && <FirstAdminScreen />}
      {phase === 'sign-in' && <SignInScreen />}
      {phase === 'second-factor' && <SecondFactorScreen />}
      {phase === 'signed-in' && <SignedIn />}
      <Toasts />
    </div>
  )
}

function SignedIn() {
  const view = useNavigation((state) => state.view)
  return (
    <>
      <TopBar />
      {view.name === 'users' ? <UsersScreen /> : <UserDetailsScreen key={view.userId} userId={view.userId} snapshot={view.snapshot} />}
      <CreateUserDialog />
    </>
  )
}
