import * as core from '@actions/core'
import { type InputReader, SECRET_INPUTS } from './inputs.js'

// Every value masked in this process, longest first when redacting, so a secret that contains
// another is replaced whole.
const registered = new Set<string>()

/**
 * Masks a secret in the runner's log (`::add-mask::`) and remembers it so {@link redact} can scrub
 * text the action builds itself (failure messages, annotations, the job summary). The runner masks
 * log lines one at a time, so each line of a multi-line secret (a PEM key, a wrapped base64 wallet)
 * is masked on its own as well.
 */
export function maskSecret(value: string | undefined): void {
  if (value === undefined || value.trim() === '') return
  // The whole value is always a secret, however short (a six-character database password is
  // still a password).
  if (!registered.has(value)) {
    registered.add(value)
    core.setSecret(value)
  }
  const lines = value.split(/\r?\n/).map((line) => line.trim())
  if (lines.length < 2) return
  for (const piece of lines) {
    // Short lines and PEM armour ("-----END PRIVATE KEY-----") of a multi-line value are not
    // secret on their own; masking them would only star out unrelated log text.
    if (piece.length < 8 || registered.has(piece) || /^-----(BEGIN|END) [A-Z ]+-----$/.test(piece)) continue
    registered.add(piece)
    core.setSecret(piece)
  }
}

/** Masks every secret input that has a value. Runs first in both actions, before anything can fail. */
export function maskSecretInputs(get: InputReader): void {
  for (const name of SECRET_INPUTS) maskSecret(get(name))
}

/** Replaces every masked value in `text` with `***`. */
export function redact(text: string): string {
  let result = text
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) {
    if (result.includes(secret)) result = result.split(secret).join('***')
  }
  return result
}

const TOKEN_PATH = /\/oauth2\/v1\/token\/?$/

/**
 * A fetch for core's OIDC token exchange that masks the UPST the identity domain returns before
 * core sees it. core signs with `ST$<UPST>` and never logs it, but a UPST is a bearer credential
 * for an hour, so it is masked like every other secret.
 */
export function maskingFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init)
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (TOKEN_PATH.test(new URL(url).pathname) && response.ok) {
      try {
        const body = (await response.clone().json()) as { token?: unknown; access_token?: unknown }
        for (const token of [body.token, body.access_token]) if (typeof token === 'string') maskSecret(token)
      } catch {
        // Not JSON: core reports the malformed answer itself; nothing to mask.
      }
    }
    return response
  }
}
