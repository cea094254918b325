import { createHash, type KeyObject, verify } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** Parsed `authorization: Signature version="1",keyId=…,algorithm=…,headers=…,signature=…`. */
export interface ParsedSignature {
  keyId: string
  algorithm: string
  /** Lower-cased, in signing order. */
  headers: string[]
  signature: string
}

export type SignatureVerdict =
  | { ok: true; keyId: string; signedHeaders: string[]; principal: string; legacyTarget: boolean }
  | { ok: false; reason: string; keyId?: string; signedHeaders?: string[] }

/** A public key for a keyId, or the reason there is none (unknown fingerprint, bad or expired token). */
export type KeyResolver = (
  keyId: string,
) => { publicKey: KeyObject | string; principal: string } | { error: string }

export interface VerifyInput {
  method: string
  /** The request target exactly as received (path and query). */
  target: string
  headers: IncomingHttpHeaders
  /** The whole body, for requests that must sign x-content-sha256 (POST, PATCH, non-object PUT). */
  body?: Buffer
  requireBodyHeaders: boolean
  resolveKey: KeyResolver
  now: Date
  clockSkewSeconds: number
}

const EMPTY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='

export function parseAuthorization(value: string | undefined): ParsedSignature | string {
  if (!value) return 'no authorization header'
  if (!/^Signature\s/i.test(value)) return 'the authorization scheme must be Signature'
  const params = new Map<string, string>()
  for (const match of value.matchAll(/(\w+)="([^"]*)"/g)) params.set(match[1]!, match[2]!)
  const keyId = params.get('keyId')
  const signature = params.get('signature')
  const headers = params.get('headers')
  if (!keyId) return 'the signature has no keyId'
  if (!signature) return 'the signature has no signature value'
  return {
    keyId,
    algorithm: params.get('algorithm') ?? '',
    headers: (headers ?? 'date')
      .split(/\s+/)
      .filter(Boolean)
      .map((name) => name.toLowerCase()),
    signature,
  }
}

/**
 * Verifies an OCI request signature (draft-cavage HTTP signatures, RSA-SHA256) as the SDK
 * produces it (reference/objectstorage-api.md §2): the signing string is one `name: value` line per
 * signed header, `(request-target)` being `<method> <path?query>`. The raw wire target is tried first;
 * on mismatch, the target as Node's legacy `url.parse` would have rendered it (older SDKs signed
 * that), reported as `legacyTarget`.
 */
export function verifySignature(input: VerifyInput): SignatureVerdict {
  const parsed = parseAuthorization(headerValue(input.headers, 'authorization'))
  if (typeof parsed === 'string') return { ok: false, reason: parsed }
  const { keyId, headers: signedHeaders } = parsed
  const fail = (reason: string): SignatureVerdict => ({ ok: false, reason, keyId, signedHeaders })

  if (parsed.algorithm.toLowerCase() !== 'rsa-sha256')
    return fail(`algorithm must be rsa-sha256, got '${parsed.algorithm}'`)
  for (const required of ['(request-target)', 'host']) {
    if (!signedHeaders.includes(required)) return fail(`the signed headers must include ${required}`)
  }
  const dateHeader = signedHeaders.includes('x-date')
    ? 'x-date'
    : signedHeaders.includes('date')
      ? 'date'
      : undefined
  if (!dateHeader) return fail('the signed headers must include x-date or date')
  if (input.requireBodyHeaders) {
    for (const required of ['content-type', 'content-length', 'x-content-sha256']) {
      if (!signedHeaders.includes(required)) return fail(`a request with a body must sign ${required}`)
    }
  }

  const dateValue = headerValue(input.headers, dateHeader)
  const signedAt = dateValue ? Date.parse(dateValue) : Number.NaN
  if (Number.isNaN(signedAt))
    return fail(`the ${dateHeader} header is not an HTTP date: '${dateValue ?? ''}'`)
  const skewSeconds = Math.abs(input.now.getTime() - signedAt) / 1000
  if (skewSeconds > input.clockSkewSeconds) {
    return fail(
      `the ${dateHeader} header is ${Math.round(skewSeconds)} s away from the server clock (allowed ${input.clockSkewSeconds} s)`,
    )
  }

  if (signedHeaders.includes('x-content-sha256') && input.body !== undefined) {
    const actual =
      input.body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(input.body).digest('base64')
    if (headerValue(input.headers, 'x-content-sha256') !== actual)
      return fail('x-content-sha256 does not match the body')
    const length = headerValue(input.headers, 'content-length')
    if (length !== undefined && Number(length) !== input.body.length)
      return fail('content-length does not match the body')
  }

  const key = input.resolveKey(keyId)
  if ('error' in key) return fail(key.error)

  const linesFor = (target: string): string | undefined => {
    const lines: string[] = []
    for (const name of signedHeaders) {
      if (name === '(request-target)') {
        lines.push(`(request-target): ${input.method.toLowerCase()} ${target}`)
        continue
      }
      const value = headerValue(input.headers, name)
      if (value === undefined) return undefined
      lines.push(`${name}: ${value}`)
    }
    return lines.join('\n')
  }
  const check = (target: string): boolean | undefined => {
    const signingString = linesFor(target)
    if (signingString === undefined) return undefined
    try {
      return verify(
        'RSA-SHA256',
        Buffer.from(signingString),
        key.publicKey,
        Buffer.from(parsed.signature, 'base64'),
      )
    } catch {
      return false
    }
  }

  const direct = check(input.target)
  if (direct === undefined) {
    const missing = signedHeaders.find(
      (name) => name !== '(request-target)' && headerValue(input.headers, name) === undefined,
    )
    return fail(`the signed header ${missing} is missing from the request`)
  }
  if (direct) return { ok: true, keyId, signedHeaders, principal: key.principal, legacyTarget: false }
  const legacy = legacyRequestTarget(input.target)
  if (legacy !== input.target && check(legacy)) {
    return { ok: true, keyId, signedHeaders, principal: key.principal, legacyTarget: true }
  }
  return fail('the signature does not verify with the key for this keyId')
}

/**
 * The request target as Node's legacy `url.parse(uri).path` renders it, which older SDKs signed
 * while fetch sent the WHATWG serialisation: non-ASCII in the query signed raw (sent %-encoded),
 * and TAB, LF, CR, space, `"`, `'`, `<`, `>`, `\`, `^`, backtick, `{`, `|`, `}` signed %-escaped.
 */
export function legacyRequestTarget(target: string): string {
  const question = target.indexOf('?')
  const path = question < 0 ? target : target.slice(0, question)
  let query = question < 0 ? '' : target.slice(question)
  query = query.replace(/(?:%[89A-Fa-f][0-9A-Fa-f])+/g, (sequence) => {
    try {
      return decodeURIComponent(sequence)
    } catch {
      return sequence
    }
  })
  const escapeLegacy = (text: string) =>
    text.replace(
      /[\t\n\r "'<>\\^`{|}]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    )
  return escapeLegacy(path) + escapeLegacy(query)
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}
