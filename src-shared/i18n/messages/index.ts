// Every message catalogue, one file per area and language. German must have every English key:
// its files are typed by the English ones, so a missing or extra key fails the typecheck, and
// test/shared/i18n-catalogues.test.ts checks that each translation uses the same placeholders.
import { apiDe } from './api.de'
import { apiEn } from './api.en'
import { commonDe } from './common.de'
import { commonEn } from './common.en'
import { consoleDe } from './console.de'
import { consoleEn } from './console.en'
import { mailDe } from './mail.de'
import { mailEn } from './mail.en'
import { nativeDe } from './native.de'
import { nativeEn } from './native.en'
import { pagesDe } from './pages.de'
import { pagesEn } from './pages.en'
import { policyDe } from './policy.de'
import { policyEn } from './policy.en'
import { startDe } from './start.de'
import { startEn } from './start.en'

export const en = { ...commonEn, ...pagesEn, ...apiEn, ...policyEn, ...mailEn, ...startEn, ...consoleEn, ...nativeEn }
export type MessageId = keyof typeof en
export type Catalogue = Record<MessageId, string>

export const de: Catalogue = { ...commonDe, ...pagesDe, ...apiDe, ...policyDe, ...mailDe, ...startDe, ...consoleDe, ...nativeDe }
