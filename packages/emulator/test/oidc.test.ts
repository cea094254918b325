import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getIDToken } from '@actions/core'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createOidcIssuer, type OidcIssuer } from '../src/oidc/index.ts'

let server: Server
let baseUrl = ''
let issuer: OidcIssuer

beforeAll(async () => {
  issuer = createOidcIssuer({
    baseUrl: () => baseUrl,
    repository: 'acme/focus-export',
    audience: 'https://cloud.oracle.com',
  })
  server = createServer((req, res) => {
    void issuer.handle(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((handled) => {
      if (!handled) res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

afterEach(() => {
  vi.unstubAllEnvs()
})

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.') as [string, string]
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
  }
}

/** Verifies a token the way a relying party does: discovery → jwks_uri → key by kid → RS256. */
async function verifyWithDiscovery(token: string): Promise<boolean> {
  const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as {
    issuer: string
    jwks_uri: string
  }
  expect(discovery.issuer).toBe(issuer.issuer)
  const jwks = (await (await fetch(discovery.jwks_uri)).json()) as {
    keys: Array<JsonWebKey & { kid: string }>
  }
  const { header } = decode(token)
  const jwk = jwks.keys.find((k) => k.kid === header['kid'])
  if (jwk === undefined) return false
  const [h, p, s] = token.split('.') as [string, string, string]
  return createVerify('RSA-SHA256')
    .update(`${h}.${p}`)
    .verify(createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'))
}

describe('OIDC issuer', () => {
  it("serves @actions/core's getIDToken(audience) with a GitHub-shaped token", async () => {
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', issuer.requestUrl)
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', issuer.requestToken)
    // getIDToken masks the token with ::add-mask:: on stdout; keep the test output clean.
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const before = Math.floor(Date.now() / 1000)
    const token = await getIDToken('https://cloud.oracle.com')
    expect(write.mock.calls.some(([text]) => String(text).includes('::add-mask::'))).toBe(true)
    write.mockRestore()

    const { header, payload } = decode(token)
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' })
    expect(payload['iss']).toBe(`${baseUrl}/oidc`)
    expect(payload['aud']).toBe('https://cloud.oracle.com')
    expect(payload['sub']).toBe('repo:acme/focus-export:ref:refs/heads/main')
    expect(payload['repository']).toBe('acme/focus-export')
    expect(payload['ref']).toBe('refs/heads/main')
    expect(typeof payload['jti']).toBe('string')
    expect(payload['iat']).toBeGreaterThanOrEqual(before)
    expect(payload['nbf']).toBeLessThanOrEqual(payload['iat'] as number)
    expect(payload['exp']).toBe((payload['iat'] as number) + 300)
    expect(await verifyWithDiscovery(token)).toBe(true)
    expect(issuer.requests).toBeGreaterThanOrEqual(1)
  })

  it('uses the requested audience, or the owner URL when none is asked for', async () => {
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', issuer.requestUrl)
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', issuer.requestToken)
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      expect(decode(await getIDToken('api://a b&c')).payload['aud']).toBe('api://a b&c')
      expect(decode(await getIDToken()).payload['aud']).toBe('https://github.com/acme')
    } finally {
      write.mockRestore()
    }
  })

  it('also works when the request URL has no query (the toolkit then appends "&audience=" to the path)', async () => {
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', `${issuer.issuer}/token-request`)
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', issuer.requestToken)
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      expect(decode(await getIDToken('aud-x')).payload['aud']).toBe('aud-x')
    } finally {
      write.mockRestore()
    }
  })

  it('refuses a wrong bearer token with 401', async () => {
    const response = await fetch(`${issuer.requestUrl}&audience=x`, {
      headers: { authorization: 'Bearer nope' },
    })
    expect(response.status).toBe(401)
    expect(((await response.json()) as { message: string }).message).toMatch(/ACTIONS_ID_TOKEN_REQUEST_TOKEN/)
    const anonymous = await fetch(issuer.requestUrl)
    expect(anonymous.status).toBe(401)
  })

  it('mints tokens with overrides that verify against the JWKS, and drops claims set to undefined', async () => {
    const token = issuer.mint({ sub: 'repo:acme/x:environment:prod', environment: 'prod', ref: undefined })
    const { payload } = decode(token)
    expect(payload['sub']).toBe('repo:acme/x:environment:prod')
    expect(payload['environment']).toBe('prod')
    expect('ref' in payload).toBe(false)
    expect(await verifyWithDiscovery(token)).toBe(true)
    const [h, p] = token.split('.')
    const forged = `${h}.${p}.${Buffer.from('not a signature').toString('base64url')}`
    expect(await verifyWithDiscovery(forged)).toBe(false)
  })

  it('serves the JWKS at /oidc/jwks and GitHub’s /.well-known/jwks path', async () => {
    for (const path of ['/oidc/jwks', '/oidc/.well-known/jwks']) {
      const jwks = (await (await fetch(`${baseUrl}${path}`)).json()) as {
        keys: Array<Record<string, string>>
      }
      expect(jwks.keys).toHaveLength(1)
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' })
      expect(jwks.keys[0]!['d']).toBeUndefined()
    }
    expect((await fetch(`${baseUrl}/oidc/unknown`)).status).toBe(404)
  })
})
