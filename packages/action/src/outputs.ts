import * as core from '@actions/core'

/** The copy action's outputs (action.yml). Every one is set on every path. */
export const COPY_OUTPUTS = {
  copied: 'copied',
  skipped: 'skipped',
  failed: 'failed',
  bytesWritten: 'bytes-written',
  objects: 'objects',
} as const

/** The load action's outputs (load/action.yml). Every one is set on every path. */
export const LOAD_OUTPUTS = {
  filesLoaded: 'files-loaded',
  filesSkipped: 'files-skipped',
  filesFailed: 'files-failed',
  rows: 'rows',
  rejectedRows: 'rejected-rows',
} as const

export type CopyOutputs = Record<keyof typeof COPY_OUTPUTS, string>
export type LoadOutputs = Record<keyof typeof LOAD_OUTPUTS, string>

/** What the outputs read when the action fails before it has a result. */
export const COPY_OUTPUT_DEFAULTS: CopyOutputs = {
  copied: '0',
  skipped: '0',
  failed: '0',
  bytesWritten: '0',
  objects: '[]',
}

export const LOAD_OUTPUT_DEFAULTS: LoadOutputs = {
  filesLoaded: '0',
  filesSkipped: '0',
  filesFailed: '0',
  rows: '0',
  rejectedRows: '0',
}

/** Sets every output in `names` from `values` (keys are the camelCase names). */
export function setOutputs<K extends string>(names: Record<K, string>, values: Record<K, string>): void {
  for (const key of Object.keys(names) as K[]) core.setOutput(names[key], values[key])
}
