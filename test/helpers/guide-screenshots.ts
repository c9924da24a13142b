// The user guide's pictures (docs/user-guide.md) are taken by its keyboard-only runs, at each step
// the guide describes, so the guide always shows the current screens. Only `npm run
// docs:screenshots` (scripts/docs-screenshots.sh) sets DOCS_SCREENSHOTS=1: an ordinary test run
// takes none and never rewrites docs/.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const GUIDE_IMAGES_DIR = path.join(REPO_ROOT, 'docs', 'images')

/** The browser window the pages are pictured in: small enough to read on a phone, wide enough for the form. */
export const PAGES_VIEWPORT = { width: 1000, height: 700 }

/**
 * The instant the console's server believes it is while the pictures are taken, so dates in them
 * (last changed, recent activity) read the same on every run. A future date: the console compares
 * session expiry times from the server with its own clock.
 */
export const GUIDE_TIME = new Date('2027-03-15T09:30:00Z')

export function takingGuideScreenshots(): boolean {
  return process.env.DOCS_SCREENSHOTS === '1'
}

/**
 * Saves what the window shows to docs/images/<name>.png when DOCS_SCREENSHOTS=1. The viewport only
 * (its size is fixed by the spec), with animations finished and the text caret hidden, so two runs
 * on the same build give the same picture. `hide` lists CSS selectors left out of the picture.
 */
export async function guideScreenshot(page: Page, name: string, options: { hide?: string[] } = {}): Promise<void> {
  if (!takingGuideScreenshots()) return
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Screenshot names are lowercase words and dashes: ${name}`)
  await mkdir(GUIDE_IMAGES_DIR, { recursive: true })
  // Fonts and the strength meter settle before the picture, as a person would see them.
  await page.evaluate(() =>
    (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => undefined),
  )
  // `hide`: parts whose content depends on timing, not on the step (see the spec), left out of the
  // picture only (display: none). Set through the CSSOM, which the pages' CSP allows (a <style> or style="" it blocks).
  const selector = options.hide?.join(', ') ?? ''
  const setHidden = (hidden: boolean) =>
    page.evaluate(
      ({ selector, hidden }) => {
        type Styled = { style: { display: string } }
        const document = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<Styled> } }).document
        for (const element of document.querySelectorAll(selector)) element.style.display = hidden ? 'none' : ''
      },
      { selector, hidden },
    )
  if (selector) await setHidden(true)
  try {
    await page.screenshot({ path: path.join(GUIDE_IMAGES_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' })
  } finally {
    if (selector) await setHidden(false)
  }
}
