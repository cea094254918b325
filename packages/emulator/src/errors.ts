/**
 * The one error class of @oci-focus/emulator, for bad options and inputs (fault specs, seed folders,
 * keys, flags). Branch on `code`. HTTP-level answers of the emulated services are not errors of this
 * kind: they are wire responses (`{ code, message }`) built inside each service.
 */
export const EMULATOR_ERROR_CODES = [
  'EMULATOR_INVALID_OPTION',
  'EMULATOR_INVALID_FAULT_SPEC',
  'EMULATOR_INVALID_KEY',
  'EMULATOR_INVALID_TOKEN',
  'EMULATOR_SEED_FAILED',
  'EMULATOR_STORE_FAILED',
] as const

export type EmulatorErrorCode = (typeof EMULATOR_ERROR_CODES)[number]

export interface EmulatorErrorContext {
  readonly option?: string
  readonly value?: string
  readonly path?: string
}

export class EmulatorError extends Error {
  override readonly name = 'EmulatorError'
  readonly code: EmulatorErrorCode
  readonly option: string | undefined
  readonly value: string | undefined
  readonly path: string | undefined

  constructor(
    code: EmulatorErrorCode,
    message: string,
    context: EmulatorErrorContext = {},
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.code = code
    this.option = context.option
    this.value = context.value
    this.path = context.path
  }
}
