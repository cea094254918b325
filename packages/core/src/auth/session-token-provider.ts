import { readFileSync, statSync } from 'node:fs'
import type * as common from 'oci-common'
import { CoreError, errorMessage } from '../errors.js'

/**
 * Signs as `ST$<token>` with the session key, like oci-common's SessionAuthDetailProvider, but
 * re-reads the token file when it changes (so `oci session refresh` in another shell is picked
 * up by a long backfill) and trims the trailing newline editors add, which the SDK would put into
 * the keyId.
 */
export class SessionTokenFileProvider implements common.AuthenticationDetailsProvider {
  readonly #tokenFile: string
  readonly #privateKey: string
  readonly #passphrase: string | null
  #token: string
  #mtimeMs: number

  constructor(tokenFile: string, privateKey: string, passphrase: string | undefined) {
    this.#tokenFile = tokenFile
    this.#privateKey = privateKey
    this.#passphrase = passphrase ?? null
    const { token, mtimeMs } = readToken(tokenFile)
    this.#token = token
    this.#mtimeMs = mtimeMs
  }

  async getKeyId(): Promise<string> {
    this.#reloadIfChanged()
    return `ST$${this.#token}`
  }

  getPrivateKey(): string {
    return this.#privateKey
  }

  getPassphrase(): string | null {
    return this.#passphrase
  }

  /** Re-read the token file now (after a 401). */
  async refresh(): Promise<string> {
    const { token, mtimeMs } = readToken(this.#tokenFile)
    this.#token = token
    this.#mtimeMs = mtimeMs
    return token
  }

  #reloadIfChanged(): void {
    let mtimeMs: number
    try {
      mtimeMs = statSync(this.#tokenFile).mtimeMs
    } catch {
      return // keep the token we have; the service will say if it is no longer good
    }
    if (mtimeMs !== this.#mtimeMs) {
      const next = readToken(this.#tokenFile)
      this.#token = next.token
      this.#mtimeMs = next.mtimeMs
    }
  }
}

function readToken(tokenFile: string): { token: string; mtimeMs: number } {
  let raw: string
  let mtimeMs: number
  try {
    mtimeMs = statSync(tokenFile).mtimeMs
    raw = readFileSync(tokenFile, 'utf8')
  } catch (error) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `security_token_file: cannot be read, got ${tokenFile}: ${errorMessage(error)}`,
      { value: tokenFile },
      { cause: error },
    )
  }
  const token = raw.trim()
  if (token === '') {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `security_token_file: must hold a session token, got an empty file ${tokenFile}`,
      {
        value: tokenFile,
      },
    )
  }
  return { token, mtimeMs }
}
