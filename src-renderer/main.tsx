// The renderer's entry: the stylesheet (a file, as the CSP allows no injected styles), what happens
// when the session ends, the console's language (asked of the main process before the first
// paint, so no screen flashes in English first), and the app.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { sessionEnded } from './actions'
import { App } from './app'
import { useLocale } from './i18n'
import { consoleClient, whenSessionEnds } from './lib/console-client'
import './styles.css'
import './screens.css'

// A signed-in call that finds the session ended, on any screen, brings the admin back to sign-in.
whenSessionEnds(sessionEnded)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
void consoleClient.getLanguage().then((language) => {
  // Without an answer the console still starts, in English, and says what failed in it.
  if (language) useLocale.getState().setLocale(language.locale)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
})
