import { OCI_FOCUS_HEADER } from '../src/dialect.js'
import { toCsvLine } from '../src/parse.js'

/** Values of one OCI FOCUS row, modelled on the public sample row (reference §9) with a cost. */
export const OCI_DEFAULTS: Readonly<Record<string, string>> = {
  AvailabilityZone: 'NoEK:AP-HYDERABAD-1-AD-1',
  BilledCost: '1.250000000000',
  BillingAccountId: '7356189',
  BillingCurrency: 'USD',
  BillingPeriodEnd: '2025-09-30T23:59:59.999Z',
  BillingPeriodStart: '2025-09-01T00:00:00.000Z',
  ChargeCategory: 'Usage',
  ChargeDescription: 'Outbound Data Transfer Zone 2',
  ChargeFrequency: 'Usage-based',
  ChargePeriodEnd: '2025-09-25T20:00Z',
  ChargePeriodStart: '2025-09-25T19:00Z',
  EffectiveCost: '1.250000000000',
  InvoiceIssuer: 'Oracle',
  ListCost: '1.500000000000',
  ListUnitPrice: '0.015000000000',
  PricingQuantity: '100.000000000000',
  PricingUnit: 'GB Months',
  Provider: 'Oracle',
  Publisher: 'Oracle',
  Region: 'ap-hyderabad-1',
  ResourceId: 'ocid1.vnic.oc1.ap-hyderabad-1.abuhs00000000f63jolk7rrusa',
  ResourceType: 'vnic',
  ServiceCategory: 'Networking',
  ServiceName: 'NETWORK',
  SkuId: 'B93455',
  SubAccountId: 'ocid1.tenancy.oc1..aaaaaaa00000002rbkkjz4z2zskvagupiz7a',
  SubAccountName: 'oc000ca',
  Tags: '{"Oracle-Tags.CreatedBy":"someone"}',
  UsageQuantity: '100.000000000000',
  UsageUnit: 'GB Months',
  oci_ReferenceNumber: 'V2.reference',
  oci_CompartmentId: 'ocid1.compartment.oc1..aaaaaaaauo0000005crerwtvzbdq',
  oci_CompartmentName: 'CGBU',
  oci_AttributedUsage: '0.000000000000',
  oci_AttributedCost: '0.000000000000',
}

/** One OCI FOCUS record (fields in OCI header order) with some values overridden. */
export function ociRecord(overrides: Readonly<Record<string, string>> = {}): string[] {
  return OCI_FOCUS_HEADER.map((name) => overrides[name] ?? OCI_DEFAULTS[name] ?? '')
}

/** A whole OCI FOCUS CSV (CRLF, as OCI writes it) from records. */
export function ociCsv(records: readonly (readonly string[])[]): string {
  return `${[toCsvLine(OCI_FOCUS_HEADER), ...records.map((r) => toCsvLine(r))].join('\r\n')}\r\n`
}
