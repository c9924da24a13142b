// Passkeys (WebAuthn, through @simplewebauthn/server): adding one to an account, listing and
// removing them, and checking one at sign-in. The relying party is PUBLIC_URL: its host name is
// the RP ID and its origin the only one accepted, whatever the request's Host header says.
//
// Passkeys are made discoverable and user-verifying (a PIN or a biometric unlocks them), so one on
// its own stands for two factors and can sign a person in without a password. The challenge of a
// passkey being added lives on the browser session that asked for it, and is used up once.
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { AppContext } from '../context'
import type { Database, User, WebauthnCredential } from '../db/schema'
import type { ActiveSession } from './sessions'

/**
 * The WebAuthn library, loaded the first time a passkey is added or checked: most servers never
 * see one, and it and its certificate parsers hold several MiB from start otherwise.
 */
const webauthn = () => import('@simplewebauthn/server')

/** How long the browser (and the person) have to answer a passkey prompt. */
export const PASSKEY_TIMEOUT_MS = 5 * 60_000

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, { message: 'Not base64url.' })

/** What a browser sends back from navigator.credentials (the library checks the rest). */
export const passkeyResponseSchema = z.object({
  id: base64url.min(1).max(1024),
  rawId: base64url.min(1).max(1024),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.looseObject({}),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url.optional(),
    authenticatorData: base64url.optional(),
    signature: base64url.optional(),
    userHandle: base64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
})
export type PasskeyResponse = z.infer<typeof passkeyResponseSchema>

/** A passkey response from a form field (JSON text); undefined if it is not one. */
export function readPasskeyResponse(text: string): PasskeyResponse | undefined {
  try {
    const parsed = passkeyResponseSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function relyingParty(ctx: AppContext) {
  return { rpID: ctx.publicUrl.hostname, origin: ctx.publicUrl.origin }
}

/** The WebAuthn user handle of an account: its id (a random UUID, nothing personal). */
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, 'utf8'))
}

export async function credentialsOf(db: Kysely<Database>, userId: string): Promise<WebauthnCredential[]> {
  return db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
}

function transportsOf(credential: WebauthnCredential): AuthenticatorTransportFuture[] | undefined {
  return credential.transports ? (JSON.parse(credential.transports) as AuthenticatorTransportFuture[]) : undefined
}

/** Asks the browser for a new passkey for the signed-in person; the challenge is kept on their session. */
export async function registrationOptions(ctx: AppContext, session: ActiveSession): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { user } = session
  const existing = await credentialsOf(ctx.db, user.id)
  const options = await (
    await webauthn()
  ).generateRegistrationOptions({
    rpName: 'TextUp',
    rpID: relyingParty(ctx).rpID,
    userName: user.username,
    userDisplayName: user.display_name,
    userID: userHandle(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((credential) => ({ id: credential.id, transports: transportsOf(credential) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: PASSKEY_TIMEOUT_MS,
  })
  await ctx.db
    .updateTable('sessions')
    .set({ passkey_challenge: options.challenge, passkey_challenge_at: ctx.clock().toISOString() })
    .where('token_hash', '=', session.tokenHash)
    .execute()
  return options
}

export interface NewCredential {
  id: string
  public_key: string
  counter: number
  transports: string | null
}

export type VerifiedNewPasskey =
  { ok: true; challenge: string; credential: NewCredential } | { ok: false; reason: 'expired' | 'not_verified' }

/** Checks the browser's answer to registrationOptions. Does not store anything. */
export async function verifyNewPasskey(ctx: AppContext, session: ActiveSession, response: PasskeyResponse): Promise<VerifiedNewPasskey> {
  const row = await ctx.db
    .selectFrom('sessions')
    .select(['passkey_challenge', 'passkey_challenge_at'])
    .where('token_hash', '=', session.tokenHash)
    .executeTakeFirst()
  const issuedAt = row?.passkey_challenge_at ? Date.parse(row.passkey_challenge_at) : Number.NaN
  if (!row?.passkey_challenge || !(ctx.clock().getTime() - issuedAt < PASSKEY_TIMEOUT_MS)) return { ok: false, reason: 'expired' }
  const { rpID, origin } = relyingParty(ctx)
  try {
    const verification = await (
      await webauthn()
    ).verifyRegistrationResponse({
      response: response as unknown as RegistrationResponseJSON,
      expectedChallenge: row.passkey_challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    })
    if (!verification.verified) return { ok: false, reason: 'not_verified' }
    const { credential } = verification.registrationInfo
    return {
      ok: true,
      challenge: row.passkey_challenge,
      credential: {
        id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ? JSON.stringify(credential.transports) : null,
      },
    }
  } catch {
    // A response for another challenge, origin or relying party, or simply malformed.
    return { ok: false, reason: 'not_verified' }
  }
}

/** Uses up the session's passkey challenge: of two submissions of one, only one adds a passkey. */
export async function useUpRegistrationChallenge(trx: Kysely<Database>, session: ActiveSession, challenge: string): Promise<boolean> {
  const used = await trx
    .updateTable('sessions')
    .set({ passkey_challenge: null, passkey_challenge_at: null })
    .where('token_hash', '=', session.tokenHash)
    .where('passkey_challenge', '=', challenge)
    .executeTakeFirst()
  return Number(used.numUpdatedRows) === 1
}

/** Options for a passkey sign-in: any passkey of this site (discoverable), or only the person's (a second step). */
export async function authenticationOptions(
  ctx: AppContext,
  allowed?: WebauthnCredential[],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return (await webauthn()).generateAuthenticationOptions({
    rpID: relyingParty(ctx).rpID,
    allowCredentials: allowed?.map((credential) => ({ id: credential.id, transports: transportsOf(credential) })),
    userVerification: 'required',
    timeout: PASSKEY_TIMEOUT_MS,
  })
}

export type VerifiedPasskey = { ok: true; credential: WebauthnCredential; newCounter: number } | { ok: false }

/** Checks a passkey's signature over the challenge; with `userId`, only that person's passkeys count. */
export async function verifyPasskey(
  ctx: AppContext,
  response: PasskeyResponse,
  expectedChallenge: string,
  userId?: string,
): Promise<VerifiedPasskey> {
  let query = ctx.db.selectFrom('webauthn_credentials').selectAll().where('id', '=', response.id)
  if (userId !== undefined) query = query.where('user_id', '=', userId)
  const credential = await query.executeTakeFirst()
  if (!credential) return { ok: false }
  // A discoverable passkey names its owner: it must be the one this passkey was added for.
  const handle = response.response.userHandle
  if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== credential.user_id) return { ok: false }
  const { rpID, origin } = relyingParty(ctx)
  try {
    const verification = await (
      await webauthn()
    ).verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: credential.id,
        publicKey: new Uint8Array(Buffer.from(credential.public_key, 'base64url')),
        counter: Number(credential.counter),
        transports: transportsOf(credential),
      },
      requireUserVerification: true,
    })
    return verification.verified ? { ok: true, credential, newCounter: verification.authenticationInfo.newCounter } : { ok: false }
  } catch {
    return { ok: false }
  }
}

export async function recordPasskeyUse(trx: Kysely<Database>, credentialId: string, newCounter: number, now: Date): Promise<void> {
  await trx
    .updateTable('webauthn_credentials')
    .set({ counter: newCounter, last_used_at: now.toISOString() })
    .where('id', '=', credentialId)
    .execute()
}

export interface PasskeyView {
  id: string
  name: string
  createdAt: string
  lastUsedAt: string | null
}

export async function listPasskeys(db: Kysely<Database>, user: Pick<User, 'id'>): Promise<PasskeyView[]> {
  return (await credentialsOf(db, user.id)).map((credential) => ({
    id: credential.id,
    name: credential.name,
    createdAt: credential.created_at,
    lastUsedAt: credential.last_used_at,
  }))
}
