// The admin JSON API's route table: each route declared once, with the schemas the router validates with and the OpenAPI document shows.
import type { AppContext } from '../../context'
import type { ApiRoute } from './router'
import { secondFactorRoutes } from './second-factor-routes'
import { serviceRoutes } from './service-routes'
import { sessionRoutes } from './session-routes'
import { userRoutes } from './user-routes'

/** Every route of the API, in the order the document lists them. One declaration serves both, so the document cannot drift from what the server does. */
export function apiRoutes(app: AppContext): ApiRoute[] {
  const routes: ApiRoute[] = [...sessionRoutes(app), ...userRoutes(app), ...secondFactorRoutes(app), ...serviceRoutes(app, () => routes)]
  return routes
}
