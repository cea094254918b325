import * as common from 'oci-common'
import { ObjectStorageClient } from 'oci-objectstorage'
import { CachedKeyRequestSigner } from '../auth/request-signer.js'
import type { OciAuth } from '../auth/types.js'
import { CoreError } from '../errors.js'
import type { Logger } from '../logger.js'
import { DEFAULT_RETRY, type RetryOptions, resolveRetry, withRetry } from './retry.js'

export type { ObjectStorageClient } from 'oci-objectstorage'

export interface ObjectStorageClientOptions {
  readonly auth: OciAuth
  /** Region id (`eu-frankfurt-1`); default the auth's region. Ignored for routing when `endpoint` is set. */
  readonly region?: string
  /** Send every request here instead of the region's endpoint (the emulator: `http://127.0.0.1:PORT`). */
  readonly endpoint?: string
}

interface ClientInfo {
  readonly auth: OciAuth
  readonly region: string | undefined
}

// What a store built on the client needs to know about it, without reaching into SDK privates.
const clientInfo = new WeakMap<ObjectStorageClient, ClientInfo>()

/**
 * One Object Storage client for one region (make one per region and `close()` it at the end).
 * The SDK's retrier is off (our stores retry, abortably, with our logger) and so is its circuit
 * breaker: a 503 storm must slow a copy down, not make every later call fail fast.
 */
export function createObjectStorageClient(options: ObjectStorageClientOptions): ObjectStorageClient {
  const region = nonEmpty(options.region) ?? options.auth.region
  const endpoint = nonEmpty(options.endpoint)
  if (region === undefined && endpoint === undefined) {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      'region: is required when the credentials carry none and no endpoint is given, got nothing',
    )
  }
  // Our own HTTP client only to supply a signer that keeps the parsed key (the SDK's re-parses
  // the PEM on every request); no circuit breaker, the SDK's native fetch transport.
  const client = new ObjectStorageClient(
    { httpClient: new common.FetchHttpClient(new CachedKeyRequestSigner(options.auth.provider), null) },
    {
      retryConfiguration: common.NoRetryConfigurationDetails,
      circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
    },
  )
  if (region !== undefined) client.regionId = region
  // The endpoint must be set after the region: the region setter overwrites it.
  if (endpoint !== undefined) client.endpoint = checkEndpoint(endpoint)
  clientInfo.set(client, { auth: options.auth, region })
  return client
}

/** The auth and region a client was made with (undefined for clients made elsewhere). */
export function clientInfoOf(client: ObjectStorageClient): ClientInfo | undefined {
  return clientInfo.get(client)
}

/** The tenancy's Object Storage namespace, as GetNamespace answers it for these credentials. */
export async function discoverNamespace(
  client: ObjectStorageClient,
  options: { retry?: RetryOptions; logger?: Logger; signal?: AbortSignal } = {},
): Promise<string> {
  const response = await withRetry(
    {
      retry: options.retry === undefined ? DEFAULT_RETRY : resolveRetry(options.retry),
      logger: options.logger,
      refreshAuth: clientInfo.get(client)?.auth.refresh,
    },
    { operation: 'GetNamespace' },
    () => client.getNamespace({}),
    options.signal,
  )
  if (typeof response.value !== 'string' || response.value === '') {
    throw new CoreError(
      'CORE_REMOTE_ERROR',
      'GetNamespace: must answer a namespace name, got an empty answer',
    )
  }
  return response.value
}

export function checkEndpoint(endpoint: string): string {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new CoreError('CORE_INVALID_OPTION', `endpoint: must be an http(s) URL, got ${endpoint}`, {
      value: endpoint,
    })
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    // Never echo userinfo: it would be a password.
    const shown =
      url.username !== '' || url.password !== ''
        ? `${url.protocol}//***@${url.host}${url.pathname}`
        : endpoint
    throw new CoreError(
      'CORE_INVALID_OPTION',
      `endpoint: must be http(s)://host[:port] without credentials, query or fragment, got ${shown}`,
      { value: shown },
    )
  }
  // A trailing slash would make every path start with `//n/`.
  return endpoint.replace(/\/+$/, '')
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
