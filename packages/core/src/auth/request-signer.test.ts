import { createHash, generateKeyPairSync, type KeyObject, verify } from 'node:crypto'
import * as common from 'oci-common'
import { describe, expect, it } from 'vitest'
import { CachedKeyRequestSigner } from './request-signer.js'

function rsaKey(): { pem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey }
}

const first = rsaKey()
const URI = 'http://127.0.0.1:8080/n/ns/b/bucket/o/FOCUS%20Reports%2F2026%2Fa.csv?fields=name%2Csize'
const X_DATE = 'Fri, 04 Dec 2026 16:00:00 GMT'

/** A provider whose key can be swapped, as session-key providers rotate theirs. */
class RotatingProvider extends common.SimpleAuthenticationDetailsProvider {
  pem: string
  constructor(pem: string) {
    super('ocid1.tenancy.oc1..t', 'ocid1.user.oc1..u', 'aa:bb', pem, null)
    this.pem = pem
  }
  override getPrivateKey(): string {
    return this.pem
  }
}

type Method = Parameters<common.RequestSigner['signHttpRequest']>[0]['method']

async function signed(
  signer: common.RequestSigner,
  method: Method,
  body?: string,
): Promise<{ headers: Headers; fields: Record<string, string> }> {
  const headers = new Headers({ 'x-date': X_DATE })
  await signer.signHttpRequest({ method, uri: URI, headers, ...(body === undefined ? {} : { body }) })
  const authorization = headers.get('authorization') ?? ''
  const fields = Object.fromEntries(
    [...authorization.replace(/^Signature /, '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  )
  return { headers, fields }
}

function verifies(headers: Headers, fields: Record<string, string>, method: string, key: KeyObject): boolean {
  const target = `${method.toLowerCase()} /n/ns/b/bucket/o/FOCUS%20Reports%2F2026%2Fa.csv?fields=name%2Csize`
  const signingString = fields['headers']!.split(' ')
    .map((name) =>
      name === '(request-target)' ? `(request-target): ${target}` : `${name}: ${headers.get(name)}`,
    )
    .join('\n')
  return verify('sha256', Buffer.from(signingString), key, Buffer.from(fields['signature']!, 'base64'))
}

describe('CachedKeyRequestSigner', () => {
  it('signs a GET exactly as the SDK signer does (same headers, same signature)', async () => {
    const provider = new RotatingProvider(first.pem)
    const ours = await signed(new CachedKeyRequestSigner(provider), 'GET')
    const sdk = await signed(new common.DefaultRequestSigner(provider), 'GET')
    expect(ours.headers.get('authorization')).toBe(sdk.headers.get('authorization'))
    expect(ours.headers.get('host')).toBe('127.0.0.1:8080')
    expect(ours.fields).toMatchObject({
      version: '1',
      keyId: 'ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb',
      algorithm: 'rsa-sha256',
      headers: 'x-date (request-target) host',
    })
    expect(verifies(ours.headers, ours.fields, 'GET', first.publicKey)).toBe(true)
  })

  it('signs a JSON POST body with its SHA-256, length and content type, like the SDK', async () => {
    const provider = new RotatingProvider(first.pem)
    const body = '{"object":"é.csv"}'
    const ours = await signed(new CachedKeyRequestSigner(provider), 'POST', body)
    const sdk = await signed(new common.DefaultRequestSigner(provider), 'POST', body)
    for (const name of ['x-content-sha256', 'content-length', 'content-type']) {
      expect(ours.headers.get(name)).toBe(sdk.headers.get(name))
    }
    expect(ours.headers.get('x-content-sha256')).toBe(createHash('sha256').update(body).digest('base64'))
    expect(ours.headers.get('content-length')).toBe(String(Buffer.byteLength(body)))
    expect(ours.fields['headers']).toBe(sdk.fields['headers']!.toLowerCase())
    expect(ours.fields['signature']).toBe(sdk.fields['signature'])
    expect(verifies(ours.headers, ours.fields, 'POST', first.publicKey)).toBe(true)
  })

  it('signs an empty PUT body with the empty-string SHA-256', async () => {
    const ours = await signed(new CachedKeyRequestSigner(new RotatingProvider(first.pem)), 'PUT')
    expect(ours.headers.get('x-content-sha256')).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=')
    expect(ours.headers.get('content-length')).toBe('0')
    expect(verifies(ours.headers, ours.fields, 'PUT', first.publicKey)).toBe(true)
  })

  it('picks up a rotated key', async () => {
    const provider = new RotatingProvider(first.pem)
    const signer = new CachedKeyRequestSigner(provider)
    const before = await signed(signer, 'GET')
    const second = rsaKey()
    provider.pem = second.pem
    const after = await signed(signer, 'GET')
    expect(verifies(before.headers, before.fields, 'GET', first.publicKey)).toBe(true)
    expect(verifies(after.headers, after.fields, 'GET', second.publicKey)).toBe(true)
    expect(verifies(after.headers, after.fields, 'GET', first.publicKey)).toBe(false)
  })

  it('refuses a non-RSA key with CORE_AUTH_CONFIG', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    await expect(signed(new CachedKeyRequestSigner(new RotatingProvider(ec)), 'GET')).rejects.toMatchObject({
      code: 'CORE_AUTH_CONFIG',
    })
  })
})
