// The first admin of a new installation, set up by the console's first run on its own server. Only
// one can ever be made this way, whatever runs at once: the claim is a unique row in the database,
// taken in the transaction that creates the account.
import type { Actor, AppContext, Client } from '../context'
import { storeAccount, type AccountInput, type AccountResult } from './admin'
import { prepareNewPassword, type NewPasswordInput } from './password-change'
import { countUsers } from './users'

const FIRST_RUN: Actor = { id: null, username: 'first-run setup', displayName: 'the first-run setup' }
const CLAIM = 'first_admin_created_at'

export type FirstAdminResult = AccountResult | { ok: false; reason: 'already_set_up' }

export async function needsFirstAdmin(ctx: AppContext): Promise<boolean> {
  return (await countUsers(ctx.db)) === 0
}

export async function createFirstAdmin(
  ctx: AppContext,
  input: Omit<AccountInput, 'role'> & { password: NewPasswordInput },
  client: Client,
): Promise<FirstAdminResult> {
  const prepared = await prepareNewPassword(ctx, input, input.password)
  if (!prepared.ok) return prepared
  return ctx.db.transaction().execute(async (trx): Promise<FirstAdminResult> => {
    const claimed = await trx
      .insertInto('settings')
      .values({ key: CLAIM, value: ctx.clock().toISOString() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .executeTakeFirst()
    // An installation that already has accounts (made with the CLI, say) is set up too.
    if (Number(claimed.numInsertedOrUpdatedRows) !== 1 || (await countUsers(trx)) > 0) return { ok: false, reason: 'already_set_up' }
    return storeAccount(ctx, trx, { ...input, role: 'admin', passwordHash: prepared.hash, invite: false }, FIRST_RUN, client)
  })
}
