// The renderer's entry: the stylesheet (a file, as the CSP allows no injected styles), what happens
// when the session ends, and the app.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { sessionEnded } from './actions'
import { App } from './app'
import { whenSessionEnds } from './lib/console-client'
import './styles.css'
import './screens.css'

// A signed-in call that finds the session ended, on any screen, brings the admin back to sign-in.
whenSessionEnds(sessionEnded)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
