export {
  createIdentityDomain,
  type ExchangeLogEntry,
  type IdentityDomain,
  type IdentityDomainOptions,
  type JwksSource,
  type OAuthErrorCode,
  type OidcIssuerTrust,
  TOKEN_EXCHANGE_GRANT,
  type TrustedIssuer,
  UPST_TOKEN_TYPE,
} from './domain.js'
export { UPST_AUDIENCE, UPST_ISSUER, type VerifiedUpst, type VerifyUpstOptions, verifyUpst } from './upst.js'
