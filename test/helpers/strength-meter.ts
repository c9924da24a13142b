// The strength meter's markup, which the pages (test/e2e/strength-meter.spec.ts) and the console
// (test/console/password-fields.spec.ts) must share (src-shared/strength-meter.ts), and small
// probes of fields. The tests' TypeScript program has no DOM library: the few DOM types used here.
import type { Locator } from '@playwright/test'

interface Node {
  tagName: string
  className: string
  classList: { contains(name: string): boolean } & Iterable<string>
  children: Iterable<Node>
  getAttribute(name: string): string | null
  getBoundingClientRect(): { width: number }
}
interface Input {
  selectionStart: number | null
  setSelectionRange(start: number, end: number): void
}
interface Window {
  getComputedStyle(this: void, element: Node): { backgroundColor: string; backgroundImage: string }
}

/** The meter's elements as "tag.class" paths, without the pages' delayed announcement (a copy of the text for screen readers). */
export function meterMarkup(meter: Locator): Promise<string[]> {
  return meter.evaluate((root) => {
    const paths: string[] = []
    const walk = (element: Node, prefix: string) => {
      if (element.classList.contains('strength-announce')) return
      const hidden = element.getAttribute('aria-hidden') === 'true' ? '[aria-hidden]' : ''
      const path = `${prefix}${element.tagName.toLowerCase()}.${[...element.classList].join('.')}${hidden}`
      paths.push(path)
      for (const child of element.children) walk(child, `${path} > `)
    }
    walk(root as unknown as Node, '')
    return paths
  })
}

/** The markup both meters have. */
export const METER_MARKUP = [
  'div.strength',
  'div.strength > div.strength-bar[aria-hidden]',
  'div.strength > div.strength-bar[aria-hidden] > div.strength-fill',
  'div.strength > p.strength-text',
  'div.strength > p.strength-text > span.strength-label',
]

/** A meter's fill: how wide it is drawn, and how it looks. */
export function fillOf(meter: Locator): Promise<{ width: number; look: string }> {
  return meter.locator('.strength-fill').evaluate((element) => {
    const node = element as unknown as Node
    const style = (globalThis as unknown as Window).getComputedStyle(node)
    return { width: node.getBoundingClientRect().width, look: `${style.backgroundColor} ${style.backgroundImage}` }
  })
}

/** The children of a field, by class (or tag, when they have none), in order. */
export function partsOf(fieldBox: Locator): Promise<string[]> {
  return fieldBox.evaluate((element) =>
    [...(element as unknown as Node).children].map((child) => child.className || child.tagName.toLowerCase()),
  )
}

export function caretOf(input: Locator): Promise<number | null> {
  return input.evaluate((element) => (element as unknown as Input).selectionStart)
}

export function putCaret(input: Locator, at: number): Promise<void> {
  return input.evaluate((element, position) => (element as unknown as Input).setSelectionRange(position, position), at)
}
