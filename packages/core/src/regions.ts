import * as common from 'oci-common'
import type { OciAuth } from './auth/types.js'
import { CoreError, isCoreError } from './errors.js'
import type { Logger } from './logger.js'
import { checkEndpoint } from './store/client.js'
import { DEFAULT_RETRY, type RetryOptions, resolveRetry, withRetry } from './store/retry.js'

const IDENTITY_TEMPLATE = 'https://identity.{region}.{secondLevelDomain}'
const REGION_SUBSCRIPTIONS_PATH = '/20160918/tenancies/{tenancyId}/regionSubscriptions'

/** One entry of the Identity API's ListRegionSubscriptions answer. */
export interface RegionSubscription {
  readonly regionKey: string
  readonly regionName: string
  readonly status: string
  readonly isHomeRegion: boolean
}

export interface HomeRegionOptions {
  readonly auth: OciAuth
  /** Default the auth's tenancy. */
  readonly tenancy?: string
  /** Region to ask (any subscribed region answers); default the auth's region. */
  readonly region?: string
  /** Send the Identity call here instead (the emulator). */
  readonly endpoint?: string
  readonly retry?: RetryOptions
  readonly logger?: Logger
  readonly signal?: AbortSignal
}

/**
 * The tenancy's home region (where the `bling` cost-report bucket lives), from the Identity API
 * `GET /20160918/tenancies/{tenancyId}/regionSubscriptions`, signed with the run's credentials.
 * Needs `inspect tenancies`-level access; callers who know the home region should pass it instead.
 */
export async function discoverHomeRegion(options: HomeRegionOptions): Promise<string> {
  const tenancy = options.tenancy ?? options.auth.tenancy
  if (tenancy === undefined || tenancy.trim() === '') {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      'tenancy: is required to discover the home region (or give the home region), got nothing',
    )
  }
  const subscriptions = await listRegionSubscriptions({ ...options, tenancy })
  const home = subscriptions.find((s) => s.isHomeRegion)
  if (home === undefined) {
    throw new CoreError(
      'CORE_REGION_DISCOVERY_FAILED',
      `home region: the tenancy's region subscriptions must include one marked isHomeRegion, got ${
        subscriptions.map((s) => s.regionName).join(', ') || 'none'
      }`,
      { value: tenancy },
    )
  }
  options.logger?.debug(`home region of ${tenancy}: ${home.regionName}`)
  return home.regionName
}

/** ListRegionSubscriptions for a tenancy. */
export async function listRegionSubscriptions(
  options: HomeRegionOptions & { readonly tenancy: string },
): Promise<RegionSubscription[]> {
  const baseEndpoint = identityEndpoint(options)
  const signer = new common.DefaultRequestSigner(options.auth.provider)
  const http = new common.FetchHttpClient(signer, null)
  const target = { operation: 'ListRegionSubscriptions' } as const
  const ctx = {
    retry: options.retry === undefined ? DEFAULT_RETRY : resolveRetry(options.retry),
    logger: options.logger,
    refreshAuth: options.auth.refresh,
  }
  let body: unknown
  try {
    body = await withRetry(
      ctx,
      target,
      async () => {
        const request = await common.composeRequest({
          baseEndpoint,
          defaultHeaders: {},
          path: REGION_SUBSCRIPTIONS_PATH,
          method: 'GET',
          pathParams: { '{tenancyId}': options.tenancy },
          headerParams: { 'Content-Type': 'application/json', accept: 'application/json' },
          queryParams: {},
        })
        const response = await http.send(request)
        const text = await response.text()
        if (!response.ok) throw serviceFailure(response.status, text)
        try {
          return JSON.parse(text) as unknown
        } catch {
          throw new CoreError(
            'CORE_REGION_DISCOVERY_FAILED',
            'home region: the Identity API must answer JSON, got text',
          )
        }
      },
      options.signal,
    )
  } catch (error) {
    if (
      isCoreError(error) &&
      (error.code === 'CORE_ABORTED' ||
        error.code === 'CORE_AUTH_FAILED' ||
        error.code === 'CORE_REGION_DISCOVERY_FAILED')
    ) {
      throw error
    }
    const status = isCoreError(error) ? error.status : undefined
    throw new CoreError(
      'CORE_REGION_DISCOVERY_FAILED',
      `home region: ListRegionSubscriptions for ${options.tenancy} at ${baseEndpoint} failed${
        status === undefined ? '' : ` with ${status}`
      } (give the home region explicitly, or allow "inspect tenancies"): ${isCoreError(error) ? error.message : String(error)}`,
      { value: options.tenancy, ...(status === undefined ? {} : { status }) },
      { cause: error },
    )
  }
  if (!Array.isArray(body)) {
    throw new CoreError(
      'CORE_REGION_DISCOVERY_FAILED',
      'home region: the Identity API must answer a JSON array',
    )
  }
  return body.map((entry) => {
    const e = (entry ?? {}) as Record<string, unknown>
    return {
      regionKey: String(e['regionKey'] ?? ''),
      regionName: String(e['regionName'] ?? ''),
      status: String(e['status'] ?? ''),
      isHomeRegion: e['isHomeRegion'] === true,
    }
  })
}

function identityEndpoint(options: HomeRegionOptions): string {
  if (options.endpoint !== undefined && options.endpoint.trim() !== '')
    return checkEndpoint(options.endpoint.trim())
  const region = options.region ?? options.auth.region
  if (region === undefined || region.trim() === '') {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      'region: is required to reach the Identity API (or give the home region), got nothing',
    )
  }
  return common.EndpointBuilder.createEndpointFromRegionId(IDENTITY_TEMPLATE, region.trim(), 'identity')
}

/** An error shaped like the SDK's OciError, so the retry loop classifies it the same way. */
function serviceFailure(
  status: number,
  text: string,
): { statusCode: number; serviceCode: string; message: string } {
  let serviceCode = 'None'
  let message = text.slice(0, 300)
  try {
    const parsed = JSON.parse(text) as { code?: unknown; message?: unknown }
    if (typeof parsed.code === 'string') serviceCode = parsed.code
    if (typeof parsed.message === 'string') message = parsed.message
  } catch {
    // not JSON: keep the text
  }
  return { statusCode: status, serviceCode, message }
}

/**
 * The region to read `bling/<tenancy>` from: `homeRegion` when given; otherwise discovered with
 * {@link discoverHomeRegion} (at `endpoint` when one is set, so the emulator answers). Falls back
 * to the credentials' region, with a warning, when discovery is refused: a tenancy whose only
 * region is its home region still works without the `inspect tenancies` grant.
 */
export async function resolveHomeRegion(
  options: Omit<HomeRegionOptions, 'region'> & { readonly homeRegion?: string | undefined },
): Promise<string | undefined> {
  const given = options.homeRegion?.trim()
  if (given !== undefined && given !== '') return given
  const { homeRegion: _ignored, ...discovery } = options
  try {
    return await discoverHomeRegion(discovery)
  } catch (error) {
    const fallback = options.auth.region
    if (
      fallback === undefined ||
      !isCoreError(error) ||
      error.code === 'CORE_ABORTED' ||
      error.code === 'CORE_AUTH_FAILED'
    ) {
      throw error
    }
    options.logger?.warn(
      `home region: discovery failed (${error.message}); using the credentials' region ${fallback}. Give the home region to silence this.`,
    )
    return fallback
  }
}
