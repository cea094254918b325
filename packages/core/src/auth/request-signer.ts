import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto'
import * as common from 'oci-common'
import { CoreError } from '../errors.js'

const HEADERS_TO_SIGN = ['x-date', '(request-target)', 'host'] as const
const BODY_HEADERS = ['content-type', 'content-length', 'x-content-sha256'] as const
const METHODS_SIGNING_BODY = new Set(['POST', 'PUT', 'PATCH'])
const EMPTY_SHA256 = createHash('sha256').update('').digest('base64')

type SignableRequest = Parameters<common.RequestSigner['signHttpRequest']>[0]

/**
 * The OCI HTTP signature (draft-cavage, `version="1"`, rsa-sha256) made with a parsed private key
 * kept across requests. The SDK's DefaultRequestSigner hands a PEM to http-signature, which
 * re-parses it with sshpk (pure JavaScript) on every request: about as much CPU as the request
 * itself for small objects. This signer produces the same headers and signing string; the key is
 * parsed again only when the provider hands out another PEM (session keys rotate). Providers that
 * delegate (config `authentication_type`, delegation tokens) and stream bodies that would have to
 * be signed go to the SDK's own signer, unchanged.
 */
export class CachedKeyRequestSigner implements common.RequestSigner {
  readonly #provider: common.AuthenticationDetailsProvider
  #fallback: common.DefaultRequestSigner | undefined
  #pem: string | undefined
  #passphrase: string | undefined
  #key: KeyObject | undefined

  constructor(provider: common.AuthenticationDetailsProvider) {
    this.#provider = provider
  }

  async signHttpRequest(request: SignableRequest, forceExcludeBody = false): Promise<void> {
    const signsBody = !forceExcludeBody && METHODS_SIGNING_BODY.has(request.method.toUpperCase())
    if (this.#delegates() || (signsBody && request.body !== undefined && typeof request.body !== 'string')) {
      this.#fallback ??= new common.DefaultRequestSigner(this.#provider)
      await this.#fallback.signHttpRequest(request, forceExcludeBody)
      return
    }
    const { headers } = request
    const url = new URL(request.uri)
    if (!headers.has('host')) headers.set('host', url.host)
    if (!headers.has('x-date')) headers.set('x-date', new Date().toUTCString())
    const signed: string[] = [...HEADERS_TO_SIGN]
    if (signsBody) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
      const body = typeof request.body === 'string' ? request.body : ''
      headers.set(
        'x-content-sha256',
        body === '' ? EMPTY_SHA256 : createHash('sha256').update(body, 'utf8').digest('base64'),
      )
      if (!headers.has('content-length'))
        headers.set('content-length', String(Buffer.byteLength(body, 'utf8')))
      signed.push(...BODY_HEADERS)
    }
    const keyId = await this.#provider.getKeyId()
    const target = `${request.method.toLowerCase()} ${url.pathname}${url.search}`
    const signingString = signed
      .map((name) =>
        name === '(request-target)' ? `(request-target): ${target}` : `${name}: ${headers.get(name)}`,
      )
      .join('\n')
    const signature = sign('sha256', Buffer.from(signingString, 'utf8'), this.#keyObject()).toString('base64')
    headers.set(
      'authorization',
      `Signature version="1",keyId="${keyId}",algorithm="rsa-sha256",headers="${signed.join(' ')}",signature="${signature}"`,
    )
  }

  #delegates(): boolean {
    const provider = this.#provider as common.AuthenticationDetailsProvider & {
      getAuthType?: () => unknown
      getProvider?: () => unknown
      getDelegationToken?: () => unknown
    }
    return Boolean(provider.getAuthType?.() || provider.getProvider?.() || provider.getDelegationToken?.())
  }

  #keyObject(): KeyObject {
    const pem = this.#provider.getPrivateKey()
    const passphrase = this.#provider.getPassphrase() ?? undefined
    if (this.#key === undefined || pem !== this.#pem || passphrase !== this.#passphrase) {
      const key = createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase })
      if (key.asymmetricKeyType !== 'rsa') {
        throw new CoreError(
          'CORE_AUTH_CONFIG',
          `request signing: the private key must be RSA, got ${key.asymmetricKeyType ?? 'an unknown type'}`,
        )
      }
      this.#key = key
      this.#pem = pem
      this.#passphrase = passphrase
    }
    return this.#key
  }
}
