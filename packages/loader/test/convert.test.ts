import { describe, expect, test } from 'vitest'
import { ConversionFailure, toDecimal, toJsonObject, toTimestamp } from '../src/convert.js'
import { mapHeader, OCI_FOCUS_HEADER } from '../src/dialect.js'
import { scaledDecimal } from '../src/duckdb.js'
import { isLoadError } from '../src/errors.js'

const failure = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    if (error instanceof ConversionFailure) return error.code
    throw error
  }
  throw new Error('expected a ConversionFailure')
}

describe('toDecimal', () => {
  test.each([
    ['0.000000000000', '0.000000000000'],
    ['-12.5', '-12.5'],
    ['123456789012345678901234.5', undefined],
    ['35.2E-7', '0.00000352'],
    ['1.5e3', '1500'],
    ['+7', '7'],
    ['.25', '0.25'],
    ['2.000000000000000000000', '2'],
    ['0.123456789012345678', '0.123456789012345678'],
    ['-0.000000000000000001', '-0.000000000000000001'],
    ['12345678901234567890', '12345678901234567890'],
  ])('%s → %s', (text, expected) => {
    if (expected === undefined) expect(failure(() => toDecimal(text))).toBe('LOAD_BAD_DECIMAL')
    else expect(toDecimal(text)).toBe(expected)
  })

  test.each([
    '',
    '1,000.00',
    '$10.00',
    '1.2.3',
    'NaN',
    'Infinity',
    '1e',
    '--1',
    ' 1',
    '1 ',
    '0.1234567890123456789',
  ])('refuses %j', (text) => {
    expect(failure(() => toDecimal(text))).toBe('LOAD_BAD_DECIMAL')
  })

  test('scaled integers are exact where doubles are not', () => {
    expect(scaledDecimal('0.1') + scaledDecimal('0.2')).toBe(scaledDecimal('0.3'))
    expect(scaledDecimal('-12345678901234567890.123456789012345678')).toBe(
      -12345678901234567890123456789012345678n,
    )
    expect(scaledDecimal('7')).toBe(7_000_000_000_000_000_000n)
  })
})

describe('toTimestamp', () => {
  test.each([
    ['2025-09-25T19:00Z', '2025-09-25T19:00:00.000Z'],
    ['2025-09-25T19:00:05Z', '2025-09-25T19:00:05.000Z'],
    ['2025-09-30T23:59:59.999Z', '2025-09-30T23:59:59.999Z'],
    ['2024-09-01 00:00:00', '2024-09-01T00:00:00.000Z'],
    ['2024-09-01T02:00:00+02:00', '2024-09-01T00:00:00.000Z'],
    ['2024-09-01T00:00:00.5Z', '2024-09-01T00:00:00.500Z'],
    ['2024-09-01T00:00:00.123000Z', '2024-09-01T00:00:00.123Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(toTimestamp(text).toISOString()).toBe(iso)
  })

  test.each([
    '5/1/25',
    '2023-02-01T30:00:00Z',
    '2025-02-29T00:00Z',
    '2025-13-01T00:00Z',
    '2025-09-25T19:00:00.1234Z',
    '2025-09-25T19Z',
    '',
  ])('refuses %j', (text) => {
    expect(failure(() => toTimestamp(text))).toBe('LOAD_BAD_TIMESTAMP')
  })
})

describe('toJsonObject', () => {
  test('returns the original text, not a re-encoding', () => {
    const text = '{ "a\\\\b" : "\\u00e9", "n": 1.50 }'
    expect(toJsonObject(text)).toBe(text)
  })
  test.each(['[1]', '"x"', 'null', '{"a":', "{'a':1}"])('refuses %j', (text) => {
    expect(failure(() => toJsonObject(text))).toBe('LOAD_BAD_JSON')
  })
})

describe('mapHeader', () => {
  test('OCI header: dialect, aliases, BOM and spaces', () => {
    const names = [...OCI_FOCUS_HEADER]
    names[0] = `\uFEFF ${names[0]} `
    const mapping = mapHeader(names, 'f.csv')
    expect(mapping.dialect).toBe('oci-focus')
    const target = (name: string) => mapping.targets[mapping.names.indexOf(name)]?.name
    expect(target('AvailabilityZone')).toBe('AVAILABILITY_ZONE')
    expect(target('Provider')).toBe('PROVIDER_NAME')
    expect(target('Publisher')).toBe('PUBLISHER_NAME')
    expect(target('InvoiceIssuer')).toBe('INVOICE_ISSUER_NAME')
    expect(target('Region')).toBe('REGION_ID')
    expect(target('UsageQuantity')).toBe('CONSUMED_QUANTITY')
    expect(target('UsageUnit')).toBe('CONSUMED_UNIT')
    expect(target('ChargeSubcategory')).toBe('CHARGE_SUBCATEGORY')
    expect(target('oci_BackReferenceNumber')).toBe('OCI_BACK_REFERENCE_NUMBER')
    expect(mapping.unknown).toEqual([])
  })

  test('standard FOCUS versions are told apart by the columns they introduced', () => {
    const base = [
      'BilledCost',
      'BillingAccountId',
      'BillingAccountName',
      'BillingCurrency',
      'BillingPeriodEnd',
      'BillingPeriodStart',
      'ChargeCategory',
      'ChargeClass',
      'ChargeDescription',
      'ChargePeriodEnd',
      'ChargePeriodStart',
      'ContractedCost',
      'EffectiveCost',
      'InvoiceIssuerName',
      'ListCost',
      'PricingQuantity',
      'PricingUnit',
      'ProviderName',
      'PublisherName',
      'ServiceCategory',
      'ServiceName',
    ]
    expect(mapHeader(base, 'a').dialect).toBe('focus-1.0')
    expect(mapHeader([...base, 'SkuMeter'], 'a').dialect).toBe('focus-1.1')
    expect(mapHeader([...base, 'SkuMeter', 'InvoiceId', 'x_Custom'], 'a')).toMatchObject({
      dialect: 'focus-1.2',
      unknown: ['x_Custom'],
      unprefixed: [],
    })
  })

  test('missing mandatory columns, duplicates and foreign headers are refused by name', () => {
    const oci = OCI_FOCUS_HEADER.filter((n) => n !== 'BilledCost' && n !== 'ServiceName')
    const error = (() => {
      try {
        mapHeader(oci, 'x.csv')
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(isLoadError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'LOAD_MISSING_COLUMNS', file: 'x.csv', line: 1 })
    expect((error as Error).message).toBe(
      'x.csv: header: an OCI FOCUS file must have the mandatory columns, missing BilledCost, ServiceName',
    )
    expect(() => mapHeader([...OCI_FOCUS_HEADER, 'Region'], 'd.csv')).toThrow(/each column may appear once/)
    expect(() => mapHeader([...OCI_FOCUS_HEADER, 'RegionId'], 'd.csv')).toThrow(/got Region and RegionId/)
    expect(() => mapHeader(['lineItem/referenceNo', 'cost/myCost'], 'l.csv')).toThrow(
      /legacy OCI cost\/usage report/,
    )
  })
})
