import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import type * as common from 'oci-common'
import { CoreError, errorMessage } from '../errors.js'
import type { Logger } from '../logger.js'
import { decodeJwtClaims, redactTokens } from './jwt.js'
import type { OidcAuthOptions } from './types.js'

const generateRsaKeyPair = promisify(generateKeyPair)

const DEFAULT_REFRESH_MARGIN_SECONDS = 300
const TOKEN_PATH = '/oauth2/v1/token'

interface SessionKey {
  readonly privateKeyPem: string
  /** base64 DER SubjectPublicKeyInfo: the PEM body without armour or newlines. */
  readonly publicKeyB64: string
}

interface Upst {
  readonly token: string
  /** seconds since the epoch */
  readonly exp: number
  /** seconds the token was valid for when we got it */
  readonly lifetime: number
}

/** A fresh RSA-2048 key that lives only in this process. */
export async function createSessionKey(): Promise<SessionKey> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 })
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyB64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  }
}

/**
 * An AuthenticationDetailsProvider that signs as `ST$<UPST>`. The SDK's signer calls `getKeyId()`
 * before every request, so an expiring UPST is re-exchanged there, lazily: no timers to leak, and
 * concurrent requests share one exchange. One key pair serves every exchange (the public key is
 * sent with each), so the signer never has to re-parse a key.
 */
export class TokenExchangeProvider implements common.AuthenticationDetailsProvider {
  readonly #options: OidcAuthOptions
  readonly #key: SessionKey
  readonly #fetch: typeof fetch
  readonly #logger: Logger | undefined
  readonly #now: () => number
  #upst: Upst | undefined
  #inflight: Promise<Upst> | undefined

  constructor(
    options: OidcAuthOptions,
    key: SessionKey,
    ctx: { fetch: typeof fetch; logger?: Logger | undefined; now: () => number },
  ) {
    this.#options = options
    this.#key = key
    this.#fetch = ctx.fetch
    this.#logger = ctx.logger
    this.#now = ctx.now
  }

  async getKeyId(): Promise<string> {
    const upst = await this.#current()
    return `ST$${upst.token}`
  }

  getPrivateKey(): string {
    return this.#key.privateKeyPem
  }

  getPassphrase(): string | null {
    return null
  }

  /** Seconds since the epoch at which the current UPST expires (undefined before the first exchange). */
  get expiresAt(): number | undefined {
    return this.#upst?.exp
  }

  /** Exchange now, whatever the current token's age (first use, and after a 401). */
  async refresh(): Promise<string> {
    const upst = await this.#exchangeOnce()
    return upst.token
  }

  async #current(): Promise<Upst> {
    const upst = this.#upst
    if (upst !== undefined && !this.#dueForRefresh(upst)) return upst
    try {
      return await this.#exchangeOnce()
    } catch (error) {
      // A failed early refresh is not fatal while the current token still has time left.
      if (upst !== undefined && upst.exp * 1000 > this.#now() + 5_000) {
        this.#logger?.warn(
          `UPST refresh failed, using the current token until it expires: ${errorMessage(error)}`,
        )
        return upst
      }
      throw error
    }
  }

  #dueForRefresh(upst: Upst): boolean {
    const margin = Math.min(
      this.#options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS,
      upst.lifetime / 2,
    )
    return this.#now() / 1000 >= upst.exp - margin
  }

  #exchangeOnce(): Promise<Upst> {
    if (this.#inflight === undefined) {
      this.#inflight = this.#exchange().finally(() => {
        this.#inflight = undefined
      })
    }
    return this.#inflight
  }

  async #exchange(): Promise<Upst> {
    const { identityDomainUrl, clientId, clientSecret } = this.#options
    const url = `${identityDomainUrl.replace(/\/+$/, '')}${TOKEN_PATH}`
    let idToken: string
    try {
      idToken = (await this.#options.getIdToken()).trim()
    } catch (error) {
      throw exchangeError(
        `OIDC token: the getIdToken callback failed: ${redactTokens(errorMessage(error))}`,
        {
          cause: error,
        },
      )
    }
    if (decodeJwtClaims(idToken) === undefined) {
      throw exchangeError(
        `OIDC token: must be a JWT (header.payload.signature), got ${idToken.length} characters`,
      )
    }
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:oci:token-type:oci-upst',
      subject_token: idToken,
      subject_token_type: 'jwt',
      public_key: this.#key.publicKeyB64,
    })
    let response: Response
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: body.toString(),
      })
    } catch (error) {
      throw exchangeError(`token exchange: identity domain ${url} unreachable: ${errorMessage(error)}`, {
        cause: error,
      })
    }
    const text = await response.text().catch(() => '')
    if (!response.ok) throw describeExchangeFailure(response.status, text, url, clientId)
    let token: unknown
    try {
      token = (JSON.parse(text) as { token?: unknown }).token
    } catch {
      token = undefined
    }
    if (typeof token !== 'string' || token === '') {
      throw exchangeError(
        `token exchange: the identity domain answered ${response.status} without a "token" field (is ${url} an identity domain?)`,
        { status: response.status },
      )
    }
    const claims = decodeJwtClaims(token)
    if (claims?.exp === undefined || typeof claims.exp !== 'number') {
      throw exchangeError('token exchange: the UPST is not a JWT with an exp claim', {
        status: response.status,
      })
    }
    const nowSeconds = this.#now() / 1000
    const issuedAt = typeof claims.iat === 'number' ? claims.iat : nowSeconds
    const upst: Upst = { token, exp: claims.exp, lifetime: Math.max(1, claims.exp - issuedAt) }
    this.#upst = upst
    this.#logger?.debug(
      `token exchange: got a UPST valid until ${new Date(upst.exp * 1000).toISOString()} (${Math.round(upst.lifetime)} s)`,
    )
    return upst
  }
}

function exchangeError(
  message: string,
  extra: { status?: number; serviceCode?: string; cause?: unknown } = {},
): CoreError {
  const context: { status?: number; serviceCode?: string } = {}
  if (extra.status !== undefined) context.status = extra.status
  if (extra.serviceCode !== undefined) context.serviceCode = extra.serviceCode
  return new CoreError(
    'CORE_TOKEN_EXCHANGE_FAILED',
    message,
    context,
    extra.cause === undefined ? undefined : { cause: extra.cause },
  )
}

/**
 * Turn an OAuth error answer into one sentence that says which setup step is wrong. The
 * identity domain's own description is kept (it names the claim or client) with any token-shaped
 * text removed; the client secret is never echoed by the service.
 */
function describeExchangeFailure(status: number, text: string, url: string, clientId: string): CoreError {
  let code = ''
  let description = ''
  try {
    const parsed = JSON.parse(text) as { error?: unknown; error_description?: unknown }
    code = typeof parsed.error === 'string' ? parsed.error : ''
    description = typeof parsed.error_description === 'string' ? parsed.error_description : ''
  } catch {
    description = text.slice(0, 200)
  }
  const detail = redactTokens([code, description].filter((s) => s !== '').join(': ')) || `HTTP ${status}`
  const lower = `${code} ${description}`.toLowerCase()
  let what: string
  if (code === 'invalid_client' || (status === 401 && code === '')) {
    what = `bad client: the identity domain rejected client id ${clientId} (check the confidential app's client id and secret, and that it allows client credentials)`
  } else if (/\baud\b|audience/.test(lower)) {
    what =
      "wrong audience: the OIDC token's aud is not one the trust accepts (request the token with an audience listed in the trust's clientClaimValues)"
  } else if (/not enabled for client|oauthclients/.test(lower)) {
    what = `client not allowed: the trust for this issuer does not list client id ${clientId} in its oauthClients`
  } else if (/issuer/.test(lower)) {
    what =
      "untrusted issuer: no active identity propagation trust accepts this OIDC token's issuer (check the trust's issuer, publicKeyEndpoint and active flag)"
  } else if (/signature|jwks|\bkid\b/.test(lower)) {
    what =
      "unverifiable OIDC token: its signature does not match the issuer's published keys (publicKeyEndpoint)"
  } else if (/\bsub\b|impersonat/.test(lower)) {
    what = "subject not mapped: no impersonation rule of the trust matches the OIDC token's sub"
  } else if (/expired|\bexp\b/.test(lower)) {
    what = 'expired OIDC token: request a fresh one for each exchange'
  } else {
    what = 'the identity domain refused the exchange'
  }
  return exchangeError(`token exchange: ${what}; ${url} answered ${status} (${detail})`, {
    status,
    ...(code === '' ? {} : { serviceCode: code }),
  })
}
