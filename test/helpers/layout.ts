// What a person sees of a page's layout, measured in the browser: sideways scrolling, text cut
// off, focus rings, motion. Used by the accessibility specs of the pages and the console.
import type { Locator, Page } from '@playwright/test'

// The few DOM types the probes below use (the tests' TypeScript program has no DOM library: its
// code runs in Node; only these function bodies run in the page).
interface Style {
  overflowX: string
  textOverflow: string
  animationName: string
  animationDuration: string
  transitionProperty: string
  transitionDuration: string
  outlineStyle: string
  outlineWidth: string
  outlineColor: string
  backgroundColor: string
  color: string
  borderTopStyle: string
  borderTopColor: string
  borderTopWidth: string
}
interface Box {
  width: number
  height: number
  right: number
}
interface Element {
  tagName: string
  id: string
  className: unknown
  textContent: string | null
  childNodes: Iterable<{ nodeType: number; textContent: string | null }>
  scrollWidth: number
  clientWidth: number
  getBoundingClientRect(): Box
  checkVisibility(): boolean
  closest(selector: string): Element | null
  matches(selector: string): boolean
}
interface Window {
  document: {
    documentElement: Element
    body: Element & { querySelectorAll(selector: string): Iterable<Element> }
    querySelectorAll(selector: string): Iterable<Element>
    querySelector(selector: string): Element | null
  }
  innerWidth: number
  getComputedStyle(this: void, element: Element, pseudo?: string | null): Style
}

/** How wide the document's content is: more than the window means scrolling (or content lost) sideways. */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as Window).document.documentElement.scrollWidth)
}

/**
 * Elements whose text is cut off: clipped by their own box (overflow hidden, an ellipsis) or pushed
 * past the window's right edge. Visually hidden text (1 px, for screen readers) is not "seen"
 * anyway, and elements matching `allowed` are left out (say why where you pass it).
 */
export function cutOffText(page: Page, allowed = ''): Promise<string[]> {
  return page.evaluate((allowed) => {
    const { document, getComputedStyle, innerWidth } = globalThis as unknown as Window
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`
    const found: string[] = []
    for (const element of document.body.querySelectorAll('*')) {
      if (allowed && element.closest(allowed)) continue
      const hasText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent?.trim())
      const box = element.getBoundingClientRect()
      if (box.width <= 1 || box.height <= 1 || !element.checkVisibility()) continue
      const style = getComputedStyle(element)
      const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis'
      if (clips && element.textContent?.trim() && element.scrollWidth > element.clientWidth + 1)
        found.push(`${describe(element)} is clipped (${element.scrollWidth} > ${element.clientWidth} px)`)
      else if (hasText && box.right > innerWidth + 1) found.push(`${describe(element)} runs past the window's edge`)
    }
    return found
  }, allowed)
}

/** Animations and transitions longer than 0.01 s on any element (its ::before and ::after too). */
export function longMotions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as Window
    const seconds = (list: string) =>
      Math.max(...list.split(',').map((value) => (value.trim().endsWith('ms') ? parseFloat(value) / 1000 : parseFloat(value))))
    const found: string[] = []
    for (const element of document.querySelectorAll('*'))
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo)
        const name = `${element.tagName.toLowerCase()}.${String(element.className)}${pseudo ?? ''}`
        if (style.animationName !== 'none' && seconds(style.animationDuration) > 0.01)
          found.push(`${name}: animation ${style.animationName} ${style.animationDuration}`)
        if (style.transitionProperty !== 'none' && seconds(style.transitionDuration) > 0.01)
          found.push(`${name}: transition ${style.transitionProperty} ${style.transitionDuration}`)
      }
    return found
  })
}

/**
 * Focuses a control as the keyboard does and reads its focus ring: at least 2 px, solid or
 * otherwise drawn, not transparent. (A key press first, so the browser treats the focus as
 * keyboard focus and :focus-visible applies.)
 */
export async function focusRing(page: Page, control: Locator): Promise<{ visible: boolean; ring: string }> {
  await page.keyboard.press('Shift')
  await control.focus()
  return control.evaluate((node) => {
    const { getComputedStyle } = globalThis as unknown as Window
    const element = node as unknown as Element
    const style = getComputedStyle(element)
    const width = parseFloat(style.outlineWidth)
    const ring = `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; focus-visible: ${element.matches(':focus-visible')}`
    const transparent = /rgba\(.*,\s*0\)$/.test(style.outlineColor) || style.outlineColor === 'transparent'
    return { visible: style.outlineStyle !== 'none' && width >= 2 && !transparent, ring }
  })
}

/** Whether the strength meter's filled part looks different from its empty track. */
export function strengthMeterShows(page: Page, fill = '.strength-fill', track = '.strength-bar'): Promise<boolean> {
  return page.evaluate(
    ({ fill, track }) => {
      const { document, getComputedStyle } = globalThis as unknown as Window
      const filled = document.querySelector(fill)
      const empty = document.querySelector(track)
      if (!filled || !empty) return false
      const look = (element: Element) => {
        const style = getComputedStyle(element)
        return `${style.backgroundColor} ${style.borderTopStyle} ${style.borderTopColor}`
      }
      return filled.getBoundingClientRect().width > 0 && look(filled) !== look(empty)
    },
    { fill, track },
  )
}

/** An element's top border as drawn, and a short description of the element for messages. */
export function edgeOf(control: Locator): Promise<{ style: string; width: number; element: string }> {
  return control.evaluate((node) => {
    const { getComputedStyle } = globalThis as unknown as Window
    const element = node as unknown as Element & { outerHTML: string }
    const style = getComputedStyle(element)
    return { style: style.borderTopStyle, width: parseFloat(style.borderTopWidth), element: element.outerHTML.slice(0, 100) }
  })
}

/** An element's text and background colours as drawn. */
export function coloursOf(element: Locator): Promise<{ color: string; background: string }> {
  return element.evaluate((node) => {
    const { getComputedStyle } = globalThis as unknown as Window
    const style = getComputedStyle(node as unknown as Element)
    return { color: style.color, background: style.backgroundColor }
  })
}
