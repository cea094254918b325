import {
  createHash,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EmulatorError } from '../errors.js'
import { globMatch, type RequestUrl, readSmallBody, sendJson, toUrl } from '../oidc/http.js'
import {
  createSigningKey,
  type DecodedJwt,
  decodeJwt,
  numericDate,
  publicKeyFromJwk,
  type SigningKey,
  verifyJwtSignature,
} from '../oidc/jwt.js'
import { mintUpst, registerUpstKey, type VerifiedUpst, type VerifyUpstOptions, verifyUpst } from './upst.js'

export const TOKEN_PATH = '/oauth2/v1/token'
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const UPST_TOKEN_TYPE = 'urn:oci:token-type:oci-upst'
const SUBJECT_TOKEN_TYPES = new Set([
  'jwt',
  'urn:ietf:params:oauth:token-type:jwt',
  'urn:ietf:params:oauth:token-type:id_token',
])
const REGION_SUBSCRIPTIONS = /^\/20160918\/tenancies\/([^/]+)\/regionSubscriptions$/
const MAX_FORM_BYTES = 64 * 1024
const MIN_RSA_BITS = 2048

/** A JWKS document or a function returning the current one (keys may rotate). */
export type JwksSource = { keys: readonly JsonWebKey[] } | (() => { keys: readonly JsonWebKey[] })

/** An Identity Propagation Trust: which issuer's JWTs the domain exchanges, and for whom. */
export interface TrustedIssuer {
  /** Exact `iss` value. */
  issuer: string
  jwks: JwksSource
  /** Accepted `aud` values (the trust's clientClaimValues). */
  audiences: readonly string[]
  /** Glob rules on `sub` (`*` = anything), like `sub eq repo:OWNER/REPO:*`. Default: any subject. */
  subjects?: readonly string[]
  /** OAuth client ids allowed to use this trust. Default: any registered client. */
  clients?: readonly string[]
}

/** What the domain needs from the emulator's own OIDC issuer (see createOidcIssuer). */
export interface OidcIssuerTrust {
  readonly issuer: string
  readonly audience: string
  jwks(): { keys: readonly JsonWebKey[] }
}

export interface IdentityDomainOptions {
  /** Emulator base URL (e.g. `http://127.0.0.1:PORT`), or a function returning it once known. */
  baseUrl: string | (() => string)
  /** The emulator's OIDC issuer, trusted for its own audience. */
  oidc?: OidcIssuerTrust
  /** Further trusts (other issuers, audiences, subject rules). */
  trustedIssuers?: readonly TrustedIssuer[]
  /** The pre-registered confidential app. Defaults: `emulator-client` and a random secret. */
  clientId?: string
  clientSecret?: string
  /** UPST lifetime in seconds; default 3600 (OCI's 60 minutes). */
  tokenLifetimeSeconds?: number
  /** Leeway for the subject token's exp/nbf/iat, seconds; default 60. */
  clockSkewSeconds?: number
  /** Tenancy the UPSTs are issued for; default a fixed emulator tenancy OCID. */
  tenancyOcid?: string
  /** Home region that regionSubscriptions reports; default `us-ashburn-1`. */
  homeRegion?: string
  /** Subscribed regions (the home region is added if missing). */
  regions?: readonly string[]
  /** Clock, for tests. */
  now?: () => Date
}

/** One token-exchange attempt, for tests that count (re-)exchanges. */
export interface ExchangeLogEntry {
  time: Date
  clientId: string | undefined
  /** `sub` of the subject token when it decoded. */
  subject: string | undefined
  /** `ok`, or the OAuth error code answered. */
  outcome: 'ok' | OAuthErrorCode
}

export type OAuthErrorCode = 'invalid_client' | 'invalid_grant' | 'invalid_request' | 'unsupported_grant_type'

export interface IdentityDomain {
  /** Base URL of the domain (= the emulator URL). */
  readonly url: string
  /** `${url}/oauth2/v1/token`. */
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  /** Answers `/oauth2/v1/token` and `/20160918/tenancies/{id}/regionSubscriptions`; false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse, url: RequestUrl): Promise<boolean>
  /** Registers another confidential app; random id/secret when omitted. */
  addClient(clientId?: string, clientSecret?: string): { clientId: string; clientSecret: string }
  addTrustedIssuer(trust: TrustedIssuer): void
  /** UPST lifetime for tokens issued from now on (seconds; 0 or less mints already-expired tokens). */
  setTokenLifetime(seconds: number): void
  /** verifyUpst restricted to this domain's key. */
  verifyUpst(token: string, options?: Omit<VerifyUpstOptions, 'keys'>): VerifiedUpst
  readonly exchanges: readonly ExchangeLogEntry[]
  /** Unregisters the domain's key from the process-wide verifyUpst. */
  close(): void
}

class OAuthFailure extends Error {
  readonly status: number
  readonly error: OAuthErrorCode
  constructor(status: number, error: OAuthErrorCode, description: string) {
    super(description)
    this.status = status
    this.error = error
  }
}

/**
 * An IAM identity-domain stand-in that performs the JWT → UPST token exchange
 * (RFC 8693 with OCI's `requested_token_type` and `public_key`), and answers the Identity
 * regionSubscriptions call used for home-region discovery.
 */
export function createIdentityDomain(options: IdentityDomainOptions): IdentityDomain {
  const now = options.now ?? (() => new Date())
  const skew = options.clockSkewSeconds ?? 60
  const tenancyOcid =
    options.tenancyOcid ?? 'ocid1.tenancy.oc1..aaaaaaaaemulatortenancy0000000000000000000000000000000000'
  const homeRegion = options.homeRegion ?? 'us-ashburn-1'
  const regions = [homeRegion, ...(options.regions ?? []).filter((r) => r !== homeRegion)]
  let lifetime = checkLifetime(options.tokenLifetimeSeconds ?? 3600)
  const key: SigningKey = createSigningKey('upst')
  const unregister = registerUpstKey(key)
  const clients = new Map<string, string>()
  const clientId = options.clientId ?? 'emulator-client'
  const clientSecret = options.clientSecret ?? randomBytes(18).toString('base64url')
  clients.set(clientId, clientSecret)
  const trusts: TrustedIssuer[] = [...(options.trustedIssuers ?? [])]
  const exchanges: ExchangeLogEntry[] = []
  const baseUrl = () =>
    (typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl).replace(/\/$/, '')

  function allTrusts(): TrustedIssuer[] {
    const oidc = options.oidc
    if (oidc === undefined) return trusts
    return [{ issuer: oidc.issuer, audiences: [oidc.audience], jwks: () => oidc.jwks() }, ...trusts]
  }

  function authenticateClient(req: IncomingMessage): string {
    const header = req.headers.authorization
    const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
    if (match === null) {
      throw new OAuthFailure(
        401,
        'invalid_client',
        'client authentication: HTTP Basic credentials are required',
      )
    }
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const id = colon < 0 ? decoded : decoded.slice(0, colon)
    const secret = colon < 0 ? '' : decoded.slice(colon + 1)
    const expected = clients.get(id)
    if (expected === undefined || !sameSecret(expected, secret)) {
      // Names the client id (not secret) so a wrong id and a wrong secret read differently.
      throw new OAuthFailure(
        401,
        'invalid_client',
        `client authentication: unknown client or wrong secret for ${JSON.stringify(id)}`,
      )
    }
    return id
  }

  function verifySubjectToken(token: string, client: string): DecodedJwt {
    let jwt: DecodedJwt
    try {
      jwt = decodeJwt(token, 'subject_token')
    } catch (error) {
      throw new OAuthFailure(400, 'invalid_grant', (error as Error).message)
    }
    const iss = jwt.payload['iss']
    const trust = allTrusts().find((t) => t.issuer === iss)
    if (trust === undefined) {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: issuer must be a trusted issuer, got ${JSON.stringify(iss)}`,
      )
    }
    if (trust.clients !== undefined && !trust.clients.includes(client)) {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: the trust for ${String(iss)} is not enabled for client ${JSON.stringify(client)}`,
      )
    }
    const kid = jwt.header['kid']
    const jwks = typeof trust.jwks === 'function' ? trust.jwks() : trust.jwks
    const jwk = jwks.keys.find((k) => (k as { kid?: unknown }).kid === kid)
    let publicKey: KeyObject | undefined
    try {
      publicKey = jwk === undefined ? undefined : publicKeyFromJwk(jwk)
    } catch {
      publicKey = undefined
    }
    if (publicKey === undefined || !verifyJwtSignature(jwt, publicKey)) {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: RS256 signature must verify against the JWKS of ${String(iss)}, got kid ${JSON.stringify(kid)} that does not`,
      )
    }
    const aud = jwt.payload['aud']
    const audiences = Array.isArray(aud) ? aud : [aud]
    if (!audiences.some((a) => typeof a === 'string' && trust.audiences.includes(a))) {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: aud must be one of ${JSON.stringify(trust.audiences)}, got ${JSON.stringify(aud)}`,
      )
    }
    const t = numericDate(now())
    const exp = jwt.payload['exp']
    if (typeof exp !== 'number')
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: exp must be a number, got ${JSON.stringify(exp)}`,
      )
    if (exp + skew <= t) {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: must not be expired, got exp ${exp} which is ${t - exp} s in the past`,
      )
    }
    for (const claim of ['nbf', 'iat'] as const) {
      const value = jwt.payload[claim]
      if (typeof value === 'number' && value - skew > t) {
        throw new OAuthFailure(
          400,
          'invalid_grant',
          `subject_token: ${claim} must not be in the future, got ${value} (now ${t})`,
        )
      }
    }
    const sub = jwt.payload['sub']
    if (typeof sub !== 'string' || sub === '') {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: sub must be a non-empty string, got ${JSON.stringify(sub)}`,
      )
    }
    if (trust.subjects !== undefined && !trust.subjects.some((rule) => globMatch(rule, sub))) {
      throw new OAuthFailure(
        400,
        'invalid_grant',
        `subject_token: sub must match a rule of the trust for ${String(iss)}, got ${JSON.stringify(sub)}`,
      )
    }
    return jwt
  }

  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let client: string | undefined
    let subject: string | undefined
    try {
      if (req.method !== 'POST') {
        throw new OAuthFailure(
          405,
          'invalid_request',
          `token endpoint: method must be POST, got ${req.method ?? ''}`,
        )
      }
      client = authenticateClient(req)
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (contentType !== 'application/x-www-form-urlencoded') {
        throw new OAuthFailure(
          400,
          'invalid_request',
          `token request: content-type must be application/x-www-form-urlencoded, got ${JSON.stringify(contentType)}`,
        )
      }
      const body = await readSmallBody(req, MAX_FORM_BYTES)
      if (body === undefined) {
        throw new OAuthFailure(
          400,
          'invalid_request',
          `token request: body must be at most ${MAX_FORM_BYTES} bytes`,
        )
      }
      const form = new URLSearchParams(body.toString('utf8'))
      const grantType = required(form, 'grant_type')
      if (grantType !== TOKEN_EXCHANGE_GRANT) {
        throw new OAuthFailure(
          400,
          'unsupported_grant_type',
          `grant_type: must be ${TOKEN_EXCHANGE_GRANT}, got ${JSON.stringify(grantType)}`,
        )
      }
      const requested = required(form, 'requested_token_type')
      if (requested !== UPST_TOKEN_TYPE) {
        throw new OAuthFailure(
          400,
          'invalid_request',
          `requested_token_type: must be ${UPST_TOKEN_TYPE}, got ${JSON.stringify(requested)}`,
        )
      }
      const subjectTokenType = required(form, 'subject_token_type')
      if (!SUBJECT_TOKEN_TYPES.has(subjectTokenType)) {
        throw new OAuthFailure(
          400,
          'invalid_request',
          `subject_token_type: must be jwt, got ${JSON.stringify(subjectTokenType)}`,
        )
      }
      const sessionKey = parsePublicKey(required(form, 'public_key'))
      const jwt = verifySubjectToken(required(form, 'subject_token'), client)
      subject = jwt.payload['sub'] as string
      const upst = mintUpst({
        key,
        sessionPublicKey: sessionKey,
        sub: userOcidFor(jwt.payload['iss'] as string, subject),
        tenant: tenancyOcid,
        lifetimeSeconds: lifetime,
        now: now(),
        extra: { client_id: client, ext_iss: jwt.payload['iss'], ext_sub: subject, domain: baseUrl() },
      })
      exchanges.push({ time: now(), clientId: client, subject, outcome: 'ok' })
      sendJson(res, 200, { token: upst })
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error
      exchanges.push({ time: now(), clientId: client, subject, outcome: error.error })
      sendJson(
        res,
        error.status,
        { error: error.error, error_description: error.message },
        error.status === 401 ? { 'www-authenticate': 'Basic realm="identity-domain"' } : {},
      )
    }
  }

  function regionSubscriptions(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      sendJson(res, 405, {
        code: 'MethodNotAllowed',
        message: `regionSubscriptions: method must be GET, got ${req.method ?? ''}`,
      })
      return
    }
    sendJson(
      res,
      200,
      regions.map((name) => ({
        regionKey: REGION_KEYS[name] ?? name.split('-')[1]!.slice(0, 3).toUpperCase(),
        regionName: name,
        status: 'READY',
        isHomeRegion: name === homeRegion,
      })),
    )
  }

  return {
    get url() {
      return baseUrl()
    },
    get tokenUrl() {
      return `${baseUrl()}${TOKEN_PATH}`
    },
    clientId,
    clientSecret,
    exchanges,
    async handle(req, res, url) {
      const { pathname } = toUrl(url)
      if (pathname === TOKEN_PATH) {
        await exchange(req, res)
        return true
      }
      if (REGION_SUBSCRIPTIONS.test(pathname)) {
        regionSubscriptions(req, res)
        return true
      }
      return false
    },
    addClient(
      id = `client-${randomBytes(6).toString('hex')}`,
      secret = randomBytes(18).toString('base64url'),
    ) {
      clients.set(id, secret)
      return { clientId: id, clientSecret: secret }
    },
    addTrustedIssuer(trust) {
      trusts.push(trust)
    },
    setTokenLifetime(seconds) {
      lifetime = checkLifetime(seconds)
    },
    verifyUpst(token, verifyOptions = {}) {
      return verifyUpst(token, { ...verifyOptions, keys: new Map([[key.kid, key.publicKey]]) })
    },
    close: unregister,
  }
}

/** Region keys for the regions tests use; others get a derived three-letter key. */
const REGION_KEYS: Record<string, string> = {
  'us-ashburn-1': 'IAD',
  'us-phoenix-1': 'PHX',
  'us-chicago-1': 'ORD',
  'eu-frankfurt-1': 'FRA',
  'eu-amsterdam-1': 'AMS',
  'uk-london-1': 'LHR',
  'ap-hyderabad-1': 'HYD',
  'ap-tokyo-1': 'NRT',
  'sa-saopaulo-1': 'GRU',
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name)
  if (value === null || value === '') {
    throw new OAuthFailure(400, 'invalid_request', `${name}: is required, got nothing`)
  }
  return value
}

/**
 * The session public key as OCI takes it: base64 DER SubjectPublicKeyInfo (the PEM body without
 * header, footer or newlines). A full SPKI PEM is accepted too. RSA ≥ 2048 bits only.
 */
function parsePublicKey(value: string): KeyObject {
  const trimmed = value.trim()
  let key: KeyObject
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      key = createPublicKey(trimmed)
    } else {
      if (!/^[A-Za-z0-9+/\s]+={0,2}$/.test(trimmed)) throw new Error('not base64')
      key = createPublicKey({
        key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'),
        format: 'der',
        type: 'spki',
      })
    }
  } catch {
    const hint = / /.test(trimmed) ? ' (a "+" sent unencoded in a form body decodes to a space)' : ''
    throw new OAuthFailure(
      400,
      'invalid_request',
      `public_key: must be a base64 DER SubjectPublicKeyInfo or SPKI PEM, got ${trimmed.length} characters that do not parse${hint}`,
    )
  }
  const details = key.asymmetricKeyDetails
  if (key.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new OAuthFailure(
      400,
      'invalid_request',
      `public_key: must be an RSA key of at least ${MIN_RSA_BITS} bits, got ${key.asymmetricKeyType ?? 'unknown'} ${details?.modulusLength ?? ''}`.trim(),
    )
  }
  return key
}

/** A stable user OCID per federated subject, as an impersonated service user would have. */
function userOcidFor(issuer: string, subject: string): string {
  const digest = createHash('sha512').update(`${issuer}\n${subject}`).digest()
  return `ocid1.user.oc1..aaaaaaaa${base32(digest).slice(0, 52)}`
}

function base32(bytes: Buffer): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

function checkLifetime(seconds: number): number {
  if (!Number.isInteger(seconds)) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `tokenLifetimeSeconds: must be an integer, got ${seconds}`,
      {
        option: 'tokenLifetimeSeconds',
        value: String(seconds),
      },
    )
  }
  return seconds
}

function sameSecret(expected: string, actual: string): boolean {
  const a = createHash('sha256').update(expected).digest()
  const b = createHash('sha256').update(actual).digest()
  return timingSafeEqual(a, b)
}
