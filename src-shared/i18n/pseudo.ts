// The pseudo-locale (en-XA), made from the English catalogue: every letter accented, every message
// 40 % longer and bracketed. Placeholders, plurals and tags keep working, so a screen in en-XA shows
// at a glance any text that did not come from a catalogue, and any text a layout cuts off.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, i) => [
    letter,
    [...'àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!,
  ]),
)

/** Pseudo-translated messages start and end with these. */
export const PSEUDO_START = '⟦'
export const PSEUDO_END = '⟧'

function accent(text: string): string {
  return [...text].map((c) => ACCENTED[c] ?? c).join('')
}

function pseudoElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    switch (element.type) {
      case TYPE.literal:
        return { ...element, value: accent(element.value) }
      case TYPE.plural:
      case TYPE.select:
        return {
          ...element,
          options: Object.fromEntries(
            Object.entries(element.options).map(([key, option]) => [key, { ...option, value: pseudoElements(option.value) }]),
          ),
        }
      case TYPE.tag:
        return { ...element, children: pseudoElements(element.children) }
      default:
        return element
    }
  })
}

function visibleLength(elements: MessageFormatElement[]): number {
  return elements.reduce(
    (sum, e) => sum + (e.type === TYPE.literal ? e.value.length : e.type === TYPE.tag ? visibleLength(e.children) : 4),
    0,
  )
}

/** One English message in the pseudo-locale, as a parsed message for IntlMessageFormat. */
export function pseudoMessage(english: string): MessageFormatElement[] {
  const elements = pseudoElements(parse(english))
  const padding = '·'.repeat(Math.ceil(visibleLength(elements) * 0.4))
  return [
    { type: TYPE.literal, value: PSEUDO_START },
    ...elements,
    { type: TYPE.literal, value: padding ? ` ${padding}${PSEUDO_END}` : PSEUDO_END },
  ]
}
