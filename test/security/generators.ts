// fast-check generators of bad input: strings (huge, unicode, control characters, lone surrogates),
// JSON values of every shape written out by hand (so `__proto__` stays an own key and keys may
// repeat), malformed JSON text, form bodies (repeated and bracket keys, broken percent-encoding),
// query strings and the headers that frame them (Content-Type, charset, Content-Encoding).
import fc from 'fast-check'

/** The body limit of the server (server/http/app.ts, server/http/api/router.ts): bodies are generated up to and past it. */
export const BODY_LIMIT = 16 * 1024
/**
 * Query strings stay well under Node's 16 kB header limit once percent-encoded, so that the request
 * reaches TextUp at all (past it, Node answers 431 itself).
 */
const QUERY_MAX = 8_000

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const

const SPECIAL_STRINGS = [
  '',
  ' ',
  '   padded   ',
  '\t',
  '\r\n',
  '\u0000',
  'Mi\u0000chelle',
  '\u001b[31mred\u001b[0m',
  '\u007f',
  '\u0085',
  '\u2028\u2029',
  '\u202eevil\u202c',
  '\u200f\u200e\u200b',
  'مرحبا بالعالم',
  'שלום',
  'e\u0301\u0301\u0301\u0301',
  'Z\u0364\u0351\u0313a\u0308\u0356\u032d',
  '𝕳𝖊𝖑𝖑𝖔',
  '👩‍👩‍👧‍👦🚀',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\udc00\ud800',
  '\ufeff',
  '\ufffe\uffff',
  '\ufffd',
  'ﬁ',
  'İı',
  'ß',
  'ｅｒｉｃ',
  'eric',
  ' ERIC ',
  'eric\u0000',
  'michelle',
  'admin',
  'root',
  '%',
  '%00',
  '%E0%A4%A',
  '%uD800',
  '+',
  '&=&=',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x>',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  '[]',
  '{}',
  '[object Object]',
  'a@b',
  'not an email@',
  'michelle@example.org',
  'x@example.org\r\nBcc: everyone@example.org',
] as const

const controlOrSurrogate = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.constantFrom(0x200b, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff, 0xfffe, 0xffff),
  )
  .map((code) => String.fromCharCode(code))

/** Strings around and over every limit: field limits (64, 100, 254, 256, 1024) and the body limit. */
export const hugeString = fc
  .record({
    unit: fc.constantFrom('x', ' ', 'ü', '€', '😀', '\u0000', '\u0301', '\ud800', '"', '%'),
    length: fc.oneof(
      fc.integer({ min: 60, max: 3000 }),
      fc.constantFrom(
        64,
        65,
        100,
        101,
        254,
        255,
        256,
        257,
        1024,
        1025,
        4096,
        BODY_LIMIT - 40,
        BODY_LIMIT,
        BODY_LIMIT + 1,
        17 * 1024,
        70_000,
      ),
    ),
  })
  .map(({ unit, length }) => unit.repeat(length))

/** Any text at all, weighted towards what breaks things. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: controlOrSurrogate, minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: hugeString },
)

// JSON, written out by hand -------------------------------------------------------------------------

/** An object as a list of entries: keys may be `__proto__` (an own key, as JSON.parse makes it) and may repeat. */
export class JsonObject {
  constructor(readonly entries: Array<[string, Json]>) {}
}
/** A number token sent verbatim (1e999, -0, 30 digits): JSON allows more than JSON.stringify writes. */
export class JsonNumberText {
  constructor(readonly text: string) {}
}
export type Json = null | boolean | number | string | JsonNumberText | Json[] | JsonObject

/**
 * The JSON text of a value. Strings go through JSON.stringify, which writes a lone surrogate as an
 * escape (\ud800) — the server's parser turns it back into one; raw surrogate bytes, which are not
 * UTF-8 at all, come from the invalid-UTF-8 variants of malformedJson.
 */
export function jsonText(value: Json): string {
  if (value instanceof JsonObject) return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`).join(',')}}`
  if (value instanceof JsonNumberText) return value.text
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`
  return JSON.stringify(value)
}

/** Turns a plain value (a valid request body) into the hand-written form. */
export function fromPlain(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(fromPlain)
  if (typeof value === 'object') return new JsonObject(Object.entries(value).map(([key, item]): [string, Json] => [key, fromPlain(item)]))
  return null
}

const jsonNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1, 1.5, 100, 101, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324),
  fc
    .constantFrom('1e999', '-1e999', '-0', '1E400', '0.0000000000000000000000001', '123456789012345678901234567890', '1.0', '1e2')
    .map((text) => new JsonNumberText(text)),
)

const jsonScalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: jsonNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
)

/** Keys worth trying: the route's own fields, prototype keys, and anything else. */
export function jsonKey(fields: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('x') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        ...PROTOTYPE_KEYS,
        'toString',
        'valueOf',
        'hasOwnProperty',
        '__defineGetter__',
        'isAdmin',
        'role',
        'id',
        'passwordHash',
        '',
      ),
    },
    { weight: 1, arbitrary: nastyString.filter((key) => key.length < 300) },
  )
}

/** JSON values of every shape, with the given keys (and prototype keys) in its objects at any depth. */
export function jsonValue(fields: readonly string[] = []): fc.Arbitrary<Json> {
  const key = jsonKey(fields)
  const { value } = fc.letrec<{ value: Json; array: Json[]; object: JsonObject }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, jsonScalar, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => new JsonObject(entries)),
  }))
  return value
}

/**
 * Bodies for a route: mostly its valid body with fields dropped, replaced by a wrong type (arrays
 * where strings belong, objects, numbers, booleans, null), huge or unicode strings, and extra keys
 * (prototype keys, nested ones too); sometimes any JSON at all; now and then a valid body. Fields
 * keep a valid value (the valid body's, or one of `alternatives`) often enough that many bodies
 * get past the schema to what lies behind it.
 */
export function bodyFor(
  valid: Record<string, unknown>,
  fields: readonly string[],
  alternatives: Record<string, readonly unknown[]> = {},
): fc.Arbitrary<Json> {
  const names = [...new Set([...Object.keys(valid), ...fields])]
  const anyValue = jsonValue(names)
  const wrong: fc.Arbitrary<Json> = fc.oneof(
    { weight: 3, arbitrary: anyValue },
    { weight: 2, arbitrary: nastyString },
    { weight: 1, arbitrary: fc.array(nastyString, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS).chain((key) => anyValue.map((inner) => new JsonObject([[key, inner]]))) },
  )
  const field = (name: string): fc.Arbitrary<Array<[string, Json]>> => {
    const good = [...(name in valid ? [valid[name]] : []), ...(alternatives[name] ?? [])].map(fromPlain)
    const choices: Array<fc.WeightedArbitrary<Array<[string, Json]>>> = [
      // A field the valid body leaves out is mostly left out here too.
      { weight: name in valid ? 1 : 4, arbitrary: fc.constant([]) },
      { weight: 2, arbitrary: wrong.map((value): Array<[string, Json]> => [[name, value]]) },
      // The same key twice: which one wins must not matter to the outcome's safety.
      {
        weight: 1,
        arbitrary: fc.tuple(wrong, wrong).map(([a, b]): Array<[string, Json]> => [
          [name, a],
          [name, b],
        ]),
      },
    ]
    if (good.length > 0)
      choices.push({ weight: 5, arbitrary: fc.constantFrom(...good).map((value): Array<[string, Json]> => [[name, value]]) })
    // Other text where text belongs: passes the type check, and is then judged for what it says (a wrong password, say).
    if (typeof valid[name] === 'string')
      choices.push({
        weight: 2,
        arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map((text): Array<[string, Json]> => [[name, text]]),
      })
    return fc.oneof(...choices)
  }
  // Mostly no extra key, so that bodies get past the unknown-field check to each field's own.
  const extra = fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 2, arbitrary: fc.array(fc.tuple(jsonKey([...PROTOTYPE_KEYS, ...names]), anyValue), { minLength: 1, maxLength: 2 }) },
  )
  const mutated = fc.tuple(fc.tuple(...names.map(field)), extra, fc.boolean()).map(([fieldEntries, extras, extrasFirst]) => {
    const own = fieldEntries.flat()
    return new JsonObject(extrasFirst ? [...extras, ...own] : [...own, ...extras])
  })
  return fc.oneof(
    { weight: 7, arbitrary: mutated },
    { weight: 2, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.constant(fromPlain(valid)) },
  )
}

// Bodies on the wire ------------------------------------------------------------------------------

export interface WireBody {
  /** What is sent; a Buffer where the bytes are not valid UTF-8. undefined: no body at all. */
  body: string | Buffer | undefined
  /** Content-Type and Content-Encoding; a header not named is left out. */
  headers: Record<string, string>
  /** Gzip the body when it is sent (after the CSRF token is filled in). */
  gzip: boolean
  /** How it was made, for failure messages. */
  label: string
}

const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xfe, 0xff],
].map((bytes) => Buffer.from(bytes))

/** The text with invalid UTF-8 bytes spliced in at some point. */
function withInvalidUtf8(text: string): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.nat({ max: text.length }), fc.constantFrom(...INVALID_UTF8))
    .map(([at, bytes]) => Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]))
}

/** Broken versions of a JSON text: truncated, trailing commas, BOM, comments, single quotes, deep nesting… */
export function malformedJson(text: string): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((at) => text.slice(0, at)),
    fc.constant(text.replace(/([}\]])$/, ',$1')),
    fc.constant(text.replace(/}/g, ',}')),
    fc.constant(`\ufeff${text}`),
    fc.constant(`${text}${text}`),
    fc.constant(`${text} garbage`),
    fc.constant(`/* comment */${text}`),
    fc.constant(text.replaceAll('"', "'")),
    fc.constant(text.replace(/:/, ':NaN,"x":')),
    fc.constant(text.replace(/:/, ':undefined,"x":')),
    fc.constant(`)]}'\n${text}`),
    fc.constantFrom(
      '',
      ' ',
      '\n',
      '{',
      '}',
      '{"a":}',
      '{"a" 1}',
      '{,}',
      '[,]',
      '{"a":"\\x"}',
      '{"a":"\\ud800"}',
      '{"a":"\u0001"}',
      'nul',
      'tru',
      '"unterminated',
    ),
    fc.integer({ min: 10, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc.integer({ min: 10, max: 5_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    withInvalidUtf8(text),
  )
}

const JSON_TYPES: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 14, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'Application/JSON; Charset=UTF-8',
      'application/json;charset="utf-8"',
      'application/json; charset=latin1',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16le',
      'application/json; charset=utf-32',
      'application/json; charset=bogus',
      'application/json; charset=',
      'application/json;',
      'application/json;;; ;',
      'application/json; boundary=x',
      'application/vnd.api+json',
      'application/json-patch+json',
      'application/merge-patch+json',
      'text/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '*/*',
      'application/*',
      'json',
      '',
      'application/json, text/plain',
      'application/json\u00a0',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/) },
)

const FORM_TYPES: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 14, arbitrary: fc.constant('application/x-www-form-urlencoded') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/x-www-form-urlencoded; charset=utf-8',
      'APPLICATION/X-WWW-FORM-URLENCODED',
      'application/x-www-form-urlencoded; charset=latin1',
      'application/x-www-form-urlencoded; charset=utf-16le',
      'application/x-www-form-urlencoded; charset=bogus',
      'application/x-www-form-urlencoded;',
      'application/x-www-form-urlencoded, text/plain',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      'application/json',
      'text/plain',
      '',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/) },
)

/** Content-Encoding, now and then: gzip that is or is not gzip, encodings nobody supports. */
function encoded(body: string | Buffer): fc.Arbitrary<{ body: string | Buffer; encoding?: string; gzip?: boolean }> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.constant({ body }) },
    { weight: 1, arbitrary: fc.constant({ body, encoding: 'gzip', gzip: true }) },
    { weight: 1, arbitrary: fc.constant({ body, encoding: 'gzip' }) },
    { weight: 1, arbitrary: fc.constantFrom('identity', 'compress', 'zstd', 'gzip, gzip', 'GZIP').map((encoding) => ({ body, encoding })) },
  )
}

function wire(
  body: string | Buffer | undefined,
  type: string | undefined,
  encoding: string | undefined,
  label: string,
  gzip = false,
): WireBody {
  const headers: Record<string, string> = {}
  if (type !== undefined) headers['content-type'] = type
  if (encoding !== undefined) headers['content-encoding'] = encoding
  return { body, headers, gzip, label: `${label}${gzip ? ', gzipped' : ''}${encoding && !gzip ? `, says ${encoding}` : ''}` }
}

/** A JSON request body for an API route: well-formed or not, of any shape, under any Content-Type. */
export function jsonBody(
  valid: Record<string, unknown>,
  fields: readonly string[],
  alternatives: Record<string, readonly unknown[]> = {},
): fc.Arbitrary<WireBody> {
  const value = bodyFor(valid, fields, alternatives)
  const text = value.map(jsonText)
  const wellFormed = fc
    .tuple(text, JSON_TYPES)
    .chain(([body, type]) => encoded(body).map((e) => wire(e.body, type, e.encoding, 'json', e.gzip)))
  const broken = fc.tuple(text.chain(malformedJson), JSON_TYPES).map(([body, type]) => wire(body, type, undefined, 'malformed json'))
  const asForm = fc.tuple(formBody(fields, undefined), FORM_TYPES).map(([body, type]) => wire(body, type, undefined, 'form to json route'))
  const oversize = hugeString.map((padding) =>
    wire(
      jsonText(new JsonObject([...(fromPlain(valid) as JsonObject).entries, ['padding', padding]])),
      'application/json',
      undefined,
      'huge json',
    ),
  )
  return fc.oneof(
    { weight: 10, arbitrary: wellFormed },
    { weight: 4, arbitrary: broken },
    { weight: 1, arbitrary: asForm },
    { weight: 1, arbitrary: oversize },
    { weight: 1, arbitrary: JSON_TYPES.map((type) => wire(undefined, type, undefined, 'no body')) },
  )
}

// Forms --------------------------------------------------------------------------------------------

/** Percent-encodes the UTF-8 bytes of a string (a lone surrogate becomes U+FFFD, as a browser sends it). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')
}

/** One name or value of a form or query string, encoded properly, not at all, or brokenly. */
function encodedPart(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(percentEncode(text)) },
    { weight: 1, arbitrary: fc.constant(percentEncode(text).replaceAll('%20', '+')) },
    // Raw: spaces, &, =, # and non-ASCII characters as they are.
    { weight: 1, arbitrary: fc.constant(text) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.nat({ max: text.length }),
          fc.constantFrom('%', '%G1', '%E0%A4%A', '%uD800', '%%', '%ED%A0%80', '%FF', '%C0%AF', '%00', '%2'),
        )
        .map(([at, broken]) => `${percentEncode(text.slice(0, at))}${broken}${percentEncode(text.slice(at))}`),
    },
  )
}

/** Keys a form parser might read as structure: arrays, objects, dotted paths, the prototype. */
function structuredKey(fields: readonly string[]): fc.Arbitrary<string> {
  const field = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('username')
  return fc.oneof(
    field.map((name) => `${name}[]`),
    field.map((name) => `${name}[0]`),
    field.map((name) => `${name}[a]`),
    field.map((name) => `${name}[__proto__]`),
    field.map((name) => `${name}.a`),
    field.map((name) => `${name}[a][b][c][d][e][f][g]`),
    fc.constantFrom(
      '__proto__[x]',
      '__proto__[role]',
      '__proto__.x',
      'constructor[prototype][x]',
      'a[__proto__][b]',
      '[]',
      '[x]',
      'a[b]',
      'a[1000000]',
      'a[-1]',
      '_csrf[]',
      '_csrf[x]',
      'toString',
      'hasOwnProperty',
    ),
  )
}

/** `name=value&…` with the form's fields, repeated keys, bracket keys, prototype keys, any text. */
export function formBody(fields: readonly string[], csrf: string | undefined): fc.Arbitrary<string> {
  const known = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('username')
  const key = fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 2, arbitrary: structuredKey(fields) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'isAdmin', '_csrf', '') },
    { weight: 1, arbitrary: nastyString },
  )
  const value = fc.oneof({ weight: 3, arbitrary: nastyString }, { weight: 1, arbitrary: fc.constantFrom('', 'on', 'true', '1') })
  const pair = fc
    .tuple(key, value)
    .chain(([name, text]) =>
      fc.oneof(
        { weight: 8, arbitrary: fc.tuple(encodedPart(name), encodedPart(text)).map(([n, v]) => `${n}=${v}`) },
        { weight: 1, arbitrary: encodedPart(name) },
        { weight: 1, arbitrary: fc.constantFrom('=', '&', '==', '=x', ';') },
      ),
    )
  return fc.tuple(fc.array(pair, { maxLength: 6 }), fc.constantFrom('&', '&', '&', '&&', ';')).map(([pairs, separator]) => {
    const all = csrf === undefined ? pairs : [`_csrf=${csrf}`, ...pairs]
    return all.join(separator)
  })
}

/** A form body on the wire: its fields with values of every kind, under any Content-Type. */
export function formWireBody(fields: readonly string[], valid: Record<string, string>, csrf: string | undefined): fc.Arbitrary<WireBody> {
  // Mostly start from the valid form and spoil some fields, so that validation, and now and then
  // what lies behind it (a password check), is reached.
  const spoiled = fc
    .tuple(
      fc.tuple(
        ...Object.entries(valid).map(([name, text]) =>
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(`${percentEncode(name)}=${percentEncode(text)}`) },
            { weight: 1, arbitrary: fc.constant('') },
            { weight: 2, arbitrary: nastyString.chain((bad) => encodedPart(bad).map((v) => `${percentEncode(name)}=${v}`)) },
            {
              weight: 1,
              arbitrary: nastyString.map(
                (bad) => `${percentEncode(name)}=${percentEncode(text)}&${percentEncode(name)}=${percentEncode(bad)}`,
              ),
            },
          ),
        ),
      ),
      fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: formBody(fields, undefined) }),
    )
    .map(([own, extra]) => [csrf === undefined ? '' : `_csrf=${csrf}`, ...own, extra].filter((part) => part !== '').join('&'))
  const body = fc.oneof({ weight: 5, arbitrary: spoiled }, { weight: 2, arbitrary: formBody(fields, csrf) })
  const asBuffer = body.chain(withInvalidUtf8)
  const oversize = hugeString.map(
    (padding) => `${csrf === undefined ? '' : `_csrf=${csrf}&`}${percentEncode(fields[0] ?? 'username')}=${percentEncode(padding)}`,
  )
  const asJson = fc.constant(JSON.stringify({ ...valid, ...(csrf === undefined ? {} : { _csrf: csrf }) }))
  return fc
    .tuple(
      fc.oneof(
        { weight: 10, arbitrary: body },
        { weight: 1, arbitrary: asBuffer },
        { weight: 1, arbitrary: oversize },
        { weight: 1, arbitrary: asJson },
      ),
      FORM_TYPES,
    )
    .chain(([text, type]) => encoded(text).map((e) => wire(e.body, type, e.encoding, 'form', e.gzip)))
}

// Query strings ------------------------------------------------------------------------------------

/** `?…` with the route's parameters (valid, spoiled, repeated), bracket and prototype keys, broken encoding. */
export function queryString(valid: Record<string, string>, names: readonly string[]): fc.Arbitrary<string> {
  const known = [...new Set([...Object.keys(valid), ...names])]
  const key = fc.oneof(
    { weight: 4, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant('q') },
    { weight: 2, arbitrary: structuredKey(known) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'toString', '') },
    { weight: 1, arbitrary: nastyString.filter((s) => s.length < 200) },
  )
  const value = fc.oneof(
    { weight: 3, arbitrary: nastyString.filter((s) => s.length <= 3000) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '0', '1', '100', '101', '-5', '1.5', '1e2', ' 5 ', '0x10', 'Infinity', 'NaN', 'null', 'abc'),
    },
  )
  const pair = fc.tuple(key, value).chain(([name, text]) => fc.tuple(encodedPart(name), encodedPart(text)).map(([n, v]) => `${n}=${v}`))
  const validPairs = Object.entries(valid).map(([name, text]) => fc.constantFrom(`${percentEncode(name)}=${percentEncode(text)}`, ''))
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.constant('') },
      {
        weight: 6,
        arbitrary: fc
          // Half the time the valid parameters alone (or some of them), so that the rest of the request gets a chance.
          .tuple(fc.tuple(...validPairs), fc.oneof(fc.constant([]), fc.array(pair, { minLength: 1, maxLength: 4 })))
          .map(([own, extra]) => [...own, ...extra].filter((p) => p !== '').join('&')),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '&',
          '&&',
          '=',
          '%',
          '?',
          '#',
          'a',
          'a=%',
          'a=%E0%A4%A',
          '__proto__[x]=1',
          'constructor[prototype][x]=1',
        ),
      },
    )
    .map((query) => (query === '' ? '' : shortened(`?${query}`)))
}

/** Cut until it fits in QUERY_MAX as sent (non-ASCII characters take up to 12 bytes percent-encoded). */
function shortened(query: string): string {
  let text = query
  while (new URL(text, 'http://h/').search.length > QUERY_MAX) text = text.slice(0, Math.floor(text.length * 0.7))
  return text
}

/** A value for a header the test controls (Authorization, Cookie): fetch only sends visible Latin-1. */
export const headerText = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]{0,60}$/),
  fc.constantFrom('', 'x'.repeat(4000), 'é\u00ff', '"', ';;;', '=', '%E0%A4%A'),
)
