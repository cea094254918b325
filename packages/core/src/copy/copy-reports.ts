import { createAuth } from '../auth/index.js'
import type { AuthOptions } from '../auth/types.js'
import { CoreError } from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import { resolveHomeRegion } from '../regions.js'
import { createObjectStorageClient, discoverNamespace, type ObjectStorageClient } from '../store/client.js'
import { createObjectStore } from '../store/object-store.js'
import { resolveWindow, type WindowOptions } from '../window.js'
import { copyObjects } from './engine.js'
import type { CopyProgress, CopyResult, DecompressionLimits } from './types.js'

/** Where OCI writes cost and usage reports: this namespace, in a bucket named after the tenancy. */
export const REPORTS_NAMESPACE = 'bling'

/** Options of {@link copyReports}: everything the CLI and the action take, without the environment. */
export interface CopyReportsOptions {
  readonly auth: AuthOptions
  /** Tenancy OCID; default the credentials' tenancy. Names the source bucket. */
  readonly tenancy?: string
  /** @default 'bling' */
  readonly sourceNamespace?: string
  /** @default the tenancy OCID */
  readonly sourceBucket?: string
  /**
   * The tenancy's home region, where OCI keeps the reports. @default discovered with the Identity
   * API (ListRegionSubscriptions), falling back to the credentials' region with a warning
   */
  readonly homeRegion?: string
  readonly destination: {
    readonly bucket: string
    /** @default GetNamespace for these credentials */
    readonly namespace?: string
    readonly prefix?: string
    /** @default the credentials' region */
    readonly region?: string
  }
  readonly window: WindowOptions
  /** Send every Object Storage request here (the emulator). */
  readonly endpoint?: string
  readonly keepCompressed?: boolean
  /** @default 4 */
  readonly concurrency?: number
  readonly dryRun?: boolean
  readonly force?: boolean
  readonly partSize?: number
  readonly maxPartsInFlight?: number
  readonly limits?: DecompressionLimits
  readonly signal?: AbortSignal
  readonly logger?: Logger
  readonly onProgress?: (event: CopyProgress) => void
  /** Used by the OIDC token exchange and instance metadata calls. */
  readonly fetch?: typeof fetch
  readonly toolVersion?: string
}

/**
 * The one call behind `oci-focus copy` and the action: builds the credentials, one Object Storage
 * client per region (source in the home region, destination in its own), discovers the
 * destination namespace when not given, resolves the window, runs {@link copyObjects} and closes
 * every client, whatever happens.
 */
export async function copyReports(options: CopyReportsOptions): Promise<CopyResult> {
  const logger = options.logger ?? silentLogger
  const window = resolveWindow(options.window)
  if (options.destination.bucket.trim() === '') {
    throw new CoreError('CORE_INVALID_OPTION', 'destination.bucket: must name a bucket, got an empty string')
  }
  const auth = await createAuth(options.auth, {
    logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const clients: ObjectStorageClient[] = []
  try {
    const tenancy = options.tenancy ?? auth.tenancy
    const sourceBucket = options.sourceBucket ?? tenancy
    if (sourceBucket === undefined || sourceBucket === '') {
      throw new CoreError(
        'CORE_INVALID_OPTION',
        'tenancy: the source bucket is the tenancy OCID and these credentials do not name one; give tenancy or sourceBucket, got nothing',
      )
    }
    const signal = options.signal ? { signal: options.signal } : {}
    const homeRegion = await resolveHomeRegion({
      auth,
      ...(tenancy === undefined ? {} : { tenancy }),
      homeRegion: options.homeRegion,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      logger,
      ...signal,
    })
    const destRegion = options.destination.region ?? auth.region
    const endpoint = options.endpoint === undefined ? {} : { endpoint: options.endpoint }
    const sourceClient = createObjectStorageClient({
      auth,
      ...(homeRegion === undefined ? {} : { region: homeRegion }),
      ...endpoint,
    })
    clients.push(sourceClient)
    // Same region (or one endpoint): one client serves both sides.
    const destClient =
      destRegion === homeRegion
        ? sourceClient
        : createObjectStorageClient({
            auth,
            ...(destRegion === undefined ? {} : { region: destRegion }),
            ...endpoint,
          })
    if (destClient !== sourceClient) clients.push(destClient)
    const destNamespace =
      options.destination.namespace ?? (await discoverNamespace(destClient, { logger, ...signal }))
    const source = createObjectStore({
      client: sourceClient,
      namespace: options.sourceNamespace ?? REPORTS_NAMESPACE,
      bucket: sourceBucket,
      ...(homeRegion === undefined ? {} : { region: homeRegion }),
      logger,
    })
    const destination = createObjectStore({
      client: destClient,
      namespace: destNamespace,
      bucket: options.destination.bucket,
      ...(destRegion === undefined ? {} : { region: destRegion }),
      logger,
    })
    logger.info(
      `copy: ${source.namespace}/${source.bucket} (${homeRegion ?? 'endpoint'}) → ${destination.namespace}/${destination.bucket} (${destRegion ?? 'endpoint'})`,
    )
    return await copyObjects({
      source,
      destination,
      window,
      logger,
      ...pick(options, [
        'keepCompressed',
        'concurrency',
        'dryRun',
        'force',
        'partSize',
        'maxPartsInFlight',
        'limits',
        'signal',
        'onProgress',
        'toolVersion',
      ]),
      ...(options.destination.prefix === undefined ? {} : { destPrefix: options.destination.prefix }),
    })
  } finally {
    for (const client of clients) client.close()
    auth.close?.()
  }
}

/** The given keys of `options` whose values are defined (exactOptionalPropertyTypes forbids `undefined`). */
function pick<T extends object, K extends keyof T>(
  options: T,
  keys: readonly K[],
): { [P in K]?: Exclude<T[P], undefined> } {
  const out: { [P in K]?: Exclude<T[P], undefined> } = {}
  for (const key of keys) {
    const value = options[key]
    if (value !== undefined) out[key] = value as Exclude<T[K], undefined>
  }
  return out
}
