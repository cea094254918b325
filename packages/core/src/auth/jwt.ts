/** The claims of a JWT, read WITHOUT verifying it (the issuer verifies; we only need `exp`). */
export interface JwtClaims {
  readonly exp?: number
  readonly iat?: number
  readonly [claim: string]: unknown
}

/** undefined when `token` is not a three-part JWT with a JSON object payload. */
export function decodeJwtClaims(token: string): JwtClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[1] === undefined || parts[1] === '') return undefined
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as JwtClaims)
      : undefined
  } catch {
    return undefined
  }
}

/** Remove anything that looks like a JWT (`eyJ….….…`) from text that may reach a log or an error. */
export function redactTokens(text: string): string {
  return text.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '<redacted token>')
}
