// Rich messages in React (server pages, emails and the console): tags in a message become elements.
import { createElement, Fragment, type ReactNode } from 'react'
import type { FormatXMLElementFn, PrimitiveType } from 'intl-messageformat'
import type { MessageId, Translator } from './translator'

/** `<Rich t={t} id="…" values={{ b: (chunks) => <strong>{chunks}</strong>, name }} />` */
export function rich(
  translator: Translator,
  id: MessageId,
  values: Record<string, PrimitiveType | ReactNode | FormatXMLElementFn<ReactNode>>,
): ReactNode {
  // Spread as separate children, so React needs no keys for the parts.
  return createElement(Fragment, null, ...translator.rich<ReactNode>(id, values))
}
