// The pages of two-step sign-in: the second step after the password (a code, a recovery code or a
// passkey), a passkey sign-in on its own, and the person's second factors on /account/two-factor.
// Passkey ceremonies are run by /assets/passkeys.js: it fetches options from the …options routes
// (JSON, behind the same form token as every form) and posts the browser's answer as a form field.
import type Router from '@koa/router'
import { z } from 'zod'
import { displayNameSchema, passwordInputSchema, secondFactorCodeSchema } from '../../../src-shared/accounts'
import {
  addPasskey,
  regenerateRecoveryCodes,
  removeOwnTotp,
  removePasskey,
  type FactorChangeRefusal,
} from '../../accounts/factor-management'
import { factorsOf, mustEnrol, type FactorSummary } from '../../accounts/factors'
import { completeSignInWithPasskey, passkeyForSecondStep, startPasskeySignIn } from '../../accounts/passkey-sign-in'
import { listPasskeys, readPasskeyResponse, registrationOptions } from '../../accounts/passkeys'
import { completeSignInWithCode, type SecondStepResult } from '../../accounts/second-step'
import type { ActiveSession } from '../../accounts/sessions'
import { CHALLENGE_MINUTES, findChallenge } from '../../accounts/sign-in-challenges'
import { confirmTotpEnrolment, pendingTotpEnrolment, startTotpEnrolment } from '../../accounts/totp'
import type { AppContext } from '../../context'
import type { User } from '../../db/schema'
import { clientOf } from '../client'
import type { HttpState } from '../state'
import type { MessageId, Translator } from '../../../src-shared/i18n/translator'
import { csrfField, waitMinutes, pageKit, type PageContext, type PageDeps } from './kit'
import {
  RecoveryCodesPage,
  SecondStepPage,
  TotpSetupPage,
  TwoFactorPage,
  type FormProblem,
  type TwoFactorForm,
} from './second-factor-views'
import { SignInPage } from './views'

const code = secondFactorCodeSchema
const currentPassword = passwordInputSchema.min(1, { message: 'pages.fields.enterCurrentPassword' })
const credential = z.string().min(1, { message: 'pages.secondStep.credentialMissing' }).max(15_000)
const codeForm = z.strictObject({ ...csrfField, code })
const passkeyForm = z.strictObject({ ...csrfField, credential })
const emptyForm = z.strictObject(csrfField)
const removeTotpForm = z.strictObject({ ...csrfField, currentPassword, code })
const passwordForm = z.strictObject({ ...csrfField, currentPassword })
const addPasskeyForm = z.strictObject({ ...csrfField, name: displayNameSchema, credential })
const removePasskeyForm = z.strictObject({ ...csrfField, id: z.string().min(1).max(1024), currentPassword })

const TWO_FACTOR_NOTICES: Record<string, MessageId> = {
  'totp-removed': 'pages.twoFactor.notice.totpRemoved',
  'passkey-added': 'pages.twoFactor.notice.passkeyAdded',
  'passkey-removed': 'pages.twoFactor.notice.passkeyRemoved',
}

/** What the account page says about the person's second factors. */
export function twoFactorSummary(app: AppContext, user: Pick<User, 'id'>): Promise<FactorSummary> {
  return factorsOf(app.db, user.id)
}

/** Why a second step failed, in words the person can act on; undefined when they must start again. */
function secondStepProblem(
  t: Translator,
  result: Exclude<SecondStepResult, { ok: true }>,
): { status: number; message: string } | undefined {
  switch (result.reason) {
    case 'wrong_code':
      return { status: 401, message: t.t('pages.secondStep.wrongCode') }
    case 'code_used':
      return { status: 401, message: t.t('pages.secondStep.codeUsed') }
    case 'passkey_refused':
      return { status: 401, message: t.t('pages.secondStep.passkeyRefused') }
    case 'throttled':
      return { status: 429, message: t.t('pages.secondStep.throttled', { minutes: waitMinutes(result.retryAfterSeconds) }) }
    case 'challenge_invalid':
      return undefined
  }
}

export function secondFactorRoutes(deps: PageDeps, router: Router<HttpState>): void {
  const { app, cookies } = deps
  const { env, render, seeOther, readForm, json, signedIn } = pageKit(deps)

  const startAgain = (ctx: PageContext) => {
    cookies.clear(ctx, 'challenge')
    seeOther(ctx, '/login?notice=sign-in-expired')
  }

  /** The second-step page, with or without the passkey button. */
  async function renderSecondStep(ctx: PageContext, status: number, problem: { error?: string; errors?: Record<string, string[]> } = {}) {
    const token = cookies.get(ctx, 'challenge')
    const challenge = token ? await findChallenge(app.db, token, 'browser', app.clock()) : undefined
    if (!challenge?.user_id) return startAgain(ctx)
    const { passkeys } = await factorsOf(app.db, challenge.user_id)
    render(ctx, status, <SecondStepPage env={env(ctx)} passkeys={passkeys > 0} error={problem.error} errors={problem.errors} />)
  }

  async function answerSecondStep(ctx: PageContext, result: SecondStepResult) {
    if (result.ok) return signedIn(ctx, result, result.method === 'password+recovery_code' ? 'recovery-code-used' : undefined)
    const problem = secondStepProblem(ctx.state.t, result)
    if (!problem) return startAgain(ctx)
    if (result.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds))
    await renderSecondStep(ctx, problem.status, { error: problem.message })
  }

  router.get('/login/second-factor', (ctx) => renderSecondStep(ctx, 200))

  router.post('/login/second-factor', async (ctx) => {
    const form = readForm(ctx, codeForm)
    const token = cookies.get(ctx, 'challenge')
    if (!token) return startAgain(ctx)
    if (!form.ok) return renderSecondStep(ctx, 400, { errors: form.errors })
    await answerSecondStep(ctx, await completeSignInWithCode(app, { token, code: form.data.code, kind: 'browser', client: clientOf(ctx) }))
  })

  router.post('/login/second-factor/passkey-options', async (ctx) => {
    const form = readForm(ctx, emptyForm)
    const token = cookies.get(ctx, 'challenge')
    const prompt = form.ok && token ? await passkeyForSecondStep(app, token) : undefined
    if (!prompt) return json(ctx, 410, { error: ctx.state.t.t('pages.passkey.signInExpired') })
    json(ctx, 200, prompt.options)
  })

  router.post('/login/second-factor/passkey', async (ctx) => {
    const form = readForm(ctx, passkeyForm)
    const token = cookies.get(ctx, 'challenge')
    if (!token) return startAgain(ctx)
    const response = form.ok ? readPasskeyResponse(form.data.credential) : undefined
    if (!response) return renderSecondStep(ctx, 400, { error: ctx.state.t.t('pages.secondStep.passkeyUnreadable') })
    await answerSecondStep(ctx, await completeSignInWithPasskey(app, { token, response, client: clientOf(ctx) }))
  })

  // A passkey on its own, from the sign-in page.
  router.post('/login/passkey-options', async (ctx) => {
    const form = readForm(ctx, emptyForm)
    if (!form.ok) return json(ctx, 400, { error: ctx.state.t.t('pages.passkey.reload') })
    const prompt = await startPasskeySignIn(app)
    cookies.set(ctx, 'challenge', prompt.token!, { maxAgeSeconds: CHALLENGE_MINUTES * 60 })
    json(ctx, 200, prompt.options)
  })

  router.post('/login/passkey', async (ctx) => {
    const form = readForm(ctx, passkeyForm)
    const token = cookies.get(ctx, 'challenge')
    const response = form.ok ? readPasskeyResponse(form.data.credential) : undefined
    const result = token && response ? await completeSignInWithPasskey(app, { token, response, client: clientOf(ctx) }) : undefined
    if (result?.ok) return signedIn(ctx, result)
    cookies.clear(ctx, 'challenge')
    render(ctx, result ? 401 : 400, <SignInPage env={env(ctx)} error={ctx.state.t.t('pages.signIn.passkeyFailed')} />)
  })

  // The person's second factors ------------------------------------------------------------------

  async function renderTwoFactor(
    ctx: PageContext,
    session: ActiveSession,
    status: number,
    extra: { notice?: string; problem?: FormProblem } = {},
  ) {
    const { user } = session
    const factors = await factorsOf(app.db, user.id)
    const passkeys = await listPasskeys(app.db, user)
    render(
      ctx,
      status,
      <TwoFactorPage env={env(ctx)} factors={factors} passkeys={passkeys} enrolmentRequired={mustEnrol(app, user, factors)} {...extra} />,
    )
  }

  /** Answers a refused change on the two-step page, next to the form it came from. */
  async function refused(ctx: PageContext, session: ActiveSession, form: TwoFactorForm, refusal: FactorChangeRefusal) {
    if (refusal.reason === 'session_ended') return signedOut(ctx)
    if (refusal.reason === 'throttled') ctx.set('Retry-After', String(refusal.retryAfterSeconds))
    const field =
      refusal.reason === 'wrong_code'
        ? 'code'
        : refusal.reason === 'wrong_password' || refusal.reason === 'throttled'
          ? 'currentPassword'
          : 'name'
    const { t } = ctx.state
    const messages: Record<Exclude<FactorChangeRefusal['reason'], 'session_ended'>, string> = {
      wrong_password: t.t('pages.account.wrongPassword'),
      wrong_code: t.t('pages.twoFactor.wrongCode'),
      throttled: t.t('pages.twoFactor.throttled', {
        minutes: waitMinutes(refusal.reason === 'throttled' ? refusal.retryAfterSeconds : 60),
      }),
      not_found: t.t('pages.twoFactor.notFound'),
      expired: t.t('pages.twoFactor.expired'),
      not_verified: t.t('pages.twoFactor.notVerified'),
      duplicate: t.t('pages.twoFactor.duplicate'),
    }
    const status = refusal.reason === 'throttled' ? 429 : refusal.reason === 'wrong_password' || refusal.reason === 'wrong_code' ? 403 : 409
    await renderTwoFactor(ctx, session, status, { problem: { form, errors: { [field]: [messages[refusal.reason]] } } })
  }

  function signedOut(ctx: PageContext) {
    cookies.clear(ctx, 'session')
    seeOther(ctx, '/login?notice=session-ended')
  }

  router.get('/account/two-factor', async (ctx) => {
    const session = ctx.state.session
    if (!session) return seeOther(ctx, '/login')
    const notice =
      typeof ctx.query.notice === 'string' && Object.hasOwn(TWO_FACTOR_NOTICES, ctx.query.notice)
        ? ctx.state.t.t(TWO_FACTOR_NOTICES[ctx.query.notice]!)
        : undefined
    await renderTwoFactor(ctx, session, 200, { notice })
  })

  router.post('/account/two-factor/setup', async (ctx) => {
    const form = readForm(ctx, emptyForm)
    const session = ctx.state.session
    if (!session) return signedOut(ctx)
    const enrolment = form.ok ? await startTotpEnrolment(app, session.user) : undefined
    if (!enrolment) return seeOther(ctx, '/account/two-factor')
    render(ctx, 200, <TotpSetupPage env={env(ctx)} enrolment={enrolment} />)
  })

  router.post('/account/two-factor/confirm', async (ctx) => {
    const form = readForm(ctx, codeForm)
    const session = ctx.state.session
    if (!session) return signedOut(ctx)
    const result = form.ok ? await confirmTotpEnrolment(app, session, form.data.code, clientOf(ctx)) : undefined
    if (result?.ok)
      return render(ctx, 200, <RecoveryCodesPage env={env(ctx)} codes={result.recoveryCodes} why={ctx.state.t.t('pages.codes.whyTotp')} />)
    if (result?.reason === 'session_ended') return signedOut(ctx)
    const enrolment = await pendingTotpEnrolment(app, session.user)
    if (!enrolment) return seeOther(ctx, '/account/two-factor')
    if (result?.reason === 'throttled') ctx.set('Retry-After', String(result.retryAfterSeconds))
    const errors = !form.ok
      ? form.errors
      : {
          code: [
            result?.reason === 'throttled'
              ? ctx.state.t.t('pages.secondStep.throttled', { minutes: waitMinutes(result.retryAfterSeconds) })
              : ctx.state.t.t('pages.totp.wrongCode'),
          ],
        }
    render(ctx, result?.reason === 'throttled' ? 429 : 422, <TotpSetupPage env={env(ctx)} enrolment={enrolment} errors={errors} />)
  })

  router.post('/account/two-factor/remove', async (ctx) => {
    const form = readForm(ctx, removeTotpForm)
    const session = ctx.state.session
    if (!session) return signedOut(ctx)
    if (!form.ok) return renderTwoFactor(ctx, session, 400, { problem: { form: 'remove-totp', errors: form.errors } })
    const result = await removeOwnTotp(app, session, form.data, clientOf(ctx))
    if (result.ok) return seeOther(ctx, '/account/two-factor?notice=totp-removed')
    await refused(ctx, session, 'remove-totp', result)
  })

  router.post('/account/two-factor/recovery-codes', async (ctx) => {
    const form = readForm(ctx, passwordForm)
    const session = ctx.state.session
    if (!session) return signedOut(ctx)
    if (!form.ok) return renderTwoFactor(ctx, session, 400, { problem: { form: 'recovery-codes', errors: form.errors } })
    const result = await regenerateRecoveryCodes(app, session, form.data.currentPassword, clientOf(ctx))
    if (result.ok)
      return render(
        ctx,
        200,
        <RecoveryCodesPage env={env(ctx)} codes={result.recoveryCodes} why={ctx.state.t.t('pages.codes.whyRegenerated')} />,
      )
    await refused(ctx, session, 'recovery-codes', result)
  })

  router.post('/account/passkeys/options', async (ctx) => {
    const form = readForm(ctx, emptyForm)
    const session = ctx.state.session
    if (!session || !form.ok)
      return json(ctx, session ? 400 : 401, {
        error: ctx.state.t.t(session ? 'pages.passkey.reload' : 'pages.passkey.sessionEnded'),
      })
    json(ctx, 200, await registrationOptions(app, session))
  })

  router.post('/account/passkeys', async (ctx) => {
    const form = readForm(ctx, addPasskeyForm)
    const session = ctx.state.session
    if (!session) return signedOut(ctx)
    if (!form.ok) return renderTwoFactor(ctx, session, 400, { problem: { form: 'add-passkey', errors: form.errors } })
    const response = readPasskeyResponse(form.data.credential)
    if (!response) return refused(ctx, session, 'add-passkey', { ok: false, reason: 'not_verified' })
    const result = await addPasskey(app, session, { response, name: form.data.name }, clientOf(ctx))
    if (!result.ok) return refused(ctx, session, 'add-passkey', result)
    if (result.recoveryCodes)
      return render(
        ctx,
        200,
        <RecoveryCodesPage
          env={env(ctx)}
          codes={result.recoveryCodes}
          why={ctx.state.t.t('pages.codes.whyPasskey', { name: result.name })}
        />,
      )
    seeOther(ctx, '/account/two-factor?notice=passkey-added')
  })

  router.post('/account/passkeys/remove', async (ctx) => {
    const form = readForm(ctx, removePasskeyForm)
    const session = ctx.state.session
    if (!session) return signedOut(ctx)
    const index = Math.max(
      0,
      (await listPasskeys(app.db, session.user)).findIndex((passkey) => passkey.id === (form.ok ? form.data.id : '')),
    )
    if (!form.ok) return renderTwoFactor(ctx, session, 400, { problem: { form: `remove-passkey-${index}`, errors: form.errors } })
    const result = await removePasskey(
      app,
      session,
      { credentialId: form.data.id, currentPassword: form.data.currentPassword },
      clientOf(ctx),
    )
    if (result.ok) return seeOther(ctx, '/account/two-factor?notice=passkey-removed')
    await refused(ctx, session, `remove-passkey-${index}`, result)
  })
}
