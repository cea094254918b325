import { createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EmulatorError } from '../src/errors.ts'
import { createIdentityDomain, type IdentityDomain, verifyUpst } from '../src/identity/index.ts'
import { createOidcIssuer, type OidcIssuer } from '../src/oidc/index.ts'

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const UPST = 'urn:oci:token-type:oci-upst'

let server: Server
let baseUrl = ''
let oidc: OidcIssuer
let identity: IdentityDomain
let sessionKey: { publicKey: KeyObject; privateKey: KeyObject; base64Der: string; pem: string }

beforeAll(async () => {
  oidc = createOidcIssuer({ baseUrl: () => baseUrl, repository: 'acme/focus' })
  identity = createDomain()
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    void (async () => {
      if ((await identity.handle(req, res, url)) || (await oidc.handle(req, res, url))) return
      res.writeHead(404).end()
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  sessionKey = {
    publicKey,
    privateKey,
    base64Der: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
})

afterAll(async () => {
  identity.close()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

function createDomain(): IdentityDomain {
  return createIdentityDomain({
    baseUrl: () => baseUrl,
    oidc,
    homeRegion: 'eu-frankfurt-1',
    regions: ['us-ashburn-1'],
  })
}

interface ExchangeInput {
  form?: Record<string, string | undefined>
  clientId?: string
  clientSecret?: string
  authorization?: string | null
  contentType?: string
}

async function exchange(
  input: ExchangeInput = {},
): Promise<{ status: number; body: Record<string, string>; headers: Headers }> {
  const form: Record<string, string | undefined> = {
    grant_type: GRANT,
    requested_token_type: UPST,
    subject_token: oidc.mint(),
    subject_token_type: 'jwt',
    public_key: sessionKey.base64Der,
    ...input.form,
  }
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(form)) if (value !== undefined) params.set(name, value)
  const credentials = `${input.clientId ?? identity.clientId}:${input.clientSecret ?? identity.clientSecret}`
  const headers: Record<string, string> = {
    'content-type': input.contentType ?? 'application/x-www-form-urlencoded',
  }
  if (input.authorization !== null) {
    headers['authorization'] = input.authorization ?? `Basic ${Buffer.from(credentials).toString('base64')}`
  }
  const response = await fetch(identity.tokenUrl, { method: 'POST', headers, body: params.toString() })
  return {
    status: response.status,
    body: (await response.json()) as Record<string, string>,
    headers: response.headers,
  }
}

function expectOAuthError(
  result: { status: number; body: Record<string, string> },
  status: number,
  error: string,
  description: RegExp,
): void {
  expect(result.status).toBe(status)
  expect(result.body['error']).toBe(error)
  expect(result.body['error_description']).toMatch(description)
  expect(result.body['token']).toBeUndefined()
}

describe('identity domain token exchange', () => {
  it('exchanges a trusted GitHub-style JWT for a UPST carrying the session public key', async () => {
    const before = Math.floor(Date.now() / 1000)
    const result = await exchange()
    expect(result.status).toBe(200)
    expect(result.headers.get('content-type')).toBe('application/json')
    const token = result.body['token']!
    expect(token.split('.')).toHaveLength(3)

    const verified = verifyUpst(token)
    expect(verified.publicKeyPem).toBe(sessionKey.pem)
    expect(verified.exp).toBeGreaterThanOrEqual(before + 3600)
    expect(verified.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600)
    expect(verified.sub).toMatch(/^ocid1\.user\.oc1\.\.aaaaaaaa[a-z2-7]{52}$/)
    expect(verified.claims['ext_sub']).toBe('repo:acme/focus:ref:refs/heads/main')
    // The jwk claim is a JSON string holding the RSA JWK, as in real UPSTs.
    const jwk = JSON.parse(String(verified.claims['jwk']))
    expect(jwk.kty).toBe('RSA')
    expect(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })).toBe(
      sessionKey.pem,
    )
    expect(identity.verifyUpst(token).sub).toBe(verified.sub)
  })

  it('maps one federated subject to one stable user OCID', async () => {
    const a = verifyUpst((await exchange()).body['token']!)
    const b = verifyUpst((await exchange()).body['token']!)
    const other = verifyUpst(
      (await exchange({ form: { subject_token: oidc.mint({ sub: 'repo:acme/other:ref:refs/heads/main' }) } }))
        .body['token']!,
    )
    expect(a.sub).toBe(b.sub)
    expect(other.sub).not.toBe(a.sub)
  })

  it('accepts the session key as a full SPKI PEM too', async () => {
    const result = await exchange({ form: { public_key: sessionKey.pem } })
    expect(result.status).toBe(200)
    expect(verifyUpst(result.body['token']!).publicKeyPem).toBe(sessionKey.pem)
  })

  it('answers 401 invalid_client for a wrong client secret, an unknown client and missing credentials', async () => {
    const wrongSecret = await exchange({ clientSecret: 'not-the-secret' })
    expectOAuthError(wrongSecret, 401, 'invalid_client', /wrong secret for "emulator-client"/)
    expect(wrongSecret.headers.get('www-authenticate')).toMatch(/^Basic/)
    expect(JSON.stringify(wrongSecret.body)).not.toContain(identity.clientSecret)
    expectOAuthError(await exchange({ clientId: 'nobody' }), 401, 'invalid_client', /"nobody"/)
    expectOAuthError(
      await exchange({ authorization: null }),
      401,
      'invalid_client',
      /Basic credentials are required/,
    )
  })

  it('accepts a client registered with addClient', async () => {
    const client = identity.addClient()
    expect((await exchange({ clientId: client.clientId, clientSecret: client.clientSecret })).status).toBe(
      200,
    )
  })

  it('answers unsupported_grant_type for another grant type', async () => {
    expectOAuthError(
      await exchange({ form: { grant_type: 'client_credentials' } }),
      400,
      'unsupported_grant_type',
      /grant_type: must be urn:ietf:params:oauth:grant-type:token-exchange, got "client_credentials"/,
    )
  })

  it('answers invalid_request for a wrong requested_token_type, missing fields and a wrong content type', async () => {
    expectOAuthError(
      await exchange({ form: { requested_token_type: 'urn:oci:token-type:oci-rpst' } }),
      400,
      'invalid_request',
      /requested_token_type: must be urn:oci:token-type:oci-upst, got "urn:oci:token-type:oci-rpst"/,
    )
    expectOAuthError(
      await exchange({ form: { subject_token: undefined } }),
      400,
      'invalid_request',
      /subject_token: is required/,
    )
    expectOAuthError(
      await exchange({ form: { public_key: undefined } }),
      400,
      'invalid_request',
      /public_key: is required/,
    )
    expectOAuthError(
      await exchange({ form: { subject_token_type: 'saml2' } }),
      400,
      'invalid_request',
      /subject_token_type/,
    )
    expectOAuthError(
      await exchange({ contentType: 'application/json' }),
      400,
      'invalid_request',
      /content-type/,
    )
  })

  it('answers invalid_grant for a token from an untrusted issuer', async () => {
    const stranger = createOidcIssuer({ baseUrl: 'http://127.0.0.1:9/elsewhere', audience: oidc.audience })
    expectOAuthError(
      await exchange({ form: { subject_token: stranger.mint() } }),
      400,
      'invalid_grant',
      /issuer must be a trusted issuer, got "http:\/\/127\.0\.0\.1:9\/elsewhere\/oidc"/,
    )
  })

  it('answers invalid_grant for a token that claims the trusted issuer but is signed by another key', async () => {
    const forger = createOidcIssuer({ baseUrl: () => baseUrl })
    expectOAuthError(
      await exchange({ form: { subject_token: forger.mint() } }),
      400,
      'invalid_grant',
      /signature must verify against the JWKS/,
    )
    const [header, , signature] = oidc.mint().split('.')
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...decodePayload(oidc.mint()), sub: 'repo:evil/repo:ref:refs/heads/main' }),
    ).toString('base64url')
    expectOAuthError(
      await exchange({ form: { subject_token: `${header}.${tamperedPayload}.${signature}` } }),
      400,
      'invalid_grant',
      /signature must verify/,
    )
  })

  it('answers invalid_grant for a wrong audience', async () => {
    expectOAuthError(
      await exchange({ form: { subject_token: oidc.mint({ aud: 'https://example.invalid/other' }) } }),
      400,
      'invalid_grant',
      /aud must be one of \["https:\/\/cloud\.oracle\.com"\], got "https:\/\/example\.invalid\/other"/,
    )
  })

  it('answers invalid_grant for an expired subject token, and for one not yet valid', async () => {
    const now = Math.floor(Date.now() / 1000)
    expectOAuthError(
      await exchange({
        form: { subject_token: oidc.mint({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }) },
      }),
      400,
      'invalid_grant',
      /must not be expired, got exp \d+ which is \d+ s in the past/,
    )
    expectOAuthError(
      await exchange({ form: { subject_token: oidc.mint({ nbf: now + 3600 }) } }),
      400,
      'invalid_grant',
      /nbf must not be in the future/,
    )
  })

  it('answers invalid_grant for a subject token that is not a JWT', async () => {
    expectOAuthError(
      await exchange({ form: { subject_token: 'abc.def' } }),
      400,
      'invalid_grant',
      /three base64url parts/,
    )
  })

  it('answers invalid_request for a bad public key: garbage, an unencoded "+", a non-RSA key, a short RSA key', async () => {
    expectOAuthError(
      await exchange({ form: { public_key: 'not a key!' } }),
      400,
      'invalid_request',
      /public_key: must be a base64 DER/,
    )
    expectOAuthError(
      await exchange({ form: { public_key: sessionKey.base64Der.replaceAll('+', ' ') } }),
      400,
      'invalid_request',
      /unencoded in a form body decodes to a space/,
    )
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'der',
    })
    expectOAuthError(
      await exchange({ form: { public_key: ec.toString('base64') } }),
      400,
      'invalid_request',
      /must be an RSA key of at least 2048 bits, got ec/,
    )
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'der',
    })
    expectOAuthError(
      await exchange({ form: { public_key: short.toString('base64') } }),
      400,
      'invalid_request',
      /got rsa 1024/,
    )
  })

  it('applies trust rules for extra issuers: audiences, subject globs and clients', async () => {
    const partner = createOidcIssuer({ baseUrl: 'http://127.0.0.1:9/partner', audience: 'partner-aud' })
    const client = identity.addClient('partner-client', 'partner-secret')
    identity.addTrustedIssuer({
      issuer: partner.issuer,
      jwks: () => partner.jwks(),
      audiences: ['partner-aud'],
      subjects: ['repo:acme/*:ref:refs/heads/main'],
      clients: [client.clientId],
    })
    const asPartner = { clientId: client.clientId, clientSecret: client.clientSecret }
    expect(
      (
        await exchange({
          ...asPartner,
          form: { subject_token: partner.mint({ sub: 'repo:acme/x:ref:refs/heads/main' }) },
        })
      ).status,
    ).toBe(200)
    expectOAuthError(
      await exchange({
        ...asPartner,
        form: { subject_token: partner.mint({ sub: 'repo:acme/x:ref:refs/heads/dev' }) },
      }),
      400,
      'invalid_grant',
      /sub must match a rule/,
    )
    expectOAuthError(
      await exchange({ form: { subject_token: partner.mint({ sub: 'repo:acme/x:ref:refs/heads/main' }) } }),
      400,
      'invalid_grant',
      /not enabled for client "emulator-client"/,
    )
  })

  it('records every exchange and its outcome without the token', async () => {
    const before = identity.exchanges.length
    await exchange({ clientSecret: 'wrong' })
    await exchange()
    const recent = identity.exchanges.slice(before)
    expect(recent.map((e) => e.outcome)).toEqual(['invalid_client', 'ok'])
    expect(recent[1]!.subject).toBe('repo:acme/focus:ref:refs/heads/main')
  })

  it('rejects other methods on the token endpoint', async () => {
    const response = await fetch(identity.tokenUrl)
    expect(response.status).toBe(405)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request')
  })
})

describe('verifyUpst', () => {
  it('refuses an expired UPST and honours setTokenLifetime', async () => {
    identity.setTokenLifetime(-10)
    try {
      const token = (await exchange()).body['token']!
      expect(() => verifyUpst(token)).toThrow(
        /UPST: must not be expired, got exp \d+ which is \d+ s in the past/,
      )
      // Leeway accepts it again: the token itself is well-formed.
      expect(verifyUpst(token, { clockSkewSeconds: 60 }).publicKeyPem).toBe(sessionKey.pem)
    } finally {
      identity.setTokenLifetime(3600)
    }
    const fresh = (await exchange()).body['token']!
    expect(() => verifyUpst(fresh, { now: new Date(Date.now() + 3601_000) })).toThrow(/must not be expired/)
    identity.setTokenLifetime(120)
    try {
      const short = verifyUpst((await exchange()).body['token']!)
      expect(short.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(120)
    } finally {
      identity.setTokenLifetime(3600)
    }
    expect(() => identity.setTokenLifetime(1.5)).toThrow(EmulatorError)
  })

  it('refuses a tampered UPST (claims changed, signature kept) and a foreign or unknown key', async () => {
    const token = (await exchange()).body['token']!
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      format: 'jwk',
    })
    const swapped = Buffer.from(JSON.stringify({ ...claims, jwk: JSON.stringify(attackerKey) })).toString(
      'base64url',
    )
    expect(() => verifyUpst(`${header}.${swapped}.${signature}`)).toThrow(/UPST: RS256 signature must verify/)
    try {
      verifyUpst(`${header}.${swapped}.${signature}`)
    } catch (error) {
      expect(error).toBeInstanceOf(EmulatorError)
      expect((error as EmulatorError).code).toBe('EMULATOR_INVALID_TOKEN')
      expect((error as Error).message).not.toContain(signature)
    }
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'upst-unknown' })).toString(
      'base64url',
    )
    expect(() => verifyUpst(`${otherHeader}.${payload}.${signature}`)).toThrow(
      /known identity-domain key, got kid "upst-unknown"/,
    )
    expect(() => verifyUpst('garbage')).toThrow(/three base64url parts/)
  })

  it('stops trusting a closed domain', async () => {
    const domain = createIdentityDomain({ baseUrl: 'http://127.0.0.1:9' })
    const token = (await exchange()).body['token']!
    expect(() => domain.verifyUpst(token)).toThrow(/known identity-domain key/)
    domain.close()
    identity.close()
    try {
      expect(() => verifyUpst(token)).toThrow(/known identity-domain key/)
    } finally {
      // Re-register for later tests in this file.
      identity = createDomain()
    }
  })

  it('lets the session key sign requests that verify with the returned PEM', async () => {
    const { publicKeyPem } = verifyUpst((await exchange()).body['token']!)
    const signature = createSign('RSA-SHA256').update('date: now').sign(sessionKey.privateKey)
    expect(createVerify('RSA-SHA256').update('date: now').verify(publicKeyPem, signature)).toBe(true)
  })
})

describe('region subscriptions', () => {
  it('lists subscribed regions with the configured home region marked', async () => {
    const response = await fetch(`${baseUrl}/20160918/tenancies/ocid1.tenancy.oc1..aaaa/regionSubscriptions`)
    expect(response.status).toBe(200)
    const regions = (await response.json()) as Array<{
      regionName: string
      regionKey: string
      isHomeRegion: boolean
      status: string
    }>
    expect(regions).toEqual([
      { regionKey: 'FRA', regionName: 'eu-frankfurt-1', status: 'READY', isHomeRegion: true },
      { regionKey: 'IAD', regionName: 'us-ashburn-1', status: 'READY', isHomeRegion: false },
    ])
  })
})

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())
}
