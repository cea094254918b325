// @oci-focus/core's package entry does not export its auth and store modules yet (its owner adds
// them with the copy engine); until then the loader tests import the same source files directly.
export { createAuth } from '../../core/src/auth/index.js'
export { createObjectStorageClient, createObjectStore } from '../../core/src/store/index.js'
