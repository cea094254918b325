import { createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isCoreError } from '../errors.js'
import { createAuth } from './create-auth.js'

// These tests drive the provider's refresh timing with an injected clock and an injected fetch
// that answers like an identity domain; the end-to-end exchange runs against the emulator in
// test/auth-modes.test.ts.

function jwt(claims: Record<string, unknown>): string {
  return `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`
}

interface FakeDomain {
  fetch: typeof fetch
  calls: Array<{ url: string; authorization: string; form: URLSearchParams }>
  /** What the next exchange answers. */
  answer: (nowSeconds: number) => { status: number; body: unknown }
}

function fakeDomain(clock: { now: number }, lifetime: number): FakeDomain {
  const domain: FakeDomain = {
    calls: [],
    answer: (nowSeconds) => ({
      status: 200,
      body: { token: jwt({ iat: nowSeconds, exp: nowSeconds + lifetime, n: domain.calls.length }) },
    }),
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers)
      domain.calls.push({
        url: String(input),
        authorization: headers.get('authorization') ?? '',
        form: new URLSearchParams(String(init?.body)),
      })
      const { status, body } = domain.answer(clock.now / 1000)
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
    }) as typeof fetch,
  }
  return domain
}

const base = {
  kind: 'oidc',
  identityDomainUrl: 'https://idcs-test.identity.example.invalid/',
  clientId: 'app-id',
  clientSecret: 's3cret',
  tenancy: 'ocid1.tenancy.oc1..t',
  getIdToken: async () => jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r' }),
} as const

describe('OIDC token exchange provider', () => {
  it('sends the RFC 8693 form with Basic client auth and the session public key', async () => {
    const clock = { now: 1_800_000_000_000 }
    const domain = fakeDomain(clock, 3600)
    const auth = await createAuth(base, { fetch: domain.fetch, now: () => clock.now })
    expect(domain.calls).toHaveLength(1)
    const [call] = domain.calls
    expect(call?.url).toBe('https://idcs-test.identity.example.invalid/oauth2/v1/token')
    expect(call?.authorization).toBe(`Basic ${Buffer.from('app-id:s3cret').toString('base64')}`)
    expect(Object.fromEntries(call?.form ?? [])).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:oci:token-type:oci-upst',
      subject_token_type: 'jwt',
    })
    // public_key is the base64 DER SPKI of the key the provider signs with
    const publicDer = Buffer.from(call?.form.get('public_key') ?? '', 'base64')
    const fromSigningKey = createPublicKey(auth.provider.getPrivateKey()).export({
      type: 'spki',
      format: 'der',
    })
    expect(publicDer.equals(fromSigningKey)).toBe(true)
    expect(await auth.provider.getKeyId()).toMatch(/^ST\$eyJ/)
  })

  it('re-exchanges 300 s before expiry for hour-long tokens, and shares one exchange among concurrent callers', async () => {
    const clock = { now: 1_800_000_000_000 }
    const domain = fakeDomain(clock, 3600)
    const auth = await createAuth(base, { fetch: domain.fetch, now: () => clock.now })
    const first = await auth.provider.getKeyId()
    clock.now += 3299_000
    expect(await auth.provider.getKeyId()).toBe(first)
    expect(domain.calls).toHaveLength(1)
    clock.now += 2_000
    const keyIds = await Promise.all(Array.from({ length: 8 }, () => auth.provider.getKeyId()))
    expect(domain.calls).toHaveLength(2)
    expect(new Set(keyIds).size).toBe(1)
    expect(keyIds[0]).not.toBe(first)
  })

  it('caps the margin at half the lifetime for short tokens', async () => {
    const clock = { now: 1_800_000_000_000 }
    const domain = fakeDomain(clock, 4)
    const auth = await createAuth(base, { fetch: domain.fetch, now: () => clock.now })
    clock.now += 1_900
    await auth.provider.getKeyId()
    expect(domain.calls).toHaveLength(1)
    clock.now += 200 // 2.1 s of a 4 s token: past half-life
    await auth.provider.getKeyId()
    expect(domain.calls).toHaveLength(2)
  })

  it('honours refreshMarginSeconds', async () => {
    const clock = { now: 1_800_000_000_000 }
    const domain = fakeDomain(clock, 3600)
    const auth = await createAuth(
      { ...base, refreshMarginSeconds: 60 },
      { fetch: domain.fetch, now: () => clock.now },
    )
    clock.now += 3500_000
    await auth.provider.getKeyId()
    expect(domain.calls).toHaveLength(1)
    clock.now += 50_000
    await auth.provider.getKeyId()
    expect(domain.calls).toHaveLength(2)
  })

  it('keeps the current token when an early refresh fails, and fails once it has expired', async () => {
    const clock = { now: 1_800_000_000_000 }
    const domain = fakeDomain(clock, 3600)
    const warnings: string[] = []
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m) }
    const auth = await createAuth(base, { fetch: domain.fetch, now: () => clock.now, logger })
    const first = await auth.provider.getKeyId()
    domain.answer = () => ({ status: 503, body: { error: 'temporarily_unavailable' } })
    clock.now += 3400_000
    expect(await auth.provider.getKeyId()).toBe(first)
    expect(warnings.join('\n')).toContain('UPST refresh failed, using the current token until it expires')
    clock.now += 300_000
    const error = await auth.provider.getKeyId().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCoreError(error) && error.code).toBe('CORE_TOKEN_EXCHANGE_FAILED')
  })

  it('rejects an answer that is not a UPST, without echoing it', async () => {
    const clock = { now: 1_800_000_000_000 }
    const domain = fakeDomain(clock, 3600)
    domain.answer = () => ({ status: 200, body: { access_token: 'opaque' } })
    const error = await createAuth(base, { fetch: domain.fetch, now: () => clock.now }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCoreError(error) && error.message).toMatch(/without a "token" field/)
    domain.answer = () => ({ status: 200, body: { token: 'not-a-jwt' } })
    const notJwt = await createAuth(base, { fetch: domain.fetch, now: () => clock.now }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCoreError(notJwt) && notJwt.message).toBe(
      'token exchange: the UPST is not a JWT with an exp claim',
    )
  })
})
