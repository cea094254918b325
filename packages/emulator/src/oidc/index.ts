export { createOidcIssuer, type OidcIssuer, type OidcIssuerOptions } from './issuer.js'
export type { PublicJwk } from './jwt.js'
