// The OpenAPI 3.1 document of the admin API, generated from the same route table and schemas the
// server validates with. Served at /api/openapi.json.
import { z } from 'zod'
import type { ApiResponseDoc, ApiRoute } from './router'

type JsonObject = Record<string, unknown>

export function openApiDocument(routes: readonly ApiRoute[], serverUrl: string): JsonObject {
  const components: Record<string, unknown> = {}

  /** A schema as JSON Schema 2020-12, with named schemas moved to components/schemas. */
  const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
    const {
      $schema: _dialect,
      $defs,
      ...rest
    } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject & { $defs?: JsonObject }
    for (const [name, definition] of Object.entries($defs ?? {})) components[name] = pointAtComponents(definition)
    return pointAtComponents(rest) as JsonObject
  }

  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const path = openApiPath(route.path)
    const parameters: unknown[] = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    }))
    if (route.query) {
      const query = jsonSchema(route.query, 'input') as { properties?: Record<string, JsonObject>; required?: string[] }
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        const { description, ...rest } = schema
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, description, schema: rest })
      }
    }
    const responses: Record<string, unknown> = {}
    for (const [status, doc] of Object.entries({ ...answeredByEveryRoute(route), ...route.responses })) {
      const isProblem = Number(status) >= 400
      responses[status] = {
        description: doc.description,
        ...(doc.schema || isProblem
          ? {
              content: {
                [isProblem ? 'application/problem+json' : 'application/json']: {
                  schema: doc.schema ? jsonSchema(doc.schema, 'output') : { $ref: '#/components/schemas/Problem' },
                },
              },
            }
          : {}),
      }
    }
    ;(paths[path] ??= {})[route.method] = {
      operationId: operationId(route),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body && route.method !== 'get'
        ? {
            requestBody: {
              required: route.body instanceof z.ZodObject ? Object.keys(route.body.shape).length > 0 : true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    }
  }

  components.Problem ??= {
    type: 'object',
    description:
      'RFC 9457 problem details; errors maps field names to messages. type is about:blank, or one of the problems a client acts on: urn:textup:problem:second-factor-setup-required (an admin must set up a second factor first, at enrolUrl), urn:textup:problem:second-factor-code-wrong (ask for the code again), urn:textup:problem:sign-in-expired (start again with the password).',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
      enrolUrl: { type: 'string' },
    },
    required: ['type', 'title', 'status'],
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'TextUp admin API',
      version: '1',
      description:
        'Manage TextUp accounts. Sign in with POST /api/session to get a bearer token — in two steps when the admin has a second factor: the password answers 202 with a challenge, and POST /api/session/second-factor with the challenge and a code from the authenticator app (or a recovery code) answers with the token. Every other call needs "Authorization: Bearer <token>" of an active admin. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/session.' } },
      schemas: components,
    },
  }
}

/**
 * What apiRouter itself answers before a route's handler runs, whatever the route declares: the
 * query (and body) schema, the token check, and the JSON body's size and type.
 */
function answeredByEveryRoute(route: ApiRoute): Record<number, ApiResponseDoc> {
  const answers: Record<number, ApiResponseDoc> = {}
  const refusesUnknownParameters =
    !route.query || (z.toJSONSchema(route.query, { io: 'input' }) as JsonObject).additionalProperties === false
  if (route.body) answers[400] = { description: 'The query or body does not match the schema; `errors` names each field at fault.' }
  else if (refusesUnknownParameters)
    answers[400] = { description: 'The query does not match the schema; `errors` names each parameter at fault.' }
  if (route.access !== 'public')
    answers[401] = {
      description:
        'No token, or the token is unknown, expired or revoked (or, where admins must sign in with two factors, an admin token made with a password alone).',
    }
  if (route.access === 'admin') answers[403] = { description: 'The caller is not an active admin.' }
  if (route.body) {
    answers[413] = { description: 'The body is larger than 16 kB.' }
    answers[415] = { description: 'The body is not sent as application/json.' }
  }
  return answers
}

/** /api/users/:id → /api/users/{id} */
export function openApiPath(koaPath: string): string {
  return koaPath.replace(/:(\w+)/g, '{$1}')
}

function operationId(route: ApiRoute): string {
  const words = route.summary
    .replace(/'s\b/g, '')
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
  return words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase())).join('')
}

function pointAtComponents(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as unknown
}
