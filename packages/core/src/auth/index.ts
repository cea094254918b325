export { createAuth, resourcePrincipalOptionsFromEnv } from './create-auth.js'
export { fingerprintOf } from './keys.js'
export type {
  ApiKeyAuthOptions,
  AuthContext,
  AuthKind,
  AuthOptions,
  ConfigFileAuthOptions,
  InstancePrincipalAuthOptions,
  OciAuth,
  OidcAuthOptions,
  ResourcePrincipalAuthOptions,
} from './types.js'
