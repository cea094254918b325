import { LEGACY_COST_HEADER } from './catalog.js'
import { CRLF, csvField } from './csv.js'
import { divideRounded, formatScaled, multiplyScaled } from './decimal.js'
import { addDays, parseDay, profileFor } from './focus.js'
import { HEX, Random } from './random.js'

const TAG_COLUMNS = ['Oracle-Tags.CreatedBy', 'Oracle-Tags.CreatedOn', 'Finance.CostCenter', 'Projekt.Name']

export interface LegacyCostCsvOptions {
  seed: number
  tenancyOcid: string
  /** Generation day; rows charge the day before. */
  day: string
  rows: number
  label: string
}

/**
 * A legacy OCI cost report (`reports/cost-csv/…`): the fixed header of reference §8 plus one
 * `tags/<key>` column per tag key, `intervalUsageStart` at minute and `intervalUsageEnd` at second
 * precision (mixed, as in the real file), CRLF.
 */
export function generateLegacyCostCsv(options: LegacyCostCsvOptions): Buffer {
  const tenancy = profileFor(options.seed, options.tenancyOcid)
  const random = new Random(options.seed, `legacy:${options.label}`)
  const chargeDay = addDays(parseDay(options.day, 'day'), -1)
  const subscriptionId = String(random.int(10_000_000, 99_999_999))
  const lines = [[...LEGACY_COST_HEADER, ...TAG_COLUMNS.map((key) => `tags/${key}`)].join(',')]
  for (let i = 0; i < options.rows; i++) {
    const resource = random.pick(tenancy.weighted)
    const sku = random.pick(resource.service.skus)
    const hour = random.int(0, 23)
    const start = new Date(chargeDay + hour * 3_600_000).toISOString()
    const end = new Date(chargeDay + (hour + 1) * 3_600_000).toISOString()
    const qty = BigInt(random.int(0, sku.maxQuantity * 1_000_000)) * 1_000_000n
    const cost = divideRounded(multiplyScaled(qty, sku.price) * (10_000n - tenancy.discountBps), 10_000n)
    lines.push(
      [
        random.chars(HEX, 32),
        tenancy.tenancyOcid,
        `${start.slice(0, 16)}Z`,
        `${end.slice(0, 19)}Z`,
        resource.service.name,
        resource.compartment.id,
        resource.compartment.name,
        resource.region.name,
        resource.availabilityZone.split(':')[1] ?? '',
        resource.id,
        formatScaled(qty),
        '',
        subscriptionId,
        sku.id,
        sku.description,
        formatScaled(sku.price),
        '',
        formatScaled(cost),
        '',
        'USD',
        sku.unit,
        sku.unit,
        'N',
        'false',
        '',
        ...TAG_COLUMNS.map((key) => csvField(resource.tagObject[key] ?? '')),
      ].join(','),
    )
  }
  return Buffer.from(lines.join(CRLF) + CRLF, 'utf8')
}
