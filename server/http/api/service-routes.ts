// The API's routes about the service itself rather than accounts: the OpenAPI document and the health check.
import { healthResponse, openApiDocumentResponse, readinessResponse } from '../../../src-shared/api'
import { msg } from '../../../src-shared/i18n/translator'
import type { AppContext } from '../../context'
import { checkReadiness } from '../../db/readiness'
import { HttpError } from '../errors'
import { openApiDocument } from './openapi'
import { anyQuery, route, type ApiRoute } from './router'

/**
 * Routes like the others, so that the document lists them and every test that walks the table
 * tries them. `table` is the whole route table, these routes included, that the document describes.
 */
export function serviceRoutes(app: AppContext, table: () => readonly ApiRoute[]): ApiRoute[] {
  let document: unknown
  return [
    route({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      access: 'public',
      responses: { 200: { description: 'The OpenAPI document.', schema: openApiDocumentResponse } },
      handle: () => Promise.resolve({ status: 200, body: (document ??= openApiDocument(table(), app.publicUrl.origin)) }),
    }),
    route({
      method: 'get',
      path: '/health',
      summary: 'Whether the server is up',
      description:
        'For load balancers and monitoring: answers without touching anything private, whatever the query (such as a cache buster).',
      access: 'public',
      query: anyQuery,
      responses: { 200: { description: 'The server is up.', schema: healthResponse } },
      handle: () => Promise.resolve({ status: 200, body: { status: 'ok' } }),
    }),
    route({
      method: 'get',
      path: '/health/ready',
      summary: 'Whether this instance can serve requests',
      description:
        'For load balancers: 200 once the database answers (within 2 s) and holds every migration this version expects; 503 while the database cannot be reached, migrations are pending, or the instance is stopping (from SIGTERM on, so the balancer sends it no new work). /health, by contrast, only says the process is up.',
      access: 'public',
      query: anyQuery,
      responses: {
        200: { description: 'Ready.', schema: readinessResponse },
        503: { description: 'Not ready: the database cannot be reached, migrations are pending, or the instance is stopping.' },
      },
      async handle() {
        if (app.isStopping()) {
          throw new HttpError(503, msg('api.service.stopping'), {
            detail: msg('api.service.stoppingDetail'),
            headers: { 'Retry-After': '5' },
          })
        }
        const readiness = await checkReadiness(app.db)
        if (readiness.ready) return { status: 200, body: { status: 'ready' } }
        const unreachable = readiness.reason === 'database_unreachable'
        throw new HttpError(503, msg(unreachable ? 'api.service.databaseUnreachable' : 'api.service.migrationsPending'), {
          detail: msg(unreachable ? 'api.service.databaseUnreachableDetail' : 'api.service.migrationsPendingDetail'),
          headers: { 'Retry-After': '5' },
        })
      },
    }),
  ]
}
