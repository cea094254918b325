import { createHash, createPublicKey, type KeyObject, randomUUID } from 'node:crypto'
import {
  decodeJwt,
  invalidToken,
  numericDate,
  publicJwkOf,
  publicKeyFromJwk,
  type SigningKey,
  signJwt,
  verifyJwtSignature,
} from '../oidc/jwt.js'

/** What `verifyUpst` returns: the session key to check `ST$<token>` request signatures with. */
export interface VerifiedUpst {
  /** SPKI PEM of the key the client sent as `public_key` in the exchange. */
  publicKeyPem: string
  /** Expiry, seconds since the epoch. */
  exp: number
  /** The principal (a user OCID). */
  sub: string
  /** The tenancy OCID the token was issued for. */
  tenant: string
  /** Every claim, for tests that want more. */
  claims: Record<string, unknown>
}

export interface VerifyUpstOptions {
  /** Defaults to the current time. */
  now?: Date
  /** Leeway on `exp`, in seconds. Default 0: an expired UPST is refused at once, as tests expect. */
  clockSkewSeconds?: number
  /** Keys to accept (kid → public key). Default: every live identity domain of this process. */
  keys?: ReadonlyMap<string, KeyObject>
}

export interface MintUpstInput {
  key: SigningKey
  sessionPublicKey: KeyObject
  sub: string
  tenant: string
  lifetimeSeconds: number
  now: Date
  /** Extra claims (e.g. where the exchanged token came from). */
  extra?: Record<string, unknown>
}

/** Issuer and audience of real UPSTs; kept so tokens decode the way SDKs expect. */
export const UPST_ISSUER = 'authService.oracle.com'
export const UPST_AUDIENCE = 'oci'

// Keys of every identity domain created in this process, so that the standalone `verifyUpst` the
// request-signature check calls needs no handle on a domain. A domain removes its key on close().
const liveDomainKeys = new Map<string, KeyObject>()

/** Registers a domain's UPST signing key with `verifyUpst`; returns the function that removes it. */
export function registerUpstKey(key: SigningKey): () => void {
  liveDomainKeys.set(key.kid, key.publicKey)
  return () => {
    liveDomainKeys.delete(key.kid)
  }
}

/**
 * Mints a UPST laid out like OCI's: RS256 with the domain's `kid`; claims `iss`, `aud`, `sub`,
 * `tenant`, `ptype`, `ttype`, `iat`, `nbf`, `exp`, `sess_exp`, `jti` and `jwk` — the session public key
 * as a JSON *string* holding an RSA JWK, as in real session tokens.
 */
export function mintUpst(input: MintUpstInput): string {
  const iat = numericDate(input.now)
  const exp = iat + input.lifetimeSeconds
  const jwk = input.sessionPublicKey.export({ format: 'jwk' })
  const sessionJwk = {
    kty: 'RSA',
    n: jwk.n,
    e: jwk.e,
    kid: sessionKeyId(input.sessionPublicKey),
    alg: 'RS256',
    use: 'sig',
  }
  return signJwt(
    {
      iss: UPST_ISSUER,
      aud: UPST_AUDIENCE,
      sub: input.sub,
      tenant: input.tenant,
      ptype: 'user',
      ttype: 'upst',
      iat,
      nbf: iat,
      exp,
      sess_exp: new Date(exp * 1000).toUTCString(),
      jti: randomUUID(),
      jwk: JSON.stringify(sessionJwk),
      ...input.extra,
    },
    input.key,
  )
}

/**
 * Verifies a UPST issued by an identity domain of this emulator: RS256 signature by a known domain
 * key, `iss`, expiry, and a parsable `jwk` claim. Returns the session public key as PEM.
 * Throws EmulatorError EMULATOR_INVALID_TOKEN naming the failed rule (never echoing the token).
 */
export function verifyUpst(token: string, options: VerifyUpstOptions = {}): VerifiedUpst {
  const jwt = decodeJwt(token, 'UPST')
  const kid = jwt.header['kid']
  const keys = options.keys ?? liveDomainKeys
  const key = typeof kid === 'string' ? keys.get(kid) : undefined
  if (key === undefined) {
    throw invalidToken(`UPST: must be signed by a known identity-domain key, got kid ${JSON.stringify(kid)}`)
  }
  if (!verifyJwtSignature(jwt, key)) {
    throw invalidToken(
      `UPST: RS256 signature must verify with key ${String(kid)}, got a signature that does not`,
    )
  }
  const { payload } = jwt
  if (payload['iss'] !== UPST_ISSUER) {
    throw invalidToken(`UPST: iss must be ${UPST_ISSUER}, got ${JSON.stringify(payload['iss'])}`)
  }
  const exp = payload['exp']
  if (typeof exp !== 'number') throw invalidToken(`UPST: exp must be a number, got ${JSON.stringify(exp)}`)
  const now = numericDate(options.now ?? new Date())
  if (exp + (options.clockSkewSeconds ?? 0) <= now) {
    throw invalidToken(`UPST: must not be expired, got exp ${exp} which is ${now - exp} s in the past`)
  }
  const sub = payload['sub']
  if (typeof sub !== 'string') throw invalidToken(`UPST: sub must be a string, got ${JSON.stringify(sub)}`)
  let publicKeyPem: string
  try {
    const jwk = JSON.parse(String(payload['jwk']))
    publicKeyPem = publicKeyFromJwk(jwk).export({ type: 'spki', format: 'pem' }).toString()
  } catch {
    throw invalidToken(
      'UPST: jwk claim must be a JSON string holding an RSA public JWK, got one that does not parse',
    )
  }
  const tenant = typeof payload['tenant'] === 'string' ? payload['tenant'] : ''
  return { publicKeyPem, exp, sub, tenant, claims: payload }
}

/** The public JWK of a domain key, for tests that verify UPSTs with other tools. */
export function upstJwk(key: SigningKey) {
  return publicJwkOf(key)
}

function sessionKeyId(publicKey: KeyObject): string {
  // Node 20's createPublicKey() refuses a public KeyObject ("expected private"): export it directly.
  const der = (publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey).export({
    type: 'spki',
    format: 'der',
  })
  return createHash('sha256').update(der).digest('base64url').slice(0, 16)
}
