import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createAuth } from '../auth/create-auth.js'
import { isCoreError } from '../errors.js'
import { checkEndpoint, createObjectStorageClient } from './client.js'

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()

async function apiKeyAuth(region?: string) {
  return createAuth({
    kind: 'api-key',
    tenancy: 't',
    user: 'u',
    fingerprint: 'f',
    privateKey: pem,
    ...(region === undefined ? {} : { region }),
  })
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
    return undefined
  } catch (error) {
    return isCoreError(error) ? error.code : String(error)
  }
}

describe('createObjectStorageClient', () => {
  it('targets the region given, else the credentials region', async () => {
    const auth = await apiKeyAuth('eu-frankfurt-1')
    const fromAuth = createObjectStorageClient({ auth })
    expect(fromAuth.endpoint).toContain('objectstorage.eu-frankfurt-1.')
    const explicit = createObjectStorageClient({ auth, region: 'us-ashburn-1' })
    expect(explicit.endpoint).toContain('objectstorage.us-ashburn-1.')
    fromAuth.close()
    explicit.close()
  })

  it('an endpoint overrides the region and loses its trailing slash', async () => {
    const client = createObjectStorageClient({
      auth: await apiKeyAuth('eu-frankfurt-1'),
      endpoint: 'http://127.0.0.1:8080/',
    })
    expect(client.endpoint).toBe('http://127.0.0.1:8080')
    client.close()
  })

  it('needs a region or an endpoint', async () => {
    const auth = await apiKeyAuth()
    expect(codeOf(() => createObjectStorageClient({ auth }))).toBe('CORE_INVALID_OPTION')
  })

  it('does not echo credentials in an endpoint', () => {
    expect(() => checkEndpoint('https://admin:hunter2@objectstorage.example')).toThrow(
      'got https://***@objectstorage.example/',
    )
  })

  it.each(['ftp://host', 'http://user:pw@host', 'http://host/?q=1', 'not a url'])(
    'rejects the endpoint %s',
    (endpoint) => {
      expect(codeOf(() => checkEndpoint(endpoint))).toBe('CORE_INVALID_OPTION')
    },
  )
})
