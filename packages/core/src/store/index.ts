// Region discovery signs with the same credentials and targets the same endpoint as the clients.
export {
  discoverHomeRegion,
  type HomeRegionOptions,
  listRegionSubscriptions,
  type RegionSubscription,
  resolveHomeRegion,
} from '../regions.js'
export {
  checkEndpoint,
  createObjectStorageClient,
  discoverNamespace,
  type ObjectStorageClient,
  type ObjectStorageClientOptions,
} from './client.js'
export { createObjectStore, md5Base64, type ObjectStoreOptions } from './object-store.js'
export { DEFAULT_RETRY, type RetryOptions } from './retry.js'
export { isTransientError } from './sdk-errors.js'
export { silenceSdkRetryWarnings } from './sdk-warnings.js'
export type { ObjectBody, ObjectHead, ObjectStore, ObjectSummary, PutResult } from './types.js'
