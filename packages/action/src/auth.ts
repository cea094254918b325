import * as core from '@actions/core'
import type { AuthOptions } from '@oci-focus/core'
import { ActionError } from './errors.js'
import { AUTH_INPUTS, type CommonInputs } from './inputs.js'
import { maskSecret } from './secrets.js'

/**
 * core's auth options for the parsed inputs. With OIDC, core calls `getIdToken` for every token
 * exchange (first use, and each re-exchange before the UPST expires), so every exchange gets a
 * fresh GitHub JWT; `core.getIDToken` masks it, and so do we (for our own redaction).
 */
export function authOptionsOf(inputs: CommonInputs): AuthOptions {
  const { auth, region } = inputs
  const inRegion = region === undefined ? {} : { region }
  if (auth.kind === 'api-key') {
    return {
      kind: 'api-key',
      tenancy: auth.tenancy,
      user: auth.user,
      fingerprint: auth.fingerprint,
      privateKey: auth.privateKey,
      ...(auth.passphrase !== undefined && { passphrase: auth.passphrase }),
      ...inRegion,
    }
  }
  return {
    kind: 'oidc',
    tenancy: auth.tenancy,
    identityDomainUrl: auth.identityDomainUrl,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    getIdToken: async () => {
      const token = await core.getIDToken(auth.audience)
      maskSecret(token)
      return token
    },
    ...inRegion,
  }
}

/**
 * Fails early, with the fix, when OIDC is chosen but the job may not mint tokens: without
 * `permissions: id-token: write` the runner sets no ACTIONS_ID_TOKEN_REQUEST_URL and the first
 * token exchange would fail deep inside the copy with a vaguer message.
 */
export function assertOidcAvailable(inputs: CommonInputs, env: NodeJS.ProcessEnv = process.env): void {
  if (inputs.auth.kind !== 'oidc') return
  if (!env['ACTIONS_ID_TOKEN_REQUEST_URL'] || !env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    throw new ActionError(
      'ACTION_INVALID_INPUT',
      "input 'auth': oidc needs 'permissions: id-token: write' on the job, got no ACTIONS_ID_TOKEN_REQUEST_URL (or use auth: api-key)",
      { input: AUTH_INPUTS.auth, value: 'oidc' },
    )
  }
}

/** Warns about inputs that were given but do not apply to the chosen auth method. */
export function warnIgnoredInputs(inputs: CommonInputs): void {
  for (const name of inputs.ignored) {
    core.warning(`input '${name}' is ignored with auth: ${inputs.auth.kind}`)
  }
}
