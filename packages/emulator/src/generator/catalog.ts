import { csvField } from './csv.js'
import { parseScaled } from './decimal.js'
import { BASE32_LOWER, Random } from './random.js'

/** The 49 columns of an OCI FOCUS report, in the order OCI writes them (reference §4). */
export const OCI_FOCUS_HEADER: readonly string[] = Object.freeze([
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ChargeSubcategory',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountType',
  'EffectiveCost',
  'InvoiceIssuer',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'Provider',
  'Publisher',
  'Region',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'UsageQuantity',
  'UsageUnit',
  'oci_ReferenceNumber',
  'oci_CompartmentId',
  'oci_CompartmentName',
  'oci_OverageFlag',
  'oci_UnitPriceOverage',
  'oci_BilledQuantityOverage',
  'oci_CostOverage',
  'oci_AttributedUsage',
  'oci_AttributedCost',
  'oci_BackReferenceNumber',
])

/** The fixed part of the legacy cost-report header (reference §8); tag columns follow per file. */
export const LEGACY_COST_HEADER: readonly string[] = Object.freeze([
  'lineItem/referenceNo',
  'lineItem/tenantId',
  'lineItem/intervalUsageStart',
  'lineItem/intervalUsageEnd',
  'product/service',
  'product/compartmentId',
  'product/compartmentName',
  'product/region',
  'product/availabilityDomain',
  'product/resourceId',
  'usage/billedQuantity',
  'usage/billedQuantityOverage',
  'cost/subscriptionId',
  'cost/productSku',
  'product/Description',
  'cost/unitPrice',
  'cost/unitPriceOverage',
  'cost/myCost',
  'cost/myCostOverage',
  'cost/currencyCode',
  'cost/billingUnitReadable',
  'cost/skuUnitDescription',
  'cost/overageFlag',
  'lineItem/isCorrection',
  'lineItem/backreferenceNo',
])

export interface Sku {
  id: string
  /** CSV-ready ChargeDescription. */
  description: string
  unit: string
  /** List unit price, scaled by 10^12. */
  price: bigint
  /** Largest quantity of one hourly row. */
  maxQuantity: number
}

export interface Service {
  name: string
  category: string
  resourceType: string
  ocidType: string
  /** Whether rows carry an availability domain. */
  zonal: boolean
  /** Relative share of rows. */
  weight: number
  skus: Sku[]
}

function sku(id: string, description: string, unit: string, price: string, maxQuantity: number): Sku {
  return { id, description: csvField(description), unit, price: parseScaled(price), maxQuantity }
}

/** Plausible OCI services, SKUs (part numbers), units and list prices. */
export const SERVICES: readonly Service[] = [
  {
    name: 'COMPUTE',
    category: 'Compute',
    resourceType: 'instance',
    ocidType: 'instance',
    zonal: true,
    weight: 30,
    skus: [
      sku('B97384', 'Compute - Standard - E5 - OCPU', 'OCPU Hours', '0.03', 16),
      sku('B97385', 'Compute - Standard - E5 - Memory', 'GB Hours', '0.002', 256),
      sku('B93113', 'Compute - Standard - E4 - OCPU', 'OCPU Hours', '0.025', 8),
      sku('B93114', 'Compute - Standard - E4 - Memory', 'GB Hours', '0.0015', 128),
    ],
  },
  {
    name: 'BLOCK_STORAGE',
    category: 'Storage',
    resourceType: 'bootvolume',
    ocidType: 'bootvolume',
    zonal: true,
    weight: 20,
    skus: [
      sku('B91961', 'Storage - Block Volume - Storage', 'GB Months', '0.0255', 2),
      sku(
        'B91962',
        'Storage - Block Volume - Performance Units',
        'Performance Units Per Gigabyte Month',
        '0.0017',
        20,
      ),
    ],
  },
  {
    name: 'OBJECT_STORAGE',
    category: 'Storage',
    resourceType: 'bucket',
    ocidType: 'bucket',
    zonal: false,
    weight: 15,
    skus: [
      sku('B91628', 'Object Storage - Storage', 'GB Months', '0.0255', 3),
      sku('B91627', 'Object Storage - Requests', 'Requests', '0.0000034', 50000),
      sku('B93000', 'Archive Storage, Infrequent Access', 'GB Months', '0.0026', 5),
    ],
  },
  {
    name: 'NETWORK',
    category: 'Networking',
    resourceType: 'vnic',
    ocidType: 'vnic',
    zonal: true,
    weight: 15,
    skus: [
      sku('B93455', 'Outbound Data Transfer Zone 2', 'GB Months', '0.025', 40),
      sku('B88327', 'Outbound Data Transfer Zone 1', 'Gigabytes', '0.0085', 60),
    ],
  },
  {
    name: 'LOAD_BALANCER',
    category: 'Networking',
    resourceType: 'loadbalancer',
    ocidType: 'loadbalancer',
    zonal: false,
    weight: 5,
    skus: [
      sku('B93030', 'Load Balancer Base', 'Load Balancer Hours', '0.0113', 1),
      sku('B93031', 'Load Balancer Bandwidth', 'Mbps Per Hour', '0.0001', 400),
    ],
  },
  {
    name: 'DATABASE',
    category: 'Databases',
    resourceType: 'autonomousdatabase',
    ocidType: 'autonomousdatabase',
    zonal: false,
    weight: 10,
    skus: [
      sku('B95702', 'Oracle Autonomous Data Warehouse - ECPU', 'ECPU Per Hour', '0.336', 8),
      sku(
        'B95704',
        'Oracle Autonomous Database Storage for Transaction Processing',
        'GB Months',
        '0.1156',
        2,
      ),
    ],
  },
  {
    name: 'LOGGING',
    category: 'Management and Governance',
    resourceType: 'loggroup',
    ocidType: 'loggroup',
    zonal: false,
    weight: 3,
    skus: [sku('B92593', 'Logging - Storage', 'Gigabyte Storage Capacity Per Month', '0.05', 1)],
  },
  {
    name: 'FUNCTIONS',
    category: 'Compute',
    resourceType: 'fnfunc',
    ocidType: 'fnfunc',
    zonal: false,
    weight: 2,
    skus: [
      sku('B90617', 'Oracle Functions - Execution Time, Memory', 'GB Memory-Seconds', '0.00001417', 5000),
    ],
  },
]

export interface RegionInfo {
  name: string
  /** Availability-domain stem as OCI writes it after the tenancy prefix. */
  adStem: string
}

export const REGIONS: readonly RegionInfo[] = [
  { name: 'us-ashburn-1', adStem: 'US-ASHBURN-AD' },
  { name: 'us-phoenix-1', adStem: 'PHX-AD' },
  { name: 'eu-frankfurt-1', adStem: 'EU-FRANKFURT-1-AD' },
  { name: 'uk-london-1', adStem: 'UK-LONDON-1-AD' },
  { name: 'ap-hyderabad-1', adStem: 'AP-HYDERABAD-1-AD' },
]

const COMPARTMENT_NAMES = ['Finanças', 'platform-prod', 'CGBU', 'data-lake', 'sandbox, shared', 'Ops "Core"']

export interface Compartment {
  id: string
  /** CSV-ready name. */
  name: string
}

export interface Resource {
  service: Service
  region: RegionInfo
  id: string
  availabilityZone: string
  compartment: Compartment
  /** CSV-ready Tags field (a JSON object, quoted). */
  tags: string
  /** Raw tags JSON, for the legacy generator. */
  tagObject: Record<string, string>
  profile: TagProfile
}

export type TagProfile = 'oracle' | 'free-form' | 'unicode' | 'quotes' | 'huge' | 'empty'

/** Everything about one tenancy that rows refer to; derived from the seed and tenancy OCID only. */
export interface TenancyProfile {
  tenancyOcid: string
  tenancyName: string
  billingAccountId: string
  adPrefix: string
  /** Negotiated discount, basis points off list. */
  discountBps: bigint
  compartments: Compartment[]
  resources: Resource[]
  /** Resources weighted by their service's share of rows. */
  weighted: Resource[]
}

/** A tenancy OCID in OCI's form, derived from the seed. */
export function tenancyOcidFor(seed: number): string {
  return `ocid1.tenancy.oc1..aaaaaaaa${new Random(seed, 'tenancy-ocid').chars(BASE32_LOWER, 52)}`
}

export function buildTenancyProfile(seed: number, tenancyOcid: string): TenancyProfile {
  const random = new Random(seed, `tenancy:${tenancyOcid}`)
  const tenancyName = `acme${random.chars('abcdefghijklmnopqrstuvwxyz', 4)}`
  const root: Compartment = { id: tenancyOcid, name: csvField(tenancyName) }
  const compartments = [
    root,
    ...COMPARTMENT_NAMES.map((name) => ({
      id: `ocid1.compartment.oc1..aaaaaaaa${random.chars(BASE32_LOWER, 52)}`,
      name: csvField(name),
    })),
  ]
  const adPrefix = random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 4)
  const resources: Resource[] = []
  const weighted: Resource[] = []
  const profiles: TagProfile[] = [
    'oracle',
    'oracle',
    'free-form',
    'unicode',
    'quotes',
    'empty',
    'oracle',
    'huge',
  ]
  let n = 0
  for (const service of SERVICES) {
    const count = 3 + random.int(0, 4)
    for (let i = 0; i < count; i++) {
      const region = i === 0 ? REGIONS[0]! : random.pick(REGIONS)
      const profile = profiles[n++ % profiles.length]!
      const tagObject = tagsFor(profile, random)
      const resource: Resource = {
        service,
        region,
        id: `ocid1.${service.ocidType}.oc1.${region.name}.${random.chars(BASE32_LOWER, 60)}`,
        availabilityZone: service.zonal ? `${adPrefix}:${region.adStem}-${random.int(1, 3)}` : '',
        compartment: random.pick(compartments),
        tags: csvField(JSON.stringify(tagObject)),
        tagObject,
        profile,
      }
      resources.push(resource)
      // Tags over 4,000 characters are rare in real files: such resources only appear where a file
      // forces them (see generateFocusCsvRows), not in the weighted pool.
      if (profile !== 'huge') for (let w = 0; w < service.weight; w++) weighted.push(resource)
    }
  }
  return {
    tenancyOcid,
    tenancyName,
    billingAccountId: String(random.int(1_000_000, 9_999_999)),
    adPrefix,
    discountBps: BigInt(random.pick([0, 1000, 1500, 2500])),
    compartments,
    resources,
    weighted,
  }
}

const USERS = ['jane.doe@example.com', 'ops-bot', 'łukasz.nowak@example.pl', 'terraform']

function tagsFor(profile: TagProfile, random: Random): Record<string, string> {
  const createdOn = `2025-0${random.int(1, 8)}-1${random.int(0, 9)}T0${random.int(0, 9)}:1${random.int(0, 9)}:33.512Z`
  const oracle = {
    'Oracle-Tags.CreatedBy': `oracleidentitycloudservice/${random.pick(USERS)}`,
    'Oracle-Tags.CreatedOn': createdOn,
  }
  switch (profile) {
    case 'oracle':
      return { ...oracle, 'Finance.CostCenter': `CC-${random.int(1000, 9999)}` }
    case 'free-form':
      // Valueless free-form tags and a key with a backslash, as in OCI's public sample row.
      return {
        'ArchitectureCenter\\deploy-tomcat-adb-d593.release': '',
        AutoScript: '',
        'CCA_Basic_Tag.CCA_Country': '',
        ...oracle,
      }
    case 'unicode':
      return {
        ...oracle,
        'Projekt.Name': 'Datenplattform – Zürich ✓',
        チーム: 'コスト管理',
        'Équipe.Nom': 'Données €',
        emoji: '🚀 launch',
      }
    case 'quotes':
      return {
        ...oracle,
        Notes: 'said "keep this" at C:\\temp\\x, then left',
        'Path.Win': '\\\\server\\share',
      }
    case 'empty':
      return {}
    case 'huge': {
      const tags: Record<string, string> = { ...oracle }
      for (let i = 0; i < 48; i++) {
        tags[`Governance.Control-${String(i).padStart(3, '0')}`] =
          `policy ${i}: retain for ${random.int(30, 400)} days; owner team-${random.chars('abcdefghij', 6)}; ref ${random.chars('0123456789ABCDEF', 24)}`
      }
      return tags
    }
  }
}
