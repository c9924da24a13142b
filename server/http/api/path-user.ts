// The user an admin API path names (/api/users/:id…), shared by the routes under it.
import type { RouterContext } from '@koa/router'
import { userIdSchema } from '../../../src-shared/api'
import { msg } from '../../../src-shared/i18n/translator'
import { findUserById } from '../../accounts/users'
import type { AppContext } from '../../context'
import type { User } from '../../db/schema'
import { HttpError } from '../errors'

/** The 404 of every route under /api/users/:id, as documented (in English, for developers). */
export const NO_SUCH_USER = { description: 'There is no such user.' }

/** The user the path names, or a 404 (a malformed id names no one). */
export async function userFromPath(app: AppContext, ctx: RouterContext): Promise<User> {
  const id = userIdSchema.safeParse(ctx.params.id)
  const user = id.success ? await findUserById(app.db, id.data) : undefined
  if (!user) throw new HttpError(404, msg('api.users.noSuchUser'), { detail: msg('api.users.noSuchUserDetail') })
  return user
}
