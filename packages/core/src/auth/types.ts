import type * as common from 'oci-common'
import type { Logger } from '../logger.js'

/** Sign with a user's API key given as values (what `OCI_CLI_USER`, `OCI_CLI_KEY_CONTENT`, … hold). */
export interface ApiKeyAuthOptions {
  readonly kind: 'api-key'
  readonly tenancy: string
  readonly user: string
  readonly fingerprint: string
  /** PEM (PKCS#1 or PKCS#8), possibly encrypted. */
  readonly privateKey: string
  readonly passphrase?: string
  readonly region?: string
}

/**
 * An OCI config file profile: API key, session token (`security_token_file`, signed as `ST$<token>`)
 * or `authentication_type=instance_principal`.
 */
export interface ConfigFileAuthOptions {
  readonly kind: 'config'
  /** Default `~/.oci/config`. The CLI passes `OCI_CONFIG_FILE`; core reads no environment. */
  readonly configFile?: string
  /** Default `DEFAULT`. */
  readonly profile?: string
  /** Overrides the profile's `region`. */
  readonly region?: string
}

/** An OCI compute instance's identity, from the instance metadata service. */
export interface InstancePrincipalAuthOptions {
  readonly kind: 'instance-principal'
  readonly region?: string
  readonly tenancy?: string
  /** Metadata service base URL; default `http://169.254.169.254/opc/v2/`. */
  readonly metadataBaseUrl?: string
}

/**
 * A resource principal (OCI Functions, Data Flow, …), version 2.2. The values are what the
 * runtime puts in `OCI_RESOURCE_PRINCIPAL_RPST`, `_PRIVATE_PEM`, `_PRIVATE_PEM_PASSPHRASE` and
 * `_REGION`: either the raw value or an absolute file path (then re-read when it changes).
 * `resourcePrincipalOptionsFromEnv(process.env)` builds them in an entry point.
 */
export interface ResourcePrincipalAuthOptions {
  readonly kind: 'resource-principal'
  readonly sessionToken?: string
  readonly privateKey?: string
  readonly passphrase?: string
  readonly region?: string
}

/**
 * Workload identity federation: an OIDC JWT (GitHub Actions, GitLab, …) exchanged at an OCI
 * identity domain for a UPST bound to a fresh in-memory RSA key, re-exchanged before expiry.
 */
export interface OidcAuthOptions {
  readonly kind: 'oidc'
  /** `https://idcs-<guid>.identity.oraclecloud.com` (no path). */
  readonly identityDomainUrl: string
  readonly clientId: string
  readonly clientSecret: string
  /** Returns a FRESH OIDC JWT; called once per exchange. */
  readonly getIdToken: () => Promise<string>
  readonly tenancy: string
  readonly region?: string
  /**
   * Re-exchange when the UPST has less than this left (default 300 s), capped at half the token's
   * lifetime so short-lived tokens are not re-exchanged on every request.
   */
  readonly refreshMarginSeconds?: number
}

export type AuthOptions =
  | ApiKeyAuthOptions
  | ConfigFileAuthOptions
  | InstancePrincipalAuthOptions
  | ResourcePrincipalAuthOptions
  | OidcAuthOptions

export type AuthKind = AuthOptions['kind']

export interface AuthContext {
  readonly logger?: Logger
  /** Used for the token exchange; default the global fetch. */
  readonly fetch?: typeof fetch
  /** Clock in ms (tests); default Date.now. */
  readonly now?: () => number
}

/** What every client needs to sign: one provider per run, shared by all clients and regions. */
export interface OciAuth {
  readonly kind: AuthKind
  /** Hand this to any oci-* client as `authenticationDetailsProvider`. */
  readonly provider: common.AuthenticationDetailsProvider
  /** Tenancy OCID when known (API key, config, OIDC, resource principal claim). */
  readonly tenancy: string | undefined
  /** Region id (`eu-frankfurt-1`) when known. */
  readonly region: string | undefined
  /**
   * Renew the credentials now (token re-exchange, token file re-read, principal refresh). The
   * store calls it once after a 401 before giving up; absent for static API keys.
   */
  readonly refresh?: () => Promise<void>
  /** Release timers and circuit breakers the provider holds. Idempotent. */
  close(): void
}
