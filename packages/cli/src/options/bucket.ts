import {
  type AuthOptions,
  createAuth,
  createObjectStorageClient,
  createObjectStore,
  discoverNamespace,
  type Logger,
  type ObjectStore,
} from '@oci-focus/core'
import { CliError } from '../errors.js'

/** `NS/BUCKET[/PREFIX]` → its parts; the prefix may hold further slashes and spaces. */
export function parseBucketRef(ref: string): { namespace: string; bucket: string; prefix: string } {
  const [namespace = '', bucket = '', ...rest] = ref.split('/')
  if (namespace === '' || bucket === '') {
    throw CliError.usage(`Invalid --bucket: expected NAMESPACE/BUCKET[/PREFIX], got ${JSON.stringify(ref)}`, {
      flag: 'bucket',
      value: ref,
    })
  }
  return { namespace, bucket, prefix: rest.join('/') }
}

export interface OpenedStore {
  readonly store: ObjectStore
  /** Closes the client and the credentials; idempotent. */
  close(): void
}

/** One bucket through the official client: credentials, a client for its region, namespace if not given. */
export async function openBucketStore(options: {
  readonly auth: AuthOptions
  readonly bucket: string
  readonly namespace?: string
  readonly region?: string
  readonly endpoint?: string
  readonly logger: Logger
  readonly signal?: AbortSignal
  readonly fetch?: typeof fetch
}): Promise<OpenedStore> {
  const auth = await createAuth(options.auth, {
    logger: options.logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  let client: ReturnType<typeof createObjectStorageClient> | undefined
  const close = () => {
    client?.close()
    client = undefined
    auth.close()
  }
  try {
    client = createObjectStorageClient({
      auth,
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    })
    const namespace =
      options.namespace ??
      (await discoverNamespace(client, {
        logger: options.logger,
        ...(options.signal ? { signal: options.signal } : {}),
      }))
    const region = options.region ?? auth.region
    const store = createObjectStore({
      client,
      namespace,
      bucket: options.bucket,
      ...(region === undefined ? {} : { region }),
      logger: options.logger,
    })
    return { store, close }
  } catch (error) {
    close()
    throw error
  }
}
