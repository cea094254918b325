/** Recorded as `tool-version` on copied objects; kept equal to package.json's version. */
export const CORE_VERSION = '0.1.0'
