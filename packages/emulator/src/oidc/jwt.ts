import {
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import { EmulatorError } from '../errors.js'

/** An RS256 signing key with the `kid` that tokens and the JWKS carry. */
export interface SigningKey {
  readonly kid: string
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
}

/** A public JWK as published in a JWKS document. */
export interface PublicJwk extends JsonWebKey {
  kid: string
  kty: string
  alg: 'RS256'
  use: 'sig'
}

/** A decoded, not yet verified, compact JWS. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>
  readonly payload: Record<string, unknown>
  readonly signingInput: string
  readonly signature: Buffer
}

/** Generates an RSA-2048 key with a random `kid` (tens of milliseconds). */
export function createSigningKey(kidPrefix: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { kid: `${kidPrefix}-${randomBytes(6).toString('hex')}`, privateKey, publicKey }
}

/** The public half of a signing key as a JWK (`kty`, `n`, `e`, `kid`, `alg`, `use`). */
export function publicJwkOf(key: SigningKey): PublicJwk {
  const jwk = key.publicKey.export({ format: 'jwk' })
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid: key.kid, alg: 'RS256', use: 'sig' } as PublicJwk
}

/** Signs `payload` as a compact RS256 JWS with header `{ alg, typ, kid }`. */
export function signJwt(payload: Record<string, unknown>, key: SigningKey): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid }
  const signingInput = `${base64UrlJson(header)}.${base64UrlJson(payload)}`
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey)
  return `${signingInput}.${signature.toString('base64url')}`
}

/**
 * Splits and decodes a compact JWS without verifying it. Throws EMULATOR_INVALID_TOKEN when the
 * token is not three base64url parts with JSON-object header and payload. `what` names the token
 * in messages ("subject_token", "UPST"); the token itself is never echoed (it is a credential).
 */
export function decodeJwt(token: string, what: string): DecodedJwt {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    throw invalidToken(`${what}: must be a JWT of three base64url parts, got ${parts.length} part(s)`)
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = parseJsonObject(headerPart, `${what} header`)
  const payload = parseJsonObject(payloadPart, `${what} payload`)
  return {
    header,
    payload,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  }
}

/** True when the RS256 signature of `jwt` verifies with `publicKey`. */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (jwt.header['alg'] !== 'RS256') return false
  return createVerify('RSA-SHA256').update(jwt.signingInput).verify(publicKey, jwt.signature)
}

/** Imports an RSA public JWK (as found in a JWKS) as a KeyObject. */
export function publicKeyFromJwk(jwk: JsonWebKey): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' })
}

/** The NumericDate claims every issuer sets, for `now`. */
export function numericDate(now: Date): number {
  return Math.floor(now.getTime() / 1000)
}

export function invalidToken(message: string): EmulatorError {
  return new EmulatorError('EMULATOR_INVALID_TOKEN', message)
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

function parseJsonObject(part: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    throw invalidToken(`${what}: must be base64url-encoded JSON, got undecodable text`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidToken(
      `${what}: must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    )
  }
  return value as Record<string, unknown>
}
