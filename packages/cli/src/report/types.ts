/** Everything the HTML cost report shows. Money stays an exact decimal string until it is drawn. */
export interface ReportData {
  /** ISO timestamp of when the report was made. */
  readonly generatedAt: string
  /** Inclusive UTC days the charts cover. */
  readonly window: { readonly from: string; readonly to: string }
  /** Billing currency when the data has exactly one; otherwise undefined and amounts show without a code. */
  readonly currency: string | undefined
  /** Billed cost per charge day and service. */
  readonly dailyByService: ReadonlyArray<{
    readonly day: string
    readonly service: string
    readonly billedCost: string
  }>
  readonly topCompartments: ReadonlyArray<{
    readonly name: string
    readonly id: string
    readonly billedCost: string
  }>
  readonly topResources: ReadonlyArray<{
    readonly id: string
    readonly service: string
    readonly billedCost: string
  }>
  /** Month to date (up to the window's last day) against the same days of the previous month. */
  readonly monthToDate: {
    readonly month: string
    readonly billedCost: string
    readonly previousMonth: string
    readonly previousMonthSamePeriod: string
    readonly previousMonthTotal: string
  }
  readonly ledger: {
    readonly loaded: number
    readonly failed: number
    readonly rows: number
    readonly lastLoadedAt: string | undefined
    readonly failures: ReadonlyArray<{ readonly file: string; readonly error: string }>
  }
  /** Files skipped by the most recent load run, when the caller knows it. */
  readonly lastRunSkipped?: number
}
