export * from './errors.js'
export * from './schema.js'
export type * from './sink/types.js'
