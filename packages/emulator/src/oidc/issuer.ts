import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EmulatorError } from '../errors.js'
import { type RequestUrl, sendJson, toUrl } from './http.js'
import {
  createSigningKey,
  numericDate,
  type PublicJwk,
  publicJwkOf,
  type SigningKey,
  signJwt,
} from './jwt.js'

export const OIDC_BASE_PATH = '/oidc'
const TOKEN_REQUEST_PATH = `${OIDC_BASE_PATH}/token-request`

export interface OidcIssuerOptions {
  /** Emulator base URL (e.g. `http://127.0.0.1:PORT`), or a function returning it once known. */
  baseUrl: string | (() => string)
  /** `OWNER/REPO` the tokens are minted for; default `octo-org/octo-repo`. */
  repository?: string
  /** Git ref; default `refs/heads/main`. */
  ref?: string
  /** The audience the identity domain trusts; default `https://cloud.oracle.com`. */
  audience?: string
  /** Bearer token the token-request endpoint expects; default random. */
  requestToken?: string
  /** ID-token lifetime in seconds; default 300. */
  tokenLifetimeSeconds?: number
  /** Clock, for tests. */
  now?: () => Date
}

export interface OidcIssuer {
  /** `${url}/oidc`: the `iss` of minted tokens. */
  readonly issuer: string
  /**
   * The ACTIONS_ID_TOKEN_REQUEST_URL value: `${issuer}/token-request?api-version=2.0`. It carries a
   * query, like GitHub's, because `@actions/core` appends `&audience=…` to it verbatim.
   */
  readonly requestUrl: string
  /** The ACTIONS_ID_TOKEN_REQUEST_TOKEN value. */
  readonly requestToken: string
  /** Audience the emulator's identity domain trusts. */
  readonly audience: string
  /** Answers `/oidc/**`; false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse, url: RequestUrl): Promise<boolean>
  /**
   * Mints an ID token like GitHub's (claims iss, sub, aud, exp, iat, nbf, jti, repository, ref, …).
   * `claims` override the defaults; a claim set to `undefined` is left out.
   */
  mint(claims?: Record<string, unknown>): string
  /** The JWKS document served at `/oidc/jwks`. */
  jwks(): { keys: PublicJwk[] }
  /** Tokens handed out by the token-request endpoint (not by `mint`), for tests that count them. */
  readonly requests: number
}

/**
 * A GitHub Actions OIDC provider stand-in: the token-request endpoint `@actions/core`'s
 * `getIDToken(audience)` calls, the discovery document and the JWKS.
 */
export function createOidcIssuer(options: OidcIssuerOptions): OidcIssuer {
  const now = options.now ?? (() => new Date())
  const repository = options.repository ?? 'octo-org/octo-repo'
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `repository: must be OWNER/REPO, got ${JSON.stringify(repository)}`,
      {
        option: 'repository',
        value: repository,
      },
    )
  }
  const owner = repository.split('/')[0]!
  const ref = options.ref ?? 'refs/heads/main'
  const audience = options.audience ?? 'https://cloud.oracle.com'
  const requestToken = options.requestToken ?? randomBytes(24).toString('base64url')
  const lifetime = options.tokenLifetimeSeconds ?? 300
  const key: SigningKey = createSigningKey('gha')
  let requests = 0
  const baseUrl = () =>
    (typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl).replace(/\/$/, '')
  const issuer = () => `${baseUrl()}${OIDC_BASE_PATH}`
  const jwks = () => ({ keys: [publicJwkOf(key)] })

  function mint(claims: Record<string, unknown> = {}): string {
    const iat = numericDate(now())
    const defaults: Record<string, unknown> = {
      jti: randomUUID(),
      sub: `repo:${repository}:ref:${ref}`,
      aud: audience,
      ref,
      sha: '4f1c3a1b9e2d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
      repository,
      repository_owner: owner,
      repository_visibility: 'private',
      run_id: '1234567890',
      run_number: '42',
      run_attempt: '1',
      actor: 'octocat',
      workflow: 'focus-export',
      event_name: 'schedule',
      ref_type: 'branch',
      job_workflow_ref: `${repository}/.github/workflows/focus-export.yml@${ref}`,
      runner_environment: 'github-hosted',
      iss: issuer(),
      nbf: iat - 5,
      iat,
      exp: iat + lifetime,
    }
    const payload: Record<string, unknown> = {}
    for (const [name, value] of Object.entries({ ...defaults, ...claims })) {
      if (value !== undefined) payload[name] = value
    }
    return signJwt(payload, key)
  }

  function tokenRequest(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') {
      sendJson(res, 405, { message: `token request: method must be GET, got ${req.method ?? ''}` })
      return
    }
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      sendJson(res, 401, {
        message: 'token request: a valid bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN is required',
      })
      return
    }
    // `@actions/core` appends `&audience=` to the request URL as given; accept it even when that URL
    // had no query (the audience then arrives inside the path).
    let params = url.searchParams
    const pathTail = decodeURIComponent(url.pathname).slice(TOKEN_REQUEST_PATH.length)
    if (pathTail.startsWith('&')) params = new URLSearchParams(`${pathTail.slice(1)}&${url.searchParams}`)
    const requested = params.get('audience')
    requests += 1
    sendJson(res, 200, { value: mint({ aud: requested ?? `https://github.com/${owner}` }) })
  }

  return {
    get issuer() {
      return issuer()
    },
    get requestUrl() {
      return `${issuer()}/token-request?api-version=2.0`
    },
    requestToken,
    audience,
    get requests() {
      return requests
    },
    mint,
    jwks,
    async handle(req, res, rawUrl) {
      const url = toUrl(rawUrl)
      const path = url.pathname
      if (path !== OIDC_BASE_PATH && !path.startsWith(`${OIDC_BASE_PATH}/`)) return false
      if (
        path === TOKEN_REQUEST_PATH ||
        path.startsWith(`${TOKEN_REQUEST_PATH}&`) ||
        path.startsWith(`${TOKEN_REQUEST_PATH}%26`)
      ) {
        tokenRequest(req, res, url)
      } else if (path === `${OIDC_BASE_PATH}/.well-known/openid-configuration`) {
        sendJson(res, 200, {
          issuer: issuer(),
          jwks_uri: `${issuer()}/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: [
            'sub',
            'aud',
            'exp',
            'iat',
            'iss',
            'jti',
            'nbf',
            'ref',
            'repository',
            'repository_owner',
            'run_id',
            'actor',
            'workflow',
            'event_name',
            'job_workflow_ref',
          ],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        })
      } else if (path === `${OIDC_BASE_PATH}/jwks` || path === `${OIDC_BASE_PATH}/.well-known/jwks`) {
        sendJson(res, 200, jwks())
      } else {
        sendJson(res, 404, { message: `OIDC issuer: no route ${path}` })
      }
      return true
    },
  }
}
