// What a keyboard-only person relies on after every key: focus is on the control they need next
// (or on the error that tells them what to fix), and they can see where it is. Used by the user
// guide's keyboard-only runs (test/e2e/guide-keyboard.spec.ts, test/console/guide-keyboard.spec.ts).
import { expect, type Locator, type Page } from '@playwright/test'

// The browser's own objects, as much of them as is used here (this project's Node typings have no DOM).
interface BrowserElement {
  tagName: string
  id: string
  textContent: string | null
  getAttribute(name: string): string | null
  matches(selector: string): boolean
}
interface BrowserWindow {
  document: { activeElement: BrowserElement | null; body: BrowserElement; documentElement: BrowserElement }
  getComputedStyle(element: BrowserElement): { outlineStyle: string; outlineWidth: string; boxShadow: string }
}

interface FocusState {
  /** A short description of document.activeElement, for failure messages. */
  element: string
  /** The element draws a focus indicator: an outline or a box shadow. */
  indicated: boolean
  matchesFocusVisible: boolean
}

function focusState(page: Page): Promise<FocusState | null> {
  return page.evaluate(() => {
    const browser = globalThis as unknown as BrowserWindow
    const element = browser.document.activeElement
    if (!element || element === browser.document.body || element === browser.document.documentElement) return null
    const style = browser.getComputedStyle(element)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== ''
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? ''
    return {
      element: `<${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}> ${name}`,
      indicated: outline || shadow,
      matchesFocusVisible: element.matches(':focus-visible'),
    }
  })
}

/** Focus is on `target`, in view, and drawn so a sighted keyboard user can see it. */
export async function expectVisibleFocusOn(target: Locator): Promise<void> {
  await expect(target).toBeFocused()
  await expect(target).toBeInViewport()
  const state = await focusState(target.page())
  expect(state?.indicated, `focus should be visible on ${state?.element ?? 'nothing'}`).toBe(true)
}

/**
 * Focus is on `target`, a heading or a message that focus is moved to so a screen reader reads it
 * first (tabindex="-1", not a control: it draws no ring). The person's next Tab starts from here.
 */
export async function expectReadingFocusOn(target: Locator): Promise<void> {
  await expect(target).toBeFocused()
  await expect(target).toBeInViewport()
  await expect(target).toHaveAttribute('tabindex', '-1')
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, as a person moves through a screen. Every
 * control passed on the way must show its focus too. Fails after `max` presses.
 */
export async function tabTo(target: Locator, options: { backwards?: boolean; max?: number } = {}): Promise<number> {
  const page = target.page()
  const key = options.backwards ? 'Shift+Tab' : 'Tab'
  const max = options.max ?? 15
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(key)
    const state = await focusState(page)
    expect(state, `${key} should move focus to a control, not to the page itself`).not.toBeNull()
    expect(state?.indicated, `focus should be visible on ${state?.element ?? 'nothing'}`).toBe(true)
    if (await target.evaluate((element) => element === (globalThis as unknown as BrowserWindow).document.activeElement)) {
      await expectVisibleFocusOn(target)
      return presses
    }
  }
  throw new Error(`${key} pressed ${max} times did not reach ${target.toString()}`)
}

/** Exactly one element matches :focus-visible: the browser itself treats this focus as keyboard focus. */
export async function expectKeyboardFocus(page: Page): Promise<void> {
  await expect(page.locator(':focus-visible')).toHaveCount(1)
}
