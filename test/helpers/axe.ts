// Accessibility, checked: axe-core's WCAG 2.0/2.1/2.2 A and AA rules on a page as it is now, in the
// state the test has brought it to. Zero violations are allowed; a failure lists each one with the
// rule, how serious axe rates it, the elements it found and where to read more.
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * Findings discussed rather than fixed, each for one rule on one element (listed in README, "Accessibility"):
 * - scrollable-region-focusable on the console's users grid body. The body scrolls but is not focusable
 *   itself: the grid around it is (role=grid, tabindex=0, aria-activedescendant: the ARIA grid pattern),
 *   and moving the active row with the arrow keys, Page Up/Down, Home and End scrolls the body to that
 *   row (test/console/users-list.spec.ts walks thousands of rows by keyboard). Making the body focusable
 *   as well would add a second tab stop that does nothing, and a click on a row would take focus away
 *   from the grid's keyboard handling.
 */
const DISCUSSED: ReadonlyArray<{ rule: string; target: string }> = [{ rule: 'scrollable-region-focusable', target: '.grid-body' }]

function discussed(rule: string, target: readonly unknown[]): boolean {
  return DISCUSSED.some((entry) => entry.rule === rule && target.length === 1 && target[0] === entry.target)
}

/** Runs axe on the page and fails the test, naming the state, on any violation. */
export async function expectAccessible(page: Page, stateName: string): Promise<void> {
  const results = await analyze(page).catch(async (error: unknown) => {
    // A page opened with JavaScript off: check the same document where scripts may run.
    if (!String(error).includes('cannot run scripts')) throw error
    const copy = await scriptableCopy(page)
    try {
      return await analyze(copy)
    } finally {
      await copy.context().close()
    }
  })
  const violations = results.violations
    .map((violation) => ({ ...violation, nodes: violation.nodes.filter((node) => !discussed(violation.id, node.target)) }))
    .filter((violation) => violation.nodes.length > 0)
  const problems = violations.map((violation) => {
    const nodes = violation.nodes.map(
      (node) => `    - ${node.target.join(' ')}${node.failureSummary ? `: ${node.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
    )
    return `  ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} — ${violation.helpUrl}\n${nodes.join('\n')}`
  })
  expect(problems, `axe found accessibility violations in "${stateName}":\n${problems.join('\n')}`).toEqual([])
}

function analyze(page: Page) {
  // Only violations are reported in detail: axe then skips describing every passing node, which
  // halves its time on these pages. Legacy mode runs axe in the page itself instead of opening a
  // blank tab to merge the results of frames: neither the pages nor the console have frames.
  return (
    new AxeBuilder({ page })
      .setLegacyMode()
      // options() replaces what withTags() set, so it comes first.
      .options({ resultTypes: ['violations'] })
      .withTags(WCAG_TAGS)
      .analyze()
  )
}

/**
 * axe is a script, and a page opened with JavaScript off cannot run one. This is the same document
 * (the HTML the server sent, its stylesheet) in a tab where scripts may run, with the page's own
 * script kept out so that it stays exactly as a browser without JavaScript shows it.
 */
async function scriptableCopy(page: Page): Promise<Page> {
  const html = await page.content()
  const url = page.url()
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true })
  await context.route('**/*', (route) => {
    const request = route.request()
    if (request.url() === url && request.resourceType() === 'document') return route.fulfill({ body: html, contentType: 'text/html' })
    if (request.resourceType() === 'script') return route.abort()
    return route.continue()
  })
  const copy = await context.newPage()
  await copy.goto(url)
  return copy
}
