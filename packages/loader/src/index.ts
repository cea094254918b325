import { PACKAGE as CORE } from '@oci-focus/core'
export const PACKAGE = `loader+${CORE}`
