// Turns message ids into text in one language (ICU MessageFormat, via FormatJS's intl-messageformat),
// and formats dates, numbers and lists the way that language writes them (Intl).
import { IntlMessageFormat, type PrimitiveType, type FormatXMLElementFn } from 'intl-messageformat'
import { estimatorFeedback } from './estimator-feedback'
import { DEFAULT_LOCALE, isLocale, PSEUDO_LOCALE, type Locale } from './locales'
import { de, en, type Catalogue, type MessageId } from './messages/index'
import { pseudoMessage } from './pseudo'

export type { MessageId } from './messages/index'
/**
 * A message's values: text and numbers, or one of the password estimator's feedback keys
 * ({ estimator: 'warnings.commonNames' }), which the estimator's own language packages put into words.
 */
export type MessageValues = Record<string, PrimitiveType | EstimatorText>
export interface EstimatorText {
  estimator: string
}

/** A message to translate later, in the language of whoever finally reads it (a response, an email). */
export interface Message {
  id: MessageId
  values?: MessageValues | undefined
}

export function msg(id: MessageId, values?: MessageValues): Message {
  return values ? { id, values } : { id }
}

export function isMessageId(value: string): value is MessageId {
  return Object.hasOwn(en, value)
}

const CATALOGUES: Record<Exclude<Locale, typeof PSEUDO_LOCALE>, Catalogue> = { en, de }

/** The one format TextUp shows a moment in: "3 Dec 2026, 14:05" / "03.12.2026, 14:05". */
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }

export interface Translator {
  readonly locale: Locale
  /** The message in this language, placeholders filled in. */
  t: (id: MessageId, values?: MessageValues) => string
  /** A message to show later, translated now. */
  text: (message: Message) => string
  /** A message whose tags (<b>…</b>) and values are the caller's own elements (React nodes, say). */
  rich: <T>(id: MessageId, values: Record<string, PrimitiveType | T | FormatXMLElementFn<T>>) => Array<string | T>
  /** A moment, in the viewer's time zone unless one is given. */
  dateTime: (date: Date | string | number, options?: Intl.DateTimeFormatOptions) => string
  /** "a, b and c" (or "a, b or c"). */
  list: (items: readonly string[], type?: 'conjunction' | 'disjunction') => string
  number: (value: number) => string
}

const translators = new Map<Locale, Translator>()

export function translator(locale: Locale = DEFAULT_LOCALE): Translator {
  const known = translators.get(locale)
  if (known) return known
  const created = createTranslator(isLocale(locale) ? locale : DEFAULT_LOCALE)
  translators.set(locale, created)
  return created
}

function createTranslator(locale: Locale): Translator {
  // en-XA formats numbers and dates as English does; only its words are pseudo-translated.
  const intlLocale = locale === PSEUDO_LOCALE ? 'en' : locale
  const formats = new Map<MessageId, IntlMessageFormat>()
  const format = (id: MessageId): IntlMessageFormat => {
    let compiled = formats.get(id)
    if (!compiled) {
      const source = locale === PSEUDO_LOCALE ? pseudoMessage(en[id]) : CATALOGUES[locale][id]
      compiled = new IntlMessageFormat(source, intlLocale)
      formats.set(id, compiled)
    }
    return compiled
  }
  const resolve = (values: MessageValues | undefined): Record<string, PrimitiveType> | undefined =>
    values &&
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        typeof value === 'object' && value !== null && !(value instanceof Date) ? estimatorFeedback(locale, value.estimator) : value,
      ]),
    )
  const t = (id: MessageId, values?: MessageValues): string => String(format(id).format(resolve(values)))
  return {
    locale,
    t,
    text: (message) => t(message.id, message.values),
    rich: <T>(id: MessageId, values: Record<string, PrimitiveType | T | FormatXMLElementFn<T>>) => {
      const result = format(id).format<T>(values)
      return Array.isArray(result) ? result : [result]
    },
    dateTime: (date, options = DATE_TIME) => new Intl.DateTimeFormat(intlLocale, options).format(new Date(date)),
    list: (items, type = 'conjunction') => new Intl.ListFormat(intlLocale, { style: 'long', type }).format(items),
    number: (value) => new Intl.NumberFormat(intlLocale).format(value),
  }
}
