import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { maskingFetch, maskSecret, redact } from './secrets.js'

// PEM armour is assembled at run time: these are fake key bodies, and literal armour in a committed
// file reads as a leaked private key to secret scanners.
const ARMOUR = (edge: 'BEGIN' | 'END', label: string) => `-----${edge} ${label}-----`

let written: string[]
beforeEach(() => {
  written = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
})

const masks = () =>
  written.filter((line) => line.startsWith('::add-mask::')).map((line) => line.trim().slice(12))

describe('maskSecret', () => {
  it('masks a multi-line secret whole and line by line, but not its PEM armour or short lines', () => {
    const pem = `${ARMOUR('BEGIN', 'PRIVATE KEY')}\nAAAABBBBCCCCDDDD1\nEEEEFFFFGGGG2\nab\n${ARMOUR('END', 'PRIVATE KEY')}`
    maskSecret(pem)
    expect(masks()).toEqual([
      `${ARMOUR('BEGIN', 'PRIVATE KEY')}%0AAAAABBBBCCCCDDDD1%0AEEEEFFFFGGGG2%0Aab%0A${ARMOUR('END', 'PRIVATE KEY')}`,
      'AAAABBBBCCCCDDDD1',
      'EEEEFFFFGGGG2',
    ])
  })

  it('masks a short single-line secret whole and redacts it', () => {
    maskSecret('pw42')
    expect(masks()).toEqual(['pw42'])
    expect(redact('login failed for pw42')).toBe('login failed for ***')
  })

  it('ignores empty values and values it already masked', () => {
    maskSecret('')
    maskSecret(undefined)
    maskSecret('already-masked-value')
    maskSecret('already-masked-value')
    expect(masks()).toEqual(['already-masked-value'])
  })
})

describe('redact', () => {
  it('replaces every masked value, longest first, so no fragment of a longer secret survives', () => {
    maskSecret('secret-part')
    maskSecret('secret-part-and-more')
    expect(redact('a secret-part-and-more b secret-part c')).toBe('a *** b *** c')
  })
})

describe('maskingFetch', () => {
  it('masks the session token an identity domain answers, before the caller reads it', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1cHN0In0.c2lnbmF0dXJlLXVwc3Q'
    const fake = (async () => Response.json({ token })) as unknown as typeof fetch
    const response = await maskingFetch(fake)('http://127.0.0.1:1/oauth2/v1/token', { method: 'POST' })
    expect(masks()).toContain(token)
    expect(await response.json()).toEqual({ token })
  })

  it('leaves other answers alone', async () => {
    const fake = (async () =>
      Response.json({ token: 'not-from-a-token-endpoint' })) as unknown as typeof fetch
    await maskingFetch(fake)('http://127.0.0.1:1/n/ns/b/bucket/o/x')
    expect(masks()).toEqual([])
  })
})
