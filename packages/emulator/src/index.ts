export { EMULATOR_ERROR_CODES, EmulatorError, type EmulatorErrorCode } from './errors.js'
export {
  defaultFaultCode,
  FAULT_OPERATIONS,
  type FaultOperation,
  type FaultSpec,
  parseFaultSpec,
} from './faults.js'
export * from './generator/index.js'
export * from './identity/index.js'
export { createTestApiKey, fingerprintOf, type TestApiKey } from './keys.js'
export type { ObjectStorageOperation } from './objectstorage/routes.js'
export * from './oidc/index.js'
export {
  type AuthMode,
  type Emulator,
  type EmulatorOptions,
  type RequestLogEntry,
  startEmulator,
} from './server.js'
