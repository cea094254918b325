import { createRequire as __ociFocusCreateRequire } from 'node:module';
const require = __ociFocusCreateRequire(import.meta.url);
import {
  ActionError,
  LOAD_OUTPUTS,
  LOAD_OUTPUT_DEFAULTS,
  assertOidcAvailable,
  authOptionsOf,
  cancelOnSignals,
  count,
  createActionLogger,
  createAuth,
  createObjectStorageClient,
  createObjectStore,
  discoverNamespace,
  error,
  getInput,
  info,
  maskSecretInputs,
  maskingFetch,
  parseLoadInputs,
  redact,
  runAction,
  setOutputs,
  silenceSdkRetryWarnings,
  warnIgnoredInputs,
  writeSummary
} from "./chunks/chunk-S7COQZM4.js";
import "./chunks/chunk-APVHLZV7.js";

// ../loader/src/schema.ts
var DECIMAL_PRECISION = 38;
var DECIMAL_SCALE = 18;
var ID = 2048;
var OBJECT_NAME = 1024;
var NAME = 1024;
var TEXT = 4e3;
var CODE = 128;
function focus(sourceName, type, length) {
  return column(sourceName, "focus", type, length);
}
function column(sourceName, origin, type, length) {
  const base = { name: toSnakeUpper(sourceName), type, nullable: true, origin, sourceName };
  return length === void 0 ? base : { ...base, length };
}
function toSnakeUpper(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toUpperCase();
}
var FOCUS_COLUMNS = [
  focus("AvailabilityZone", "varchar", NAME),
  focus("BilledCost", "decimal"),
  focus("BillingAccountId", "varchar", ID),
  focus("BillingAccountName", "varchar", NAME),
  focus("BillingAccountType", "varchar", NAME),
  focus("BillingCurrency", "varchar", CODE),
  focus("BillingPeriodEnd", "timestamp"),
  focus("BillingPeriodStart", "timestamp"),
  focus("CapacityReservationId", "varchar", ID),
  focus("CapacityReservationStatus", "varchar", CODE),
  focus("ChargeCategory", "varchar", CODE),
  focus("ChargeClass", "varchar", CODE),
  focus("ChargeDescription", "varchar", TEXT),
  focus("ChargeFrequency", "varchar", CODE),
  focus("ChargePeriodEnd", "timestamp"),
  focus("ChargePeriodStart", "timestamp"),
  focus("CommitmentDiscountCategory", "varchar", CODE),
  focus("CommitmentDiscountId", "varchar", ID),
  focus("CommitmentDiscountName", "varchar", NAME),
  focus("CommitmentDiscountQuantity", "decimal"),
  focus("CommitmentDiscountStatus", "varchar", CODE),
  focus("CommitmentDiscountType", "varchar", NAME),
  focus("CommitmentDiscountUnit", "varchar", NAME),
  focus("ConsumedQuantity", "decimal"),
  focus("ConsumedUnit", "varchar", NAME),
  focus("ContractedCost", "decimal"),
  focus("ContractedUnitPrice", "decimal"),
  focus("EffectiveCost", "decimal"),
  focus("InvoiceId", "varchar", ID),
  focus("InvoiceIssuerName", "varchar", NAME),
  focus("ListCost", "decimal"),
  focus("ListUnitPrice", "decimal"),
  focus("PricingCategory", "varchar", CODE),
  focus("PricingCurrency", "varchar", CODE),
  focus("PricingCurrencyContractedUnitPrice", "decimal"),
  focus("PricingCurrencyEffectiveCost", "decimal"),
  focus("PricingCurrencyListUnitPrice", "decimal"),
  focus("PricingQuantity", "decimal"),
  focus("PricingUnit", "varchar", NAME),
  focus("ProviderName", "varchar", NAME),
  focus("PublisherName", "varchar", NAME),
  focus("RegionId", "varchar", NAME),
  focus("RegionName", "varchar", NAME),
  focus("ResourceId", "varchar", ID),
  focus("ResourceName", "varchar", NAME),
  focus("ResourceType", "varchar", NAME),
  focus("ServiceCategory", "varchar", NAME),
  focus("ServiceName", "varchar", NAME),
  focus("ServiceSubcategory", "varchar", NAME),
  focus("SkuId", "varchar", ID),
  focus("SkuMeter", "varchar", NAME),
  focus("SkuPriceDetails", "json"),
  focus("SkuPriceId", "varchar", ID),
  focus("SubAccountId", "varchar", ID),
  focus("SubAccountName", "varchar", NAME),
  focus("SubAccountType", "varchar", NAME),
  focus("Tags", "json")
];
var CHARGE_SUBCATEGORY = column("ChargeSubcategory", "oci-legacy", "varchar", CODE);
var OCI_COLUMNS = [
  column("oci_ReferenceNumber", "oci", "varchar", ID),
  column("oci_CompartmentId", "oci", "varchar", ID),
  column("oci_CompartmentName", "oci", "varchar", NAME),
  column("oci_OverageFlag", "oci", "varchar", CODE),
  column("oci_UnitPriceOverage", "oci", "decimal"),
  column("oci_BilledQuantityOverage", "oci", "decimal"),
  column("oci_CostOverage", "oci", "decimal"),
  column("oci_AttributedUsage", "oci", "decimal"),
  column("oci_AttributedCost", "oci", "decimal"),
  column("oci_BackReferenceNumber", "oci", "varchar", ID)
];
var X_COLUMNS = {
  name: "X_COLUMNS",
  type: "json",
  nullable: true,
  origin: "extension",
  sourceName: ""
};
var SOURCE_FILE = {
  name: "SOURCE_FILE",
  type: "varchar",
  length: OBJECT_NAME,
  nullable: false,
  origin: "lineage",
  sourceName: ""
};
var SOURCE_LINE = {
  name: "SOURCE_LINE",
  type: "integer",
  nullable: false,
  origin: "lineage",
  sourceName: ""
};
var CANONICAL_COLUMNS = [
  ...FOCUS_COLUMNS,
  CHARGE_SUBCATEGORY,
  ...OCI_COLUMNS,
  X_COLUMNS,
  SOURCE_FILE,
  SOURCE_LINE
];
var COLUMN_INDEX = Object.fromEntries(
  CANONICAL_COLUMNS.map((c, i) => [c.name, i])
);
function columnIndex(name) {
  const index = COLUMN_INDEX[name];
  if (index === void 0) throw new Error(`canonical column: must exist, got ${name}`);
  return index;
}
var DEFAULT_TABLE = "OCI_FOCUS";
function tableNames(table = DEFAULT_TABLE) {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(table)) {
    throw new Error(
      `table name: must be a letter then letters, digits or _ (≤ 100), got ${JSON.stringify(table)}`
    );
  }
  const t = table.toUpperCase();
  return {
    table: t,
    ledger: `${t}_LOAD_LEDGER`,
    rejects: `${t}_REJECTS`,
    dailyView: `${t}_DAILY_COST`,
    monthlyView: `${t}_MONTHLY_COST`,
    tagsView: `${t}_TAGS`
  };
}
var LEDGER_COLUMNS = [
  lineage("SOURCE_FILE", "varchar", false, OBJECT_NAME),
  lineage("FILE_IDENTITY", "varchar", false, NAME),
  /** 'loaded' | 'failed' */
  lineage("STATUS", "varchar", false, 16),
  lineage("DIALECT", "varchar", true, 32),
  lineage("ROWS_LOADED", "integer", false),
  lineage("ROWS_REJECTED", "integer", false),
  lineage("FILE_BYTES", "integer", true),
  lineage("STARTED_AT", "timestamp", false),
  lineage("FINISHED_AT", "timestamp", false),
  lineage("ERROR_CODE", "varchar", true, 64),
  lineage("ERROR_MESSAGE", "varchar", true, TEXT),
  lineage("ERROR_LINE", "integer", true),
  lineage("ERROR_COLUMN", "varchar", true, NAME),
  lineage("ERROR_VALUE", "varchar", true, TEXT)
];
var REJECT_COLUMNS = [
  lineage("SOURCE_FILE", "varchar", false, OBJECT_NAME),
  lineage("SOURCE_LINE", "integer", false),
  lineage("ERROR_CODE", "varchar", false, 64),
  lineage("REASON", "varchar", false, TEXT),
  lineage("COLUMN_NAME", "varchar", true, NAME),
  /** The offending value; long values are cut to 4000 chars here, RAW_TEXT keeps everything. */
  lineage("VALUE", "varchar", true, TEXT),
  /** The record's raw text as it stood in the file (CLOB-sized). */
  lineage("RAW_TEXT", "text", false),
  lineage("REJECTED_AT", "timestamp", false)
];
function lineage(name, type, nullable, length) {
  const base = { name, type, nullable, origin: "lineage", sourceName: "" };
  return length === void 0 ? base : { ...base, length };
}

// ../loader/src/convert.ts
var ConversionFailure = class {
  code;
  rule;
  constructor(code, rule) {
    this.code = code;
    this.rule = rule;
  }
};
var MAX_INTEGER_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE;
var PLAIN_DECIMAL = new RegExp(`^-?\\d{1,${MAX_INTEGER_DIGITS}}(?:\\.\\d{1,${DECIMAL_SCALE}})?$`);
var GENERAL_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
function toDecimal(text) {
  if (PLAIN_DECIMAL.test(text)) return text;
  const m = GENERAL_DECIMAL.exec(text);
  if (m === null || (m[2] ?? "") === "" && (m[3] ?? "") === "") {
    throw new ConversionFailure("LOAD_BAD_DECIMAL", "must be a plain decimal number such as -12.34 or 1.5E-7");
  }
  const negative = m[1] === "-";
  let digits = (m[2] ?? "") + (m[3] ?? "");
  let point = (m[2] ?? "").length + Number(m[4] ?? "0");
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits = digits + "0".repeat(point - digits.length);
  }
  const integer = digits.slice(0, point).replace(/^0+/, "") || "0";
  const fraction = digits.slice(point).replace(/0+$/, "");
  if (integer.length > MAX_INTEGER_DIGITS) {
    throw new ConversionFailure("LOAD_BAD_DECIMAL", `must have at most ${MAX_INTEGER_DIGITS} integer digits`);
  }
  if (fraction.length > DECIMAL_SCALE) {
    throw new ConversionFailure(
      "LOAD_BAD_DECIMAL",
      `must have at most ${DECIMAL_SCALE} significant fraction digits (storing it would round it)`
    );
  }
  return `${negative ? "-" : ""}${integer}${fraction === "" ? "" : `.${fraction}`}`;
}
var TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
var DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function toTimestamp(text) {
  const m = TIMESTAMP.exec(text);
  if (m === null) {
    throw new ConversionFailure(
      "LOAD_BAD_TIMESTAMP",
      "must be an ISO 8601 UTC date-time such as 2025-09-25T19:00Z, 2025-09-01T00:00:00.000Z or 2024-09-01 00:00:00"
    );
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === void 0 ? 0 : Number(m[4]);
  const minute = m[5] === void 0 ? 0 : Number(m[5]);
  const second = m[6] === void 0 ? 0 : Number(m[6]);
  const fraction = m[7] ?? "";
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0) + leap || hour > 23 || minute > 59 || second > 59) {
    throw new ConversionFailure("LOAD_BAD_TIMESTAMP", "must be a real calendar date and time of day");
  }
  if (fraction.length > 3 && !/^0+$/.test(fraction.slice(3))) {
    throw new ConversionFailure("LOAD_BAD_TIMESTAMP", "must have at most millisecond precision");
  }
  const millis = fraction === "" ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== void 0 && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const zh = Number(digits.slice(0, 2));
    const zm = Number(digits.slice(2, 4));
    if (zh > 23 || zm > 59) throw new ConversionFailure("LOAD_BAD_TIMESTAMP", "must have a valid UTC offset");
    offsetMinutes = sign * (zh * 60 + zm);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 6e4;
  const date = new Date(utc);
  if (year < 100) date.setUTCFullYear(year);
  return date;
}
function toJsonObject(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConversionFailure("LOAD_BAD_JSON", "must be a JSON object");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConversionFailure("LOAD_BAD_JSON", "must be a JSON object, not an array or a scalar");
  }
  return text;
}
function converterFor(column2) {
  switch (column2.type) {
    case "decimal":
      return toDecimal;
    case "timestamp": {
      let lastText = "";
      let lastDate;
      return (text) => {
        if (text === lastText && lastDate !== void 0) return lastDate;
        lastDate = toTimestamp(text);
        lastText = text;
        return lastDate;
      };
    }
    case "json": {
      const seen = /* @__PURE__ */ new Set();
      return (text) => {
        if (seen.has(text)) return text;
        toJsonObject(text);
        if (seen.size >= 4096) seen.clear();
        if (text.length <= 16384) seen.add(text);
        return text;
      };
    }
    case "varchar": {
      const max = column2.length ?? Number.POSITIVE_INFINITY;
      return (text) => {
        if (text.length > max) {
          throw new ConversionFailure(
            "LOAD_VALUE_TOO_LONG",
            `must be at most ${max} characters, got ${text.length}`
          );
        }
        return text;
      };
    }
    default:
      return (text) => text;
  }
}

// ../loader/src/errors.ts
var LOAD_ERROR_CODES = [
  // options and sources
  "LOAD_INVALID_OPTION",
  "LOAD_SOURCE_NOT_FOUND",
  "LOAD_SOURCE_READ",
  "LOAD_BAD_GZIP",
  // header / dialect
  "LOAD_EMPTY_FILE",
  "LOAD_UNKNOWN_DIALECT",
  "LOAD_MISSING_COLUMNS",
  "LOAD_DUPLICATE_COLUMN",
  // records
  "LOAD_CSV_SYNTAX",
  "LOAD_FIELD_COUNT",
  "LOAD_BAD_DECIMAL",
  "LOAD_BAD_TIMESTAMP",
  "LOAD_BAD_JSON",
  "LOAD_VALUE_TOO_LONG",
  "LOAD_REQUIRED_VALUE",
  // sinks
  "LOAD_SINK_ERROR",
  "LOAD_ABORTED"
];
var LoadError = class extends Error {
  name = "LoadError";
  code;
  file;
  line;
  column;
  value;
  constructor(code, message, context = {}, options) {
    super(message, options);
    this.code = code;
    this.file = context.file;
    this.line = context.line;
    this.column = context.column;
    this.value = context.value;
  }
};
function isLoadError(value) {
  return typeof value === "object" && value !== null && typeof value.code === "string" && LOAD_ERROR_CODES.includes(value.code);
}
function quoteValue(value, max = 200) {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

// ../loader/src/dialect.ts
var DIALECT_LABEL = {
  "oci-focus": "an OCI FOCUS",
  "focus-1.0": "a FOCUS 1.0",
  "focus-1.1": "a FOCUS 1.1",
  "focus-1.2": "a FOCUS 1.2"
};
var OCI_ALIASES = {
  Provider: "PROVIDER_NAME",
  Publisher: "PUBLISHER_NAME",
  InvoiceIssuer: "INVOICE_ISSUER_NAME",
  Region: "REGION_ID",
  UsageQuantity: "CONSUMED_QUANTITY",
  UsageUnit: "CONSUMED_UNIT",
  ChargeSubcategory: CHARGE_SUBCATEGORY.name
};
var OCI_FOCUS_HEADER = [
  "AvailabilityZone",
  "BilledCost",
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodEnd",
  "BillingPeriodStart",
  "ChargeCategory",
  "ChargeDescription",
  "ChargeFrequency",
  "ChargePeriodEnd",
  "ChargePeriodStart",
  "ChargeSubcategory",
  "CommitmentDiscountCategory",
  "CommitmentDiscountId",
  "CommitmentDiscountName",
  "CommitmentDiscountType",
  "EffectiveCost",
  "InvoiceIssuer",
  "ListCost",
  "ListUnitPrice",
  "PricingCategory",
  "PricingQuantity",
  "PricingUnit",
  "Provider",
  "Publisher",
  "Region",
  "ResourceId",
  "ResourceName",
  "ResourceType",
  "ServiceCategory",
  "ServiceName",
  "SkuId",
  "SkuPriceId",
  "SubAccountId",
  "SubAccountName",
  "Tags",
  "UsageQuantity",
  "UsageUnit",
  ...OCI_COLUMNS.map((c) => c.sourceName)
];
var FOCUS_MANDATORY = [
  "BilledCost",
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodEnd",
  "BillingPeriodStart",
  "ChargeCategory",
  "ChargeClass",
  "ChargeDescription",
  "ChargePeriodEnd",
  "ChargePeriodStart",
  "ContractedCost",
  "EffectiveCost",
  "InvoiceIssuerName",
  "ListCost",
  "PricingQuantity",
  "PricingUnit",
  "ProviderName",
  "PublisherName",
  "ServiceCategory",
  "ServiceName"
];
var OCI_MANDATORY = [
  "BilledCost",
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodEnd",
  "BillingPeriodStart",
  "ChargeCategory",
  "ChargeDescription",
  "ChargePeriodEnd",
  "ChargePeriodStart",
  "EffectiveCost",
  "InvoiceIssuer",
  "ListCost",
  "PricingQuantity",
  "PricingUnit",
  "Provider",
  "Publisher",
  "ServiceCategory",
  "ServiceName"
];
var FOCUS_1_1_ONLY = [
  "CapacityReservationId",
  "CapacityReservationStatus",
  "CommitmentDiscountQuantity",
  "CommitmentDiscountUnit",
  "ServiceSubcategory",
  "SkuMeter",
  "SkuPriceDetails"
];
var FOCUS_1_2_ONLY = [
  "BillingAccountType",
  "InvoiceId",
  "PricingCurrency",
  "PricingCurrencyContractedUnitPrice",
  "PricingCurrencyEffectiveCost",
  "PricingCurrencyListUnitPrice",
  "SubAccountType"
];
var REQUIRED_VALUES = [
  "BILLED_COST",
  "EFFECTIVE_COST",
  "CHARGE_PERIOD_START",
  "CHARGE_PERIOD_END"
];
var BY_NAME = /* @__PURE__ */ new Map();
for (const c of FOCUS_COLUMNS) BY_NAME.set(c.sourceName.toLowerCase(), { column: c, oci: false });
for (const [name, target] of Object.entries(OCI_ALIASES)) {
  BY_NAME.set(name.toLowerCase(), { column: columnAt(target), oci: true });
}
for (const c of OCI_COLUMNS) {
  BY_NAME.set(c.sourceName.toLowerCase(), { column: c, oci: true });
  BY_NAME.set(`x_${c.sourceName.toLowerCase()}`, { column: c, oci: true });
}
function columnAt(name) {
  const def = [...FOCUS_COLUMNS, CHARGE_SUBCATEGORY].find((c) => c.name === name);
  if (def === void 0) throw new Error(`alias target: must be a canonical column, got ${name}`);
  return def;
}
function mapHeader(rawNames, file) {
  const names = rawNames.map((n, i) => (i === 0 ? n.replace(/^\uFEFF/, "") : n).trim());
  if (names.length === 0 || names.length === 1 && names[0] === "") {
    throw new LoadError("LOAD_EMPTY_FILE", `${file}: header: must name the columns, got an empty line`, {
      file,
      line: 1
    });
  }
  const targets = [];
  const seen = /* @__PURE__ */ new Map();
  const unknown = [];
  const unprefixed = [];
  let known = 0;
  let oci = false;
  for (const name of names) {
    const entry = BY_NAME.get(name.toLowerCase());
    if (entry === void 0) {
      if (name === "") {
        throw new LoadError(
          "LOAD_UNKNOWN_DIALECT",
          `${file}: header: every column must have a name, got an empty one`,
          {
            file,
            line: 1
          }
        );
      }
      if (unknown.includes(name)) {
        throw new LoadError(
          "LOAD_DUPLICATE_COLUMN",
          `${file}: header: column names must be unique, got ${name} twice`,
          {
            file,
            line: 1,
            column: name
          }
        );
      }
      unknown.push(name);
      if (!name.startsWith("x_")) unprefixed.push(name);
      targets.push(void 0);
      continue;
    }
    const previous = seen.get(entry.column.name);
    if (previous !== void 0) {
      throw new LoadError(
        "LOAD_DUPLICATE_COLUMN",
        `${file}: header: each column may appear once, got ${previous} and ${name} (both ${entry.column.name})`,
        { file, line: 1, column: name }
      );
    }
    seen.set(entry.column.name, name);
    known++;
    if (entry.oci) oci = true;
    targets.push(entry.column);
  }
  if (known === 0) {
    const legacy = names.some((n) => n.startsWith("lineItem/") || n.startsWith("cost/"));
    throw new LoadError(
      "LOAD_UNKNOWN_DIALECT",
      `${file}: header: must be an OCI FOCUS or FOCUS 1.0–1.2 header, got ${names.slice(0, 4).join(",")}…` + (legacy ? " (this is a legacy OCI cost/usage report, not FOCUS)" : ""),
      { file, line: 1, value: names.join(",") }
    );
  }
  const present = new Set(names.map((n) => n.toLowerCase()));
  const has = (n) => present.has(n.toLowerCase());
  const dialect = oci ? "oci-focus" : FOCUS_1_2_ONLY.some(has) ? "focus-1.2" : FOCUS_1_1_ONLY.some(has) ? "focus-1.1" : "focus-1.0";
  const mandatory = dialect === "oci-focus" ? OCI_MANDATORY : FOCUS_MANDATORY;
  const missing = mandatory.filter((n) => !has(n));
  if (missing.length > 0) {
    throw new LoadError(
      "LOAD_MISSING_COLUMNS",
      `${file}: header: ${DIALECT_LABEL[dialect]} file must have the mandatory columns, missing ${missing.join(", ")}`,
      { file, line: 1, column: missing.join(",") }
    );
  }
  return {
    dialect,
    names,
    targets,
    targetIndexes: targets.map((t) => t === void 0 ? -1 : columnIndex(t.name)),
    unknown,
    unprefixed
  };
}

// ../loader/src/logger.ts
var silentLogger = { debug() {
}, info() {
}, warn() {
} };

// ../loader/src/parse.ts
import { pipeline } from "node:stream";

// ../../node_modules/csv-parse/lib/index.js
import { Transform } from "stream";

// ../../node_modules/csv-parse/lib/utils/is_object.js
var is_object = function(obj) {
  return typeof obj === "object" && obj !== null && !Array.isArray(obj);
};

// ../../node_modules/csv-parse/lib/api/CsvError.js
var CsvError = class _CsvError extends Error {
  constructor(code, message, options, ...contexts) {
    if (Array.isArray(message)) message = message.join(" ").trim();
    super(message);
    if (Error.captureStackTrace !== void 0) {
      Error.captureStackTrace(this, _CsvError);
    }
    this.code = code;
    for (const context of contexts) {
      for (const key in context) {
        const value = context[key];
        this[key] = Buffer.isBuffer(value) ? value.toString(options.encoding) : value == null ? value : JSON.parse(JSON.stringify(value));
      }
    }
  }
};

// ../../node_modules/csv-parse/lib/api/normalize_columns_array.js
var normalize_columns_array = function(columns) {
  const normalizedColumns = [];
  for (let i = 0, l = columns.length; i < l; i++) {
    const column2 = columns[i];
    if (column2 === void 0 || column2 === null || column2 === false) {
      normalizedColumns[i] = { disabled: true };
    } else if (typeof column2 === "string" || typeof column2 === "number") {
      normalizedColumns[i] = { name: `${column2}` };
    } else if (is_object(column2)) {
      if (typeof column2.name !== "string") {
        throw new CsvError("CSV_OPTION_COLUMNS_MISSING_NAME", [
          "Option columns missing name:",
          `property "name" is required at position ${i}`,
          "when column is an object literal"
        ]);
      }
      normalizedColumns[i] = column2;
    } else {
      throw new CsvError("CSV_INVALID_COLUMN_DEFINITION", [
        "Invalid column definition:",
        "expect a string or a literal object,",
        `got ${JSON.stringify(column2)} at position ${i}`
      ]);
    }
  }
  return normalizedColumns;
};

// ../../node_modules/csv-parse/lib/utils/ResizeableBuffer.js
var ResizeableBuffer = class {
  constructor(size = 100) {
    this.size = size;
    this.length = 0;
    this.buf = Buffer.allocUnsafe(size);
  }
  prepend(val) {
    if (Buffer.isBuffer(val)) {
      const length = this.length + val.length;
      if (length >= this.size) {
        this.resize();
        if (length >= this.size) {
          throw Error("INVALID_BUFFER_STATE");
        }
      }
      const buf = this.buf;
      this.buf = Buffer.allocUnsafe(this.size);
      val.copy(this.buf, 0);
      buf.copy(this.buf, val.length);
      this.length += val.length;
    } else {
      const length = this.length++;
      if (length === this.size) {
        this.resize();
      }
      const buf = this.clone();
      this.buf[0] = val;
      buf.copy(this.buf, 1, 0, length);
    }
  }
  append(val) {
    const length = this.length++;
    if (length === this.size) {
      this.resize();
    }
    this.buf[length] = val;
  }
  clone() {
    return Buffer.from(this.buf.slice(0, this.length));
  }
  resize() {
    const length = this.length;
    this.size = this.size * 2;
    const buf = Buffer.allocUnsafe(this.size);
    this.buf.copy(buf, 0, 0, length);
    this.buf = buf;
  }
  toString(encoding) {
    if (encoding) {
      return this.buf.toString(encoding, 0, this.length);
    } else {
      return Uint8Array.prototype.slice.call(this.buf.slice(0, this.length));
    }
  }
  toJSON() {
    return this.toString("utf8");
  }
  reset() {
    this.length = 0;
  }
};
var ResizeableBuffer_default = ResizeableBuffer;

// ../../node_modules/csv-parse/lib/api/init_state.js
var init_state = function(options) {
  const timchars = [
    // Basic Latin
    32,
    // [Space](https://www.fileformat.info/info/unicode/char/0020/index.htm)
    9,
    // [CHARACTER TABULATION (HT)](https://www.fileformat.info/info/unicode/char/0009/index.htm)
    10,
    // [LINE FEED (LF)](https://www.fileformat.info/info/unicode/char/000a/index.htm)
    13,
    // [CARRIAGE RETURN (CR)](https://www.fileformat.info/info/unicode/char/000d/index.htm)
    12,
    // [FORM FEED (FF)](https://www.fileformat.info/info/unicode/char/000c/index.htm)
    11,
    // [LINE TABULATION (VT)](https://www.fileformat.info/info/unicode/char/000b/index.htm)
    // Latin-1 Supplement
    160,
    // [NO-BREAK SPACE (NBSP)](https://www.fileformat.info/info/unicode/char/00a0/index.htm)
    // Ogham
    5760,
    // [OGHAM SPACE MARK](https://www.fileformat.info/info/unicode/char/1680/index.htm)
    // General Punctuation
    8192,
    // [EN QUAD](https://www.fileformat.info/info/unicode/char/2000/index.htm)
    8193,
    // [EM QUAD](https://www.fileformat.info/info/unicode/char/2001/index.htm)
    8194,
    // [EN SPACE](https://www.fileformat.info/info/unicode/char/2002/index.htm)
    8195,
    // [EM SPACE](https://www.fileformat.info/info/unicode/char/2003/index.htm)
    8196,
    // [THREE-PER-EM SPACE](https://www.fileformat.info/info/unicode/char/2004/index.htm)
    8197,
    // [FOUR-PER-EM SPACE](https://www.fileformat.info/info/unicode/char/2005/index.htm)
    8198,
    // [SIX-PER-EM SPACE](https://www.fileformat.info/info/unicode/char/2006/index.htm)
    8199,
    // [FIGURE SPACE](https://www.fileformat.info/info/unicode/char/2007/index.htm)
    8200,
    // [PUNCTUATION SPACE](https://www.fileformat.info/info/unicode/char/2008/index.htm)
    8201,
    // [THIN SPACE](https://www.fileformat.info/info/unicode/char/2009/index.htm)
    8202,
    // [HAIR SPACE](https://www.fileformat.info/info/unicode/char/200a/index.htm)
    8232,
    // [LINE SEPARATOR](https://www.fileformat.info/info/unicode/char/2028/index.htm)
    8233,
    // [PARAGRAPH SEPARATOR](https://www.fileformat.info/info/unicode/char/2029/index.htm)
    8239,
    // [NARROW NO-BREAK SPACE (NNBSP)](https://www.fileformat.info/info/unicode/char/202f/index.htm)
    8287,
    // [MEDIUM MATHEMATICAL SPACE (MMSP)](https://www.fileformat.info/info/unicode/char/205f/index.htm)
    12288,
    // [IDEOGRAPHIC SPACE](https://www.fileformat.info/info/unicode/char/3000/index.htm)
    65279
    // [ZERO WIDTH NO-BREAK SPACE (BOM)](https://www.fileformat.info/info/unicode/char/feff/index.htm)
  ].reduce((acc, codepoint) => {
    const encoded = Buffer.from(
      String.fromCharCode(codepoint),
      options.encoding
    );
    if (codepoint !== 63 && encoded.length === 1 && encoded[0] === 63) {
      return acc;
    }
    acc.push(encoded);
    return acc;
  }, []);
  const timcharFirstBytes = new Uint8Array(256);
  for (const t of timchars) timcharFirstBytes[t[0]] = 1;
  return {
    bomSkipped: false,
    bufBytesStart: 0,
    castField: options.cast_function,
    commenting: false,
    delimiterBufPrevious: void 0,
    delimiterDiscovered: false,
    // Current error encountered by a record
    error: void 0,
    enabled: options.from_line === 1,
    escaping: false,
    escapeIsQuote: Buffer.isBuffer(options.escape) && Buffer.isBuffer(options.quote) && Buffer.compare(options.escape, options.quote) === 0,
    // columns can be `false`, `true`, `Array`
    expectedRecordLength: Array.isArray(options.columns) ? options.columns.length : void 0,
    field: new ResizeableBuffer_default(20),
    firstLineToHeaders: options.cast_first_line_to_header,
    needMoreDataSize: Math.max(
      // Skip if the remaining buffer smaller than comment
      options.comment !== null ? options.comment.length : 0,
      ...options.delimiter ? options.delimiter.map((delimiter) => delimiter.length) : [],
      // Auto discovery of delimiter is limited to 1 character
      options.delimiter_auto ? 1 : 0,
      // Skip if the remaining buffer can be escape sequence
      options.quote !== null ? options.quote.length : 0,
      ...timchars.map((t) => t.length)
    ),
    previousBuf: void 0,
    quoting: false,
    stop: false,
    rawBuffer: new ResizeableBuffer_default(100),
    record: [],
    recordHasError: false,
    record_length: 0,
    recordDelimiterMaxLength: options.record_delimiter.length === 0 ? 0 : Math.max(...options.record_delimiter.map((v) => v.length)),
    trimChars: [
      Buffer.from(" ", options.encoding)[0],
      Buffer.from("	", options.encoding)[0]
    ],
    wasQuoting: false,
    wasRowDelimiter: false,
    timchars,
    timcharFirstBytes
  };
};

// ../../node_modules/csv-parse/lib/utils/underscore.js
var underscore = function(str) {
  return str.replace(/([A-Z])/g, function(_, match) {
    return "_" + match.toLowerCase();
  });
};

// ../../node_modules/csv-parse/lib/api/normalize_options.js
var normalize_options = function(opts) {
  const options = {};
  for (const opt in opts) {
    options[underscore(opt)] = opts[opt];
  }
  if (options.encoding === void 0 || options.encoding === true) {
    options.encoding = "utf8";
  } else if (options.encoding === null || options.encoding === false) {
    options.encoding = null;
  } else if (typeof options.encoding !== "string" && options.encoding !== null) {
    throw new CsvError(
      "CSV_INVALID_OPTION_ENCODING",
      [
        "Invalid option encoding:",
        "encoding must be a string or null to return a buffer,",
        `got ${JSON.stringify(options.encoding)}`
      ],
      options
    );
  }
  if (options.bom === void 0 || options.bom === null || options.bom === false) {
    options.bom = false;
  } else if (options.bom !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_BOM",
      [
        "Invalid option bom:",
        "bom must be true,",
        `got ${JSON.stringify(options.bom)}`
      ],
      options
    );
  }
  options.cast_function = null;
  if (options.cast === void 0 || options.cast === null || options.cast === false || options.cast === "") {
    options.cast = void 0;
  } else if (typeof options.cast === "function") {
    options.cast_function = options.cast;
    options.cast = true;
  } else if (options.cast !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_CAST",
      [
        "Invalid option cast:",
        "cast must be true or a function,",
        `got ${JSON.stringify(options.cast)}`
      ],
      options
    );
  }
  if (options.cast_date === void 0 || options.cast_date === null || options.cast_date === false || options.cast_date === "") {
    options.cast_date = false;
  } else if (options.cast_date === true) {
    options.cast_date = function(value) {
      const date = Date.parse(value);
      return !isNaN(date) ? new Date(date) : value;
    };
  } else if (typeof options.cast_date !== "function") {
    throw new CsvError(
      "CSV_INVALID_OPTION_CAST_DATE",
      [
        "Invalid option cast_date:",
        "cast_date must be true or a function,",
        `got ${JSON.stringify(options.cast_date)}`
      ],
      options
    );
  }
  options.cast_first_line_to_header = void 0;
  if (options.columns === true) {
    options.cast_first_line_to_header = void 0;
  } else if (typeof options.columns === "function") {
    options.cast_first_line_to_header = options.columns;
    options.columns = true;
  } else if (Array.isArray(options.columns)) {
    options.columns = normalize_columns_array(options.columns);
  } else if (options.columns === void 0 || options.columns === null || options.columns === false) {
    options.columns = false;
  } else {
    throw new CsvError(
      "CSV_INVALID_OPTION_COLUMNS",
      [
        "Invalid option columns:",
        "expect an array, a function or true,",
        `got ${JSON.stringify(options.columns)}`
      ],
      options
    );
  }
  if (options.group_columns_by_name === void 0 || options.group_columns_by_name === null || options.group_columns_by_name === false) {
    options.group_columns_by_name = false;
  } else if (options.group_columns_by_name !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_GROUP_COLUMNS_BY_NAME",
      [
        "Invalid option group_columns_by_name:",
        "expect an boolean,",
        `got ${JSON.stringify(options.group_columns_by_name)}`
      ],
      options
    );
  } else if (options.columns === false) {
    throw new CsvError(
      "CSV_INVALID_OPTION_GROUP_COLUMNS_BY_NAME",
      [
        "Invalid option group_columns_by_name:",
        "the `columns` mode must be activated."
      ],
      options
    );
  }
  if (options.comment === void 0 || options.comment === null || options.comment === false || options.comment === "") {
    options.comment = null;
  } else {
    if (typeof options.comment === "string") {
      options.comment = Buffer.from(options.comment, options.encoding);
    }
    if (!Buffer.isBuffer(options.comment)) {
      throw new CsvError(
        "CSV_INVALID_OPTION_COMMENT",
        [
          "Invalid option comment:",
          "comment must be a buffer or a string,",
          `got ${JSON.stringify(options.comment)}`
        ],
        options
      );
    }
  }
  if (options.comment_no_infix === void 0 || options.comment_no_infix === null || options.comment_no_infix === false) {
    options.comment_no_infix = false;
  } else if (options.comment_no_infix !== true) {
    throw new CsvError(
      "CSV_INVALID_OPTION_COMMENT",
      [
        "Invalid option comment_no_infix:",
        "value must be a boolean,",
        `got ${JSON.stringify(options.comment_no_infix)}`
      ],
      options
    );
  }
  if (options.delimiter_auto === void 0 || options.delimiter_auto === null || options.delimiter_auto === false) {
    options.delimiter_auto = false;
  } else if (options.delimiter_auto === true) {
    options.delimiter_auto = {};
  } else if (!is_object(options.delimiter_auto)) {
    throw new CsvError(
      "CSV_INVALID_OPTION_DELIMITER_AUTO",
      [
        "Invalid option delimiter_auto:",
        "delimiter_auto must be a boolean or a configuration object,",
        `got ${JSON.stringify(options.delimiter_auto)}`
      ],
      options
    );
  }
  if (options.delimiter_auto) {
    if (options.delimiter_auto.preferred === void 0)
      options.delimiter_auto.preferred = {
        [",".charCodeAt(0)]: 1.8,
        ["	".charCodeAt(0)]: 1.8,
        [";".charCodeAt(0)]: 1.6,
        [" ".charCodeAt(0)]: 1.6,
        [":".charCodeAt(0)]: 1.5,
        [".".charCodeAt(0)]: 1.4,
        ["/".charCodeAt(0)]: 1.4
      };
    else if (!is_object(options.delimiter_auto.preferred)) {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER_AUTO",
        [
          "Invalid option delimiter_auto:",
          "preferred must be an object,",
          `got ${JSON.stringify(options.delimiter_auto.preferred)}`
        ],
        options
      );
    }
    if (options.delimiter_auto.score === void 0)
      options.delimiter_auto.score = (info2, options2) => {
        return (info2.total - info2.std) * (options2.preferred[info2.char_code] || 1);
      };
    else if (typeof options.delimiter_auto.score !== "function") {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER_AUTO",
        [
          "Invalid option delimiter_auto:",
          "score must be a function,",
          `got ${JSON.stringify(options.delimiter_auto.score)}`
        ],
        options
      );
    }
    if (options.delimiter_auto.size === void 0)
      options.delimiter_auto.size = 2048;
    else if (typeof options.delimiter_auto.size !== "number") {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER_AUTO",
        [
          "Invalid option delimiter_auto:",
          "size must be a number,",
          `got ${JSON.stringify(options.delimiter_auto.size)}`
        ],
        options
      );
    }
  }
  const delimiter_json = JSON.stringify(options.delimiter);
  if (options.delimiter_auto !== false) {
    options.delimiter = [];
  }
  if (!Array.isArray(options.delimiter)) {
    if (options.delimiter === void 0 || options.delimiter === null || options.delimiter === false) {
      options.delimiter = Buffer.from(",", options.encoding);
    }
    options.delimiter = [options.delimiter];
  }
  options.delimiter = options.delimiter.map(function(delimiter) {
    if (typeof delimiter === "string") {
      delimiter = Buffer.from(delimiter, options.encoding);
    }
    if (!Buffer.isBuffer(delimiter) || delimiter.length === 0) {
      throw new CsvError(
        "CSV_INVALID_OPTION_DELIMITER",
        [
          "Invalid option delimiter:",
          "delimiter must be a non empty string or buffer or array of string|buffer,",
          `got ${delimiter_json}`
        ],
        options
      );
    }
    return delimiter;
  });
  if (options.escape === void 0 || options.escape === true) {
    options.escape = Buffer.from('"', options.encoding);
  } else if (typeof options.escape === "string") {
    options.escape = Buffer.from(options.escape, options.encoding);
  } else if (options.escape === null || options.escape === false) {
    options.escape = null;
  }
  if (options.escape !== null) {
    if (!Buffer.isBuffer(options.escape)) {
      throw new Error(
        `Invalid Option: escape must be a buffer, a string or a boolean, got ${JSON.stringify(options.escape)}`
      );
    }
  }
  if (options.from === void 0 || options.from === null) {
    options.from = 1;
  } else {
    if (typeof options.from === "string" && /\d+/.test(options.from)) {
      options.from = parseInt(options.from);
    }
    if (Number.isInteger(options.from)) {
      if (options.from < 0) {
        throw new Error(
          `Invalid Option: from must be a positive integer, got ${JSON.stringify(opts.from)}`
        );
      }
    } else {
      throw new Error(
        `Invalid Option: from must be an integer, got ${JSON.stringify(options.from)}`
      );
    }
  }
  if (options.from_line === void 0 || options.from_line === null) {
    options.from_line = 1;
  } else {
    if (typeof options.from_line === "string" && /\d+/.test(options.from_line)) {
      options.from_line = parseInt(options.from_line);
    }
    if (Number.isInteger(options.from_line)) {
      if (options.from_line <= 0) {
        throw new Error(
          `Invalid Option: from_line must be a positive integer greater than 0, got ${JSON.stringify(opts.from_line)}`
        );
      }
    } else {
      throw new Error(
        `Invalid Option: from_line must be an integer, got ${JSON.stringify(opts.from_line)}`
      );
    }
  }
  if (options.ignore_last_delimiters === void 0 || options.ignore_last_delimiters === null) {
    options.ignore_last_delimiters = false;
  } else if (typeof options.ignore_last_delimiters === "number") {
    options.ignore_last_delimiters = Math.floor(options.ignore_last_delimiters);
    if (options.ignore_last_delimiters === 0) {
      options.ignore_last_delimiters = false;
    }
  } else if (typeof options.ignore_last_delimiters !== "boolean") {
    throw new CsvError(
      "CSV_INVALID_OPTION_IGNORE_LAST_DELIMITERS",
      [
        "Invalid option `ignore_last_delimiters`:",
        "the value must be a boolean value or an integer,",
        `got ${JSON.stringify(options.ignore_last_delimiters)}`
      ],
      options
    );
  }
  if (options.ignore_last_delimiters === true && options.columns === false) {
    throw new CsvError(
      "CSV_IGNORE_LAST_DELIMITERS_REQUIRES_COLUMNS",
      [
        "The option `ignore_last_delimiters`",
        "requires the activation of the `columns` option"
      ],
      options
    );
  }
  if (options.info === void 0 || options.info === null || options.info === false) {
    options.info = false;
  } else if (options.info !== true) {
    throw new Error(
      `Invalid Option: info must be true, got ${JSON.stringify(options.info)}`
    );
  }
  if (options.max_record_size === void 0 || options.max_record_size === null || options.max_record_size === false) {
    options.max_record_size = 0;
  } else if (Number.isInteger(options.max_record_size) && options.max_record_size >= 0) {
  } else if (typeof options.max_record_size === "string" && /\d+/.test(options.max_record_size)) {
    options.max_record_size = parseInt(options.max_record_size);
  } else {
    throw new Error(
      `Invalid Option: max_record_size must be a positive integer, got ${JSON.stringify(options.max_record_size)}`
    );
  }
  if (options.objname === void 0 || options.objname === null || options.objname === false) {
    options.objname = void 0;
  } else if (Buffer.isBuffer(options.objname)) {
    if (options.objname.length === 0) {
      throw new Error(`Invalid Option: objname must be a non empty buffer`);
    }
    if (options.encoding === null) {
    } else {
      options.objname = options.objname.toString(options.encoding);
    }
  } else if (typeof options.objname === "string") {
    if (options.objname.length === 0) {
      throw new Error(`Invalid Option: objname must be a non empty string`);
    }
  } else if (typeof options.objname === "number") {
  } else {
    throw new Error(
      `Invalid Option: objname must be a string or a buffer, got ${options.objname}`
    );
  }
  if (options.objname !== void 0) {
    if (typeof options.objname === "number") {
      if (options.columns !== false) {
        throw Error(
          "Invalid Option: objname index cannot be combined with columns or be defined as a field"
        );
      }
    } else {
      if (options.columns === false) {
        throw Error(
          "Invalid Option: objname field must be combined with columns or be defined as an index"
        );
      }
    }
  }
  if (options.on_record === void 0 || options.on_record === null) {
    options.on_record = void 0;
  } else if (typeof options.on_record !== "function") {
    throw new CsvError(
      "CSV_INVALID_OPTION_ON_RECORD",
      [
        "Invalid option `on_record`:",
        "expect a function,",
        `got ${JSON.stringify(options.on_record)}`
      ],
      options
    );
  }
  if (options.on_skip !== void 0 && options.on_skip !== null && typeof options.on_skip !== "function") {
    throw new Error(
      `Invalid Option: on_skip must be a function, got ${JSON.stringify(options.on_skip)}`
    );
  }
  if (options.quote === null || options.quote === false || options.quote === "") {
    options.quote = null;
  } else {
    if (options.quote === void 0 || options.quote === true) {
      options.quote = Buffer.from('"', options.encoding);
    } else if (typeof options.quote === "string") {
      options.quote = Buffer.from(options.quote, options.encoding);
    }
    if (!Buffer.isBuffer(options.quote)) {
      throw new Error(
        `Invalid Option: quote must be a buffer or a string, got ${JSON.stringify(options.quote)}`
      );
    }
  }
  if (options.raw === void 0 || options.raw === null || options.raw === false) {
    options.raw = false;
  } else if (options.raw !== true) {
    throw new Error(
      `Invalid Option: raw must be true, got ${JSON.stringify(options.raw)}`
    );
  }
  if (options.record_delimiter === void 0) {
    options.record_delimiter = [];
  } else if (typeof options.record_delimiter === "string" || Buffer.isBuffer(options.record_delimiter)) {
    if (options.record_delimiter.length === 0) {
      throw new CsvError(
        "CSV_INVALID_OPTION_RECORD_DELIMITER",
        [
          "Invalid option `record_delimiter`:",
          "value must be a non empty string or buffer,",
          `got ${JSON.stringify(options.record_delimiter)}`
        ],
        options
      );
    }
    options.record_delimiter = [options.record_delimiter];
  } else if (!Array.isArray(options.record_delimiter)) {
    throw new CsvError(
      "CSV_INVALID_OPTION_RECORD_DELIMITER",
      [
        "Invalid option `record_delimiter`:",
        "value must be a string, a buffer or array of string|buffer,",
        `got ${JSON.stringify(options.record_delimiter)}`
      ],
      options
    );
  }
  options.record_delimiter = options.record_delimiter.map(function(rd, i) {
    if (typeof rd !== "string" && !Buffer.isBuffer(rd)) {
      throw new CsvError(
        "CSV_INVALID_OPTION_RECORD_DELIMITER",
        [
          "Invalid option `record_delimiter`:",
          "value must be a string, a buffer or array of string|buffer",
          `at index ${i},`,
          `got ${JSON.stringify(rd)}`
        ],
        options
      );
    } else if (rd.length === 0) {
      throw new CsvError(
        "CSV_INVALID_OPTION_RECORD_DELIMITER",
        [
          "Invalid option `record_delimiter`:",
          "value must be a non empty string or buffer",
          `at index ${i},`,
          `got ${JSON.stringify(rd)}`
        ],
        options
      );
    }
    if (typeof rd === "string") {
      rd = Buffer.from(rd, options.encoding);
    }
    return rd;
  });
  if (typeof options.relax_column_count === "boolean") {
  } else if (options.relax_column_count === void 0 || options.relax_column_count === null) {
    options.relax_column_count = false;
  } else {
    throw new Error(
      `Invalid Option: relax_column_count must be a boolean, got ${JSON.stringify(options.relax_column_count)}`
    );
  }
  if (typeof options.relax_column_count_less === "boolean") {
  } else if (options.relax_column_count_less === void 0 || options.relax_column_count_less === null) {
    options.relax_column_count_less = false;
  } else {
    throw new Error(
      `Invalid Option: relax_column_count_less must be a boolean, got ${JSON.stringify(options.relax_column_count_less)}`
    );
  }
  if (typeof options.relax_column_count_more === "boolean") {
  } else if (options.relax_column_count_more === void 0 || options.relax_column_count_more === null) {
    options.relax_column_count_more = false;
  } else {
    throw new Error(
      `Invalid Option: relax_column_count_more must be a boolean, got ${JSON.stringify(options.relax_column_count_more)}`
    );
  }
  if (typeof options.relax_quotes === "boolean") {
  } else if (options.relax_quotes === void 0 || options.relax_quotes === null) {
    options.relax_quotes = false;
  } else {
    throw new Error(
      `Invalid Option: relax_quotes must be a boolean, got ${JSON.stringify(options.relax_quotes)}`
    );
  }
  if (typeof options.skip_empty_lines === "boolean") {
  } else if (options.skip_empty_lines === void 0 || options.skip_empty_lines === null) {
    options.skip_empty_lines = false;
  } else {
    throw new Error(
      `Invalid Option: skip_empty_lines must be a boolean, got ${JSON.stringify(options.skip_empty_lines)}`
    );
  }
  if (typeof options.skip_records_with_empty_values === "boolean") {
  } else if (options.skip_records_with_empty_values === void 0 || options.skip_records_with_empty_values === null) {
    options.skip_records_with_empty_values = false;
  } else {
    throw new Error(
      `Invalid Option: skip_records_with_empty_values must be a boolean, got ${JSON.stringify(options.skip_records_with_empty_values)}`
    );
  }
  if (typeof options.skip_records_with_error === "boolean") {
  } else if (options.skip_records_with_error === void 0 || options.skip_records_with_error === null) {
    options.skip_records_with_error = false;
  } else {
    throw new Error(
      `Invalid Option: skip_records_with_error must be a boolean, got ${JSON.stringify(options.skip_records_with_error)}`
    );
  }
  if (options.rtrim === void 0 || options.rtrim === null || options.rtrim === false) {
    options.rtrim = false;
  } else if (options.rtrim !== true) {
    throw new Error(
      `Invalid Option: rtrim must be a boolean, got ${JSON.stringify(options.rtrim)}`
    );
  }
  if (options.ltrim === void 0 || options.ltrim === null || options.ltrim === false) {
    options.ltrim = false;
  } else if (options.ltrim !== true) {
    throw new Error(
      `Invalid Option: ltrim must be a boolean, got ${JSON.stringify(options.ltrim)}`
    );
  }
  if (options.trim === void 0 || options.trim === null || options.trim === false) {
    options.trim = false;
  } else if (options.trim !== true) {
    throw new Error(
      `Invalid Option: trim must be a boolean, got ${JSON.stringify(options.trim)}`
    );
  }
  if (options.trim === true && opts.ltrim !== false) {
    options.ltrim = true;
  } else if (options.ltrim !== true) {
    options.ltrim = false;
  }
  if (options.trim === true && opts.rtrim !== false) {
    options.rtrim = true;
  } else if (options.rtrim !== true) {
    options.rtrim = false;
  }
  if (options.to === void 0 || options.to === null) {
    options.to = -1;
  } else if (options.to !== -1) {
    if (typeof options.to === "string" && /\d+/.test(options.to)) {
      options.to = parseInt(options.to);
    }
    if (Number.isInteger(options.to)) {
      if (options.to <= 0) {
        throw new Error(
          `Invalid Option: to must be a positive integer greater than 0, got ${JSON.stringify(opts.to)}`
        );
      }
    } else {
      throw new Error(
        `Invalid Option: to must be an integer, got ${JSON.stringify(opts.to)}`
      );
    }
  }
  if (options.to_line === void 0 || options.to_line === null) {
    options.to_line = -1;
  } else if (options.to_line !== -1) {
    if (typeof options.to_line === "string" && /\d+/.test(options.to_line)) {
      options.to_line = parseInt(options.to_line);
    }
    if (Number.isInteger(options.to_line)) {
      if (options.to_line <= 0) {
        throw new Error(
          `Invalid Option: to_line must be a positive integer greater than 0, got ${JSON.stringify(opts.to_line)}`
        );
      }
    } else {
      throw new Error(
        `Invalid Option: to_line must be an integer, got ${JSON.stringify(opts.to_line)}`
      );
    }
  }
  return options;
};

// ../../node_modules/csv-parse/lib/utils/delimiter_discover.js
var delimiter_discover = function(records, options) {
  if (!options) {
    ({ delimiter_auto: options } = normalize_options({ delimiter_auto: true }));
  }
  if (typeof records === "string") {
    records = Buffer.from(records);
  }
  if (Buffer.isBuffer(records)) {
    records = ((data) => {
      const records2 = [];
      const parser = transform({ delimiter: [] });
      const push = (record) => records2.push(record);
      const close = () => {
      };
      const error2 = parser.parse(data, true, push, close);
      if (error2 !== void 0) throw error2;
      return records2;
    })(records);
  }
  const info2 = Array(127).fill().map(() => ({ lines: [] }));
  records.map(([record], line) => {
    for (let i = 0, l = record.length; i < l; i++) {
      const code = record.charCodeAt(i);
      if (info2[code].lines[line] === void 0) info2[code].lines[line] = 0;
      info2[code].lines[line]++;
    }
  });
  info2.map((info3, i) => {
    info3.char_code = i;
    info3.std = std(info3.lines);
    info3.total = info3.lines.reduce((acc, val) => acc + val, 0);
    info3.preferred = !!options.preferred[i];
    info3.score = options.score(info3, options);
  });
  const result = info2.reduce(
    (acc, info3) => acc.score > info3.score ? acc : info3,
    {}
  );
  return String.fromCharCode(result.char_code);
};
var std = function(array) {
  const n = array.length;
  if (n === 0) return 0;
  const mean = array.reduce((a, b) => a + b) / n;
  return Math.sqrt(
    array.map((x) => Math.pow(x - mean, 2)).reduce((a, b) => a + b) / n
  );
};

// ../../node_modules/csv-parse/lib/api/index.js
var isRecordEmpty = function(record) {
  return record.every(
    (field) => field == null || field.toString && field.toString().trim() === ""
  );
};
var cr = 13;
var nl = 10;
var boms = {
  // Note, the following are equals:
  // Buffer.from("\ufeff")
  // Buffer.from([239, 187, 191])
  // Buffer.from('EFBBBF', 'hex')
  utf8: Buffer.from([239, 187, 191]),
  // Note, the following are equals:
  // Buffer.from "\ufeff", 'utf16le
  // Buffer.from([255, 254])
  utf16le: Buffer.from([255, 254])
};
var transform = function(original_options = {}) {
  const info2 = {
    bytes: 0,
    bytes_records: 0,
    comment_lines: 0,
    empty_lines: 0,
    invalid_field_length: 0,
    lines: 1,
    records: 0
  };
  const options = normalize_options(original_options);
  return {
    info: info2,
    original_options,
    options,
    state: init_state(options),
    __needMoreData: function(i, bufLen, end) {
      if (end) return false;
      const { encoding, escape, quote } = this.options;
      const { quoting, needMoreDataSize, recordDelimiterMaxLength } = this.state;
      const numOfCharLeft = bufLen - i - 1;
      const requiredLength = Math.max(
        needMoreDataSize,
        // Skip if the remaining buffer smaller than record delimiter
        // If "record_delimiter" is yet to be discovered:
        // 1. It is equals to `[]` and "recordDelimiterMaxLength" equals `0`
        // 2. We set the length to windows line ending in the current encoding
        // Note, that encoding is known from user or bom discovery at that point
        // recordDelimiterMaxLength,
        recordDelimiterMaxLength === 0 ? Buffer.from("\r\n", encoding).length : recordDelimiterMaxLength,
        // Skip if remaining buffer can be an escaped quote
        quoting ? (escape === null ? 0 : escape.length) + quote.length : 0,
        // Skip if remaining buffer can be record delimiter following the closing quote
        quoting ? quote.length + recordDelimiterMaxLength : 0
      );
      return numOfCharLeft < requiredLength;
    },
    // Central parser implementation
    parse: function(nextBuf, end, push, close) {
      const {
        bom,
        comment_no_infix,
        delimiter_auto,
        encoding,
        from_line,
        ltrim,
        max_record_size,
        raw,
        relax_quotes,
        rtrim,
        skip_empty_lines,
        to,
        to_line
      } = this.options;
      let { comment, escape, quote, record_delimiter } = this.options;
      const {
        bomSkipped,
        delimiterDiscovered,
        delimiterBufPrevious,
        rawBuffer,
        escapeIsQuote
      } = this.state;
      if (!delimiterDiscovered && delimiter_auto) {
        let delimiterBuf;
        if (delimiterBufPrevious === void 0) {
          delimiterBuf = nextBuf;
        } else if (delimiterBufPrevious !== void 0 && nextBuf === void 0) {
          delimiterBuf = delimiterBufPrevious;
        } else {
          delimiterBuf = Buffer.concat([delimiterBufPrevious, nextBuf]);
        }
        nextBuf = void 0;
        if (end || delimiterBuf.length > delimiter_auto.size) {
          this.options.delimiter = [
            Buffer.from(
              delimiter_discover(delimiterBuf, this.options.delimiter_auto)
            )
          ];
          this.state.previousBuf = delimiterBuf;
          this.state.delimiterBufPrevious = void 0;
          this.state.delimiterDiscovered = true;
        } else {
          this.state.delimiterBufPrevious = delimiterBuf;
          return;
        }
      }
      const { previousBuf } = this.state;
      let buf;
      if (previousBuf === void 0) {
        if (nextBuf === void 0) {
          close();
          return;
        } else {
          buf = nextBuf;
        }
      } else if (previousBuf !== void 0 && nextBuf === void 0) {
        buf = previousBuf;
      } else {
        buf = Buffer.concat([previousBuf, nextBuf]);
      }
      if (bomSkipped === false) {
        if (bom === false) {
          this.state.bomSkipped = true;
        } else if (buf.length < 3) {
          if (end === false) {
            this.state.previousBuf = buf;
            return;
          }
        } else {
          for (const encoding2 in boms) {
            if (boms[encoding2].compare(buf, 0, boms[encoding2].length) === 0) {
              const bomLength = boms[encoding2].length;
              this.state.bufBytesStart += bomLength;
              buf = buf.slice(bomLength);
              const options2 = normalize_options({
                ...this.original_options,
                encoding: encoding2
              });
              for (const key in options2) {
                this.options[key] = options2[key];
              }
              ({ comment, escape, quote } = this.options);
              break;
            }
          }
          this.state.bomSkipped = true;
        }
      }
      const bufLen = buf.length;
      let pos;
      for (pos = 0; pos < bufLen; pos++) {
        if (this.__needMoreData(pos, bufLen, end)) {
          break;
        }
        if (this.state.wasRowDelimiter === true) {
          this.info.lines++;
          this.state.wasRowDelimiter = false;
        }
        if (to_line !== -1 && this.info.lines > to_line) {
          this.state.stop = true;
          close();
          return;
        }
        if (this.state.quoting === false && record_delimiter.length === 0) {
          const record_delimiterCount = this.__autoDiscoverRecordDelimiter(
            buf,
            pos
          );
          if (record_delimiterCount) {
            record_delimiter = this.options.record_delimiter;
          }
        }
        const chr = buf[pos];
        if (raw === true) {
          rawBuffer.append(chr);
        }
        if ((chr === cr || chr === nl) && this.state.wasRowDelimiter === false) {
          this.state.wasRowDelimiter = true;
        }
        if (this.state.escaping === true) {
          this.state.escaping = false;
        } else {
          if (escape !== null && this.state.quoting === true && this.__isEscape(buf, pos, chr) && pos + escape.length < bufLen) {
            if (escapeIsQuote) {
              if (this.__isQuote(buf, pos + escape.length)) {
                this.state.escaping = true;
                pos += escape.length - 1;
                continue;
              }
            } else {
              this.state.escaping = true;
              pos += escape.length - 1;
              continue;
            }
          }
          if (this.state.commenting === false && this.__isQuote(buf, pos)) {
            if (this.state.quoting === true) {
              const nextChr = buf[pos + quote.length];
              const isNextChrTrimable = rtrim && this.__isCharTrimable(buf, pos + quote.length);
              const isNextChrComment = comment !== null && this.__compareBytes(comment, buf, pos + quote.length, nextChr);
              const isNextChrDelimiter = this.__isDelimiter(
                buf,
                pos + quote.length,
                nextChr
              );
              const isNextChrRecordDelimiter = record_delimiter.length === 0 ? this.__autoDiscoverRecordDelimiter(buf, pos + quote.length) : this.__isRecordDelimiter(nextChr, buf, pos + quote.length);
              if (escape !== null && this.__isEscape(buf, pos, chr) && this.__isQuote(buf, pos + escape.length)) {
                pos += escape.length - 1;
              } else if (!nextChr || isNextChrDelimiter || isNextChrRecordDelimiter || isNextChrComment || isNextChrTrimable) {
                this.state.quoting = false;
                this.state.wasQuoting = true;
                pos += quote.length - 1;
                continue;
              } else if (relax_quotes === false) {
                const err = this.__error(
                  new CsvError(
                    "CSV_INVALID_CLOSING_QUOTE",
                    [
                      "Invalid Closing Quote:",
                      `got "${String.fromCharCode(nextChr)}"`,
                      `at line ${this.info.lines}`,
                      "instead of delimiter, record delimiter, trimable character",
                      "(if activated) or comment"
                    ],
                    this.options,
                    this.__infoField()
                  )
                );
                if (err !== void 0) return err;
              } else {
                this.state.quoting = false;
                this.state.wasQuoting = true;
                this.state.field.prepend(quote);
                pos += quote.length - 1;
              }
            } else {
              if (this.state.field.length !== 0) {
                if (relax_quotes === false) {
                  const info3 = this.__infoField();
                  const bom2 = Object.keys(boms).map(
                    (b) => boms[b].equals(this.state.field.toString()) ? b : false
                  ).filter(Boolean)[0];
                  const err = this.__error(
                    new CsvError(
                      "INVALID_OPENING_QUOTE",
                      [
                        "Invalid Opening Quote:",
                        `a quote is found on field ${JSON.stringify(info3.column)} at line ${info3.lines}, value is ${JSON.stringify(this.state.field.toString(encoding))}`,
                        bom2 ? `(${bom2} bom)` : void 0
                      ],
                      this.options,
                      info3,
                      {
                        field: this.state.field
                      }
                    )
                  );
                  if (err !== void 0) return err;
                }
              } else {
                this.state.quoting = true;
                pos += quote.length - 1;
                continue;
              }
            }
          }
          if (this.state.quoting === false) {
            const recordDelimiterLength = this.__isRecordDelimiter(
              chr,
              buf,
              pos
            );
            if (recordDelimiterLength !== 0) {
              const skipCommentLine = this.state.commenting && this.state.wasQuoting === false && this.state.record.length === 0 && this.state.field.length === 0;
              if (skipCommentLine) {
                this.info.comment_lines++;
              } else {
                if (this.state.enabled === false && this.info.lines + (this.state.wasRowDelimiter === true ? 1 : 0) >= from_line) {
                  this.state.enabled = true;
                  this.__resetField();
                  this.__resetRecord();
                  pos += recordDelimiterLength - 1;
                  continue;
                }
                if (skip_empty_lines === true && this.state.wasQuoting === false && this.state.record.length === 0 && this.state.field.length === 0) {
                  this.info.empty_lines++;
                  pos += recordDelimiterLength - 1;
                  continue;
                }
                this.info.bytes = this.state.bufBytesStart + pos;
                const errField = this.__onField();
                if (errField !== void 0) return errField;
                this.info.bytes = this.state.bufBytesStart + pos + recordDelimiterLength;
                const errRecord = this.__onRecord(push);
                if (errRecord !== void 0) return errRecord;
                if (to !== -1 && this.info.records >= to) {
                  this.state.stop = true;
                  close();
                  return;
                }
              }
              this.state.commenting = false;
              pos += recordDelimiterLength - 1;
              continue;
            }
            if (this.state.commenting) {
              continue;
            }
            if (comment !== null && (comment_no_infix === false || this.state.record.length === 0 && this.state.field.length === 0)) {
              const commentCount = this.__compareBytes(comment, buf, pos, chr);
              if (commentCount !== 0) {
                this.state.commenting = true;
                continue;
              }
            }
            const delimiterLength = this.__isDelimiter(buf, pos, chr);
            if (delimiterLength !== 0) {
              this.info.bytes = this.state.bufBytesStart + pos;
              const errField = this.__onField();
              if (errField !== void 0) return errField;
              pos += delimiterLength - 1;
              continue;
            }
          }
        }
        if (this.state.commenting === false) {
          if (max_record_size !== 0 && this.state.record_length + this.state.field.length > max_record_size) {
            return this.__error(
              new CsvError(
                "CSV_MAX_RECORD_SIZE",
                [
                  "Max Record Size:",
                  "record exceed the maximum number of tolerated bytes",
                  `of ${max_record_size}`,
                  `at line ${this.info.lines}`
                ],
                this.options,
                this.__infoField()
              )
            );
          }
        }
        const lappend = ltrim === false || this.state.quoting === true || this.state.field.length !== 0 || !this.__isCharTrimable(buf, pos);
        const rappend = rtrim === false || this.state.wasQuoting === false;
        if (lappend === true && rappend === true) {
          this.state.field.append(chr);
        } else if (rtrim === true && !this.__isCharTrimable(buf, pos)) {
          return this.__error(
            new CsvError(
              "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE",
              [
                "Invalid Closing Quote:",
                "found non trimable byte after quote",
                `at line ${this.info.lines}`
              ],
              this.options,
              this.__infoField()
            )
          );
        } else {
          if (lappend === false) {
            pos += this.__isCharTrimable(buf, pos) - 1;
          }
          continue;
        }
      }
      if (end === true) {
        if (this.state.quoting === true) {
          const err = this.__error(
            new CsvError(
              "CSV_QUOTE_NOT_CLOSED",
              [
                "Quote Not Closed:",
                `the parsing is finished with an opening quote at line ${this.info.lines}`
              ],
              this.options,
              this.__infoField()
            )
          );
          if (err !== void 0) return err;
        } else {
          if (this.state.wasQuoting === true || this.state.record.length !== 0 || this.state.field.length !== 0) {
            this.info.bytes = this.state.bufBytesStart + pos;
            const errField = this.__onField();
            if (errField !== void 0) return errField;
            const errRecord = this.__onRecord(push);
            if (errRecord !== void 0) return errRecord;
          } else if (this.state.wasRowDelimiter === true) {
            this.info.empty_lines++;
          } else if (this.state.commenting === true) {
            this.info.comment_lines++;
          }
        }
      } else {
        this.state.bufBytesStart += pos;
        this.state.previousBuf = buf.slice(pos);
      }
      if (this.state.wasRowDelimiter === true) {
        this.info.lines++;
        this.state.wasRowDelimiter = false;
      }
    },
    __onRecord: function(push) {
      const {
        columns,
        group_columns_by_name,
        encoding,
        info: info3,
        from,
        relax_column_count,
        relax_column_count_less,
        relax_column_count_more,
        raw,
        skip_records_with_empty_values
      } = this.options;
      const { enabled, record } = this.state;
      if (enabled === false) {
        return this.__resetRecord();
      }
      const recordLength = record.length;
      if (columns === true) {
        if (skip_records_with_empty_values === true && isRecordEmpty(record)) {
          this.__resetRecord();
          return;
        }
        return this.__firstLineToColumns(record);
      }
      if (columns === false && this.info.records === 0) {
        this.state.expectedRecordLength = recordLength;
      }
      if (recordLength !== this.state.expectedRecordLength) {
        const err = columns === false ? new CsvError(
          "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH",
          [
            "Invalid Record Length:",
            `expect ${this.state.expectedRecordLength},`,
            `got ${recordLength} on line ${this.info.lines}`
          ],
          this.options,
          this.__infoField(),
          {
            record
          }
        ) : new CsvError(
          "CSV_RECORD_INCONSISTENT_COLUMNS",
          [
            "Invalid Record Length:",
            `columns length is ${columns.length},`,
            // rename columns
            `got ${recordLength} on line ${this.info.lines}`
          ],
          this.options,
          this.__infoField(),
          {
            record
          }
        );
        if (relax_column_count === true || relax_column_count_less === true && recordLength < this.state.expectedRecordLength || relax_column_count_more === true && recordLength > this.state.expectedRecordLength) {
          this.info.invalid_field_length++;
          this.state.error = err;
        } else {
          const finalErr = this.__error(err);
          if (finalErr) return finalErr;
        }
      }
      if (skip_records_with_empty_values === true && isRecordEmpty(record)) {
        this.__resetRecord();
        return;
      }
      if (this.state.recordHasError === true) {
        this.__resetRecord();
        this.state.recordHasError = false;
        return;
      }
      this.info.records++;
      if (from === 1 || this.info.records >= from) {
        const { objname } = this.options;
        if (columns !== false) {
          const obj = {};
          for (let i = 0, l = record.length; i < l; i++) {
            if (columns[i] === void 0 || columns[i].disabled) continue;
            if (group_columns_by_name === true && Object.hasOwn(obj, columns[i].name)) {
              if (Array.isArray(obj[columns[i].name])) {
                obj[columns[i].name] = obj[columns[i].name].concat(record[i]);
              } else {
                obj[columns[i].name] = [obj[columns[i].name], record[i]];
              }
            } else {
              Object.defineProperty(obj, columns[i].name, {
                value: record[i],
                enumerable: true,
                writable: true,
                configurable: true
              });
            }
          }
          if (raw === true || info3 === true) {
            const extRecord = Object.assign(
              { record: obj },
              raw === true ? { raw: this.state.rawBuffer.toString(encoding) } : {},
              info3 === true ? { info: this.__infoRecord() } : {}
            );
            const err = this.__push(
              objname === void 0 ? extRecord : [obj[objname], extRecord],
              push
            );
            if (err) {
              return err;
            }
          } else {
            const err = this.__push(
              objname === void 0 ? obj : [obj[objname], obj],
              push
            );
            if (err) {
              return err;
            }
          }
        } else {
          if (raw === true || info3 === true) {
            const extRecord = Object.assign(
              { record },
              raw === true ? { raw: this.state.rawBuffer.toString(encoding) } : {},
              info3 === true ? { info: this.__infoRecord() } : {}
            );
            const err = this.__push(
              objname === void 0 ? extRecord : [record[objname], extRecord],
              push
            );
            if (err) {
              return err;
            }
          } else {
            const err = this.__push(
              objname === void 0 ? record : [record[objname], record],
              push
            );
            if (err) {
              return err;
            }
          }
        }
      }
      this.__resetRecord();
    },
    __firstLineToColumns: function(record) {
      const { firstLineToHeaders } = this.state;
      try {
        const headers = firstLineToHeaders === void 0 ? record : firstLineToHeaders.call(null, record);
        if (!Array.isArray(headers)) {
          return this.__error(
            new CsvError(
              "CSV_INVALID_COLUMN_MAPPING",
              [
                "Invalid Column Mapping:",
                "expect an array from column function,",
                `got ${JSON.stringify(headers)}`
              ],
              this.options,
              this.__infoField(),
              {
                headers
              }
            )
          );
        }
        const normalizedHeaders = normalize_columns_array(headers);
        this.state.expectedRecordLength = normalizedHeaders.length;
        this.options.columns = normalizedHeaders;
        this.__resetRecord();
        return;
      } catch (err) {
        return err;
      }
    },
    __resetRecord: function() {
      if (this.options.raw === true) {
        this.state.rawBuffer.reset();
      }
      this.state.error = void 0;
      this.state.record = [];
      this.state.record_length = 0;
    },
    __onField: function() {
      const { cast, encoding, rtrim, max_record_size } = this.options;
      const { enabled, wasQuoting } = this.state;
      if (enabled === false) {
        return this.__resetField();
      }
      let field = this.state.field.toString(encoding);
      if (rtrim === true && wasQuoting === false) {
        field = field.trimRight();
      }
      if (cast === true) {
        const [err, f] = this.__cast(field);
        if (err !== void 0) return err;
        field = f;
      }
      this.state.record.push(field);
      if (max_record_size !== 0 && typeof field === "string") {
        this.state.record_length += field.length;
      }
      this.__resetField();
    },
    __resetField: function() {
      this.state.field.reset();
      this.state.wasQuoting = false;
    },
    __push: function(record, push) {
      const { on_record } = this.options;
      if (on_record !== void 0) {
        const info3 = this.__infoRecord();
        try {
          record = on_record.call(null, record, info3);
        } catch (err) {
          return err;
        }
        if (record === void 0 || record === null) {
          return;
        }
      }
      this.info.bytes_records += this.info.bytes;
      push(record);
    },
    // Return a tuple with the error and the casted value
    __cast: function(field) {
      const { columns, relax_column_count } = this.options;
      const isColumns = Array.isArray(columns);
      if (isColumns === true && relax_column_count && this.options.columns.length <= this.state.record.length) {
        return [void 0, void 0];
      }
      if (this.state.castField !== null) {
        try {
          const info3 = this.__infoField();
          return [void 0, this.state.castField.call(null, field, info3)];
        } catch (err) {
          return [err];
        }
      }
      if (this.__isFloat(field)) {
        return [void 0, parseFloat(field)];
      } else if (this.options.cast_date !== false) {
        const info3 = this.__infoField();
        return [void 0, this.options.cast_date.call(null, field, info3)];
      }
      return [void 0, field];
    },
    __compareBytes: function(sourceBuf, targetBuf, targetPos, firstByte) {
      if (sourceBuf[0] !== firstByte) return 0;
      const sourceLength = sourceBuf.length;
      for (let i = 1; i < sourceLength; i++) {
        if (sourceBuf[i] !== targetBuf[targetPos + i]) return 0;
      }
      return sourceLength;
    },
    // Helper to test if a character is trimable
    __isCharTrimable: function(buf, pos) {
      const { timchars, timcharFirstBytes } = this.state;
      const first = buf[pos];
      if (first === void 0 || timcharFirstBytes[first] === 0) return 0;
      loop1: for (let i = 0; i < timchars.length; i++) {
        const timchar = timchars[i];
        for (let j = 0; j < timchar.length; j++) {
          if (timchar[j] !== buf[pos + j]) continue loop1;
        }
        return timchar.length;
      }
      return 0;
    },
    __isDelimiter: function(buf, pos, chr) {
      const { delimiter, ignore_last_delimiters } = this.options;
      if (ignore_last_delimiters === true && this.state.record.length === this.options.columns.length - 1) {
        return 0;
      } else if (ignore_last_delimiters !== false && typeof ignore_last_delimiters === "number" && this.state.record.length === ignore_last_delimiters - 1) {
        return 0;
      }
      loop1: for (let i = 0; i < delimiter.length; i++) {
        const del = delimiter[i];
        if (del[0] === chr) {
          for (let j = 1; j < del.length; j++) {
            if (del[j] !== buf[pos + j]) continue loop1;
          }
          return del.length;
        }
      }
      return 0;
    },
    __isEscape: function(buf, pos, chr) {
      const { escape } = this.options;
      if (escape === null) return false;
      const l = escape.length;
      if (escape[0] === chr) {
        for (let i = 0; i < l; i++) {
          if (escape[i] !== buf[pos + i]) {
            return false;
          }
        }
        return true;
      }
      return false;
    },
    __isFloat: function(value) {
      return value - parseFloat(value) + 1 >= 0;
    },
    // Keep it in case we implement the `cast_int` option
    // __isInt(value){
    //   // return Number.isInteger(parseInt(value))
    //   // return !isNaN( parseInt( obj ) );
    //   return /^(\-|\+)?[1-9][0-9]*$/.test(value)
    // }
    __isQuote: function(buf, pos) {
      const { quote } = this.options;
      if (quote === null) return false;
      const l = quote.length;
      for (let i = 0; i < l; i++) {
        if (quote[i] !== buf[pos + i]) {
          return false;
        }
      }
      return true;
    },
    __isRecordDelimiter: function(chr, buf, pos) {
      const { record_delimiter } = this.options;
      const recordDelimiterLength = record_delimiter.length;
      loop1: for (let i = 0; i < recordDelimiterLength; i++) {
        const rd = record_delimiter[i];
        const rdLength = rd.length;
        if (rd[0] !== chr) {
          continue;
        }
        for (let j = 1; j < rdLength; j++) {
          if (rd[j] !== buf[pos + j]) {
            continue loop1;
          }
        }
        return rd.length;
      }
      return 0;
    },
    __autoDiscoverRecordDelimiter: function(buf, pos) {
      const { encoding } = this.options;
      const rds = [
        // Important, the windows line ending must be before mac os 9
        Buffer.from("\r\n", encoding),
        Buffer.from("\n", encoding),
        Buffer.from("\r", encoding)
      ];
      loop: for (let i = 0; i < rds.length; i++) {
        const l = rds[i].length;
        for (let j = 0; j < l; j++) {
          if (rds[i][j] !== buf[pos + j]) {
            continue loop;
          }
        }
        this.options.record_delimiter.push(rds[i]);
        this.state.recordDelimiterMaxLength = rds[i].length;
        return rds[i].length;
      }
      return 0;
    },
    __error: function(msg) {
      const { encoding, raw, skip_records_with_error } = this.options;
      const err = typeof msg === "string" ? new Error(msg) : msg;
      if (skip_records_with_error) {
        this.state.recordHasError = true;
        if (this.options.on_skip !== void 0) {
          try {
            this.options.on_skip(
              err,
              raw ? this.state.rawBuffer.toString(encoding) : void 0
            );
          } catch (err2) {
            return err2;
          }
        }
        return void 0;
      } else {
        return err;
      }
    },
    __infoDataSet: function() {
      return {
        ...this.info,
        columns: this.options.columns
      };
    },
    __infoRecord: function() {
      const { columns, raw, encoding } = this.options;
      return {
        ...this.__infoDataSet(),
        bytes_records: this.info.bytes,
        error: this.state.error,
        header: columns === true,
        index: this.state.record.length,
        raw: raw ? this.state.rawBuffer.toString(encoding) : void 0
      };
    },
    __infoField: function() {
      const { columns } = this.options;
      const isColumns = Array.isArray(columns);
      const bytes_records = this.info.bytes_records;
      return {
        ...this.__infoRecord(),
        bytes_records,
        column: isColumns === true ? columns.length > this.state.record.length ? columns[this.state.record.length].name : null : this.state.record.length,
        quoting: this.state.wasQuoting
      };
    }
  };
};

// ../../node_modules/csv-parse/lib/index.js
var Parser = class extends Transform {
  constructor(opts = {}) {
    super({ ...{ readableObjectMode: true }, ...opts, encoding: null });
    this.api = transform({
      on_skip: (err, chunk) => {
        this.emit("skip", err, chunk);
      },
      ...opts
    });
    this.state = this.api.state;
    this.options = this.api.options;
    this.info = this.api.info;
  }
  // Implementation of `Transform._transform`
  _transform(buf, _, callback) {
    if (this.state.stop === true) {
      return;
    }
    const err = this.api.parse(
      buf,
      false,
      (record) => {
        this.push(record);
      },
      () => {
        this.push(null);
        this.end();
        this.on("end", this.destroy);
      }
    );
    if (err !== void 0) {
      this.state.stop = true;
    }
    callback(err);
  }
  // Implementation of `Transform._flush`
  _flush(callback) {
    if (this.state.stop === true) {
      return;
    }
    const err = this.api.parse(
      void 0,
      true,
      (record) => {
        this.push(record);
      },
      () => {
        this.push(null);
        this.on("end", this.destroy);
      }
    );
    callback(err);
  }
};
var parse = function() {
  let data, options, callback;
  for (const i in arguments) {
    const argument = arguments[i];
    const type = typeof argument;
    if (data === void 0 && (typeof argument === "string" || Buffer.isBuffer(argument))) {
      data = argument;
    } else if (options === void 0 && is_object(argument)) {
      options = argument;
    } else if (callback === void 0 && type === "function") {
      callback = argument;
    } else {
      throw new CsvError(
        "CSV_INVALID_ARGUMENT",
        ["Invalid argument:", `got ${JSON.stringify(argument)} at index ${i}`],
        options || {}
      );
    }
  }
  const parser = new Parser(options);
  if (callback) {
    const records = options === void 0 || options.objname === void 0 ? [] : /* @__PURE__ */ Object.create(null);
    parser.on("readable", function() {
      let record;
      while ((record = this.read()) !== null) {
        if (options === void 0 || options.objname === void 0) {
          records.push(record);
        } else {
          Object.assign(records, {
            [record[0]]: record[1]
            // writable: true,
            // enumerable: true,
            // configurable: true
          });
        }
      }
    });
    parser.on("error", function(err) {
      callback(err, void 0, parser.api.__infoDataSet());
    });
    parser.on("end", function() {
      callback(void 0, records, parser.api.__infoDataSet());
    });
  }
  if (data !== void 0) {
    const writer = function() {
      parser.write(data);
      parser.end();
    };
    if (typeof setImmediate === "function") {
      setImmediate(writer);
    } else {
      setTimeout(writer, 0);
    }
  }
  return parser;
};

// ../loader/src/parse.ts
var WIDTH = CANONICAL_COLUMNS.length;
var X_COLUMNS_INDEX = columnIndex("X_COLUMNS");
var SOURCE_FILE_INDEX = columnIndex("SOURCE_FILE");
var SOURCE_LINE_INDEX = columnIndex("SOURCE_LINE");
var REQUIRED_INDEXES = REQUIRED_VALUES.map(columnIndex);
var EMPTY_ROW = new Array(WIDTH).fill(null);
function parseFocusCsv(input, options) {
  const { file, onError, batchSize, signal, logger } = options;
  let summary;
  const parser = parse({ relax_column_count: true });
  pipeline(input, parser, () => {
  });
  async function* batches() {
    let mapping;
    let converters = [];
    let nullLower = false;
    let nextLine = 1;
    let rows = [];
    let rejects = [];
    let rowCount = 0;
    let rejectCount = 0;
    const fail = (code, line, rule, column2, value) => {
      const where = column2 === void 0 ? `${file} line ${line}` : `${file} line ${line}, column ${column2}`;
      const got = value === void 0 ? "" : `, got ${quoteValue(value)}`;
      return new LoadError(code, `${where}: ${rule}${got}`, {
        file,
        line,
        ...column2 === void 0 ? {} : { column: column2 },
        ...value === void 0 ? {} : { value }
      });
    };
    const reject = (error2, record) => {
      rejects.push({
        file,
        line: error2.line ?? 0,
        code: error2.code,
        reason: error2.message,
        column: error2.column,
        value: error2.value,
        rawText: toCsvLine(record),
        rejectedAt: /* @__PURE__ */ new Date()
      });
      rejectCount++;
    };
    try {
      for await (const record of parser) {
        const line = nextLine;
        nextLine += 1 + countNewlines(record);
        if (mapping === void 0) {
          mapping = mapHeader(record, file);
          converters = mapping.targets.map((t) => t === void 0 ? identity : converterFor(t));
          nullLower = mapping.dialect !== "oci-focus";
          if (mapping.unprefixed.length > 0) {
            logger?.warn(
              `${file}: columns without the FOCUS x_ prefix kept in X_COLUMNS: ${mapping.unprefixed.join(", ")}`
            );
          }
          continue;
        }
        if (record.length === 1 && record[0] === "") continue;
        const width = mapping.names.length;
        if (record.length !== width) {
          const error3 = fail(
            "LOAD_FIELD_COUNT",
            line,
            `must have ${width} fields like the header, got ${record.length}`
          );
          if (onError === "fail-file") throw error3;
          reject(error3, record);
          continue;
        }
        const row = EMPTY_ROW.slice();
        let extras;
        let error2;
        const targets = mapping.targetIndexes;
        for (let i = 0; i < width; i++) {
          const text = record[i];
          if (text === "" || text === "NULL" || nullLower && text === "null") continue;
          const target = targets[i];
          if (target < 0) {
            extras ??= {};
            extras[mapping.names[i]] = text;
            continue;
          }
          try {
            row[target] = converters[i](text);
          } catch (cause) {
            if (!(cause instanceof ConversionFailure)) throw cause;
            error2 = fail(cause.code, line, cause.rule, mapping.names[i], text);
            break;
          }
        }
        if (error2 === void 0) {
          for (const index of REQUIRED_INDEXES) {
            if (row[index] === null) {
              const column2 = mapping.names[targets.indexOf(index)] ?? CANONICAL_COLUMNS[index]?.name;
              error2 = fail("LOAD_REQUIRED_VALUE", line, "must not be empty", column2, "");
              break;
            }
          }
        }
        if (error2 !== void 0) {
          if (onError === "fail-file") throw error2;
          reject(error2, record);
          continue;
        }
        if (extras !== void 0) row[X_COLUMNS_INDEX] = JSON.stringify(extras);
        row[SOURCE_FILE_INDEX] = file;
        row[SOURCE_LINE_INDEX] = line;
        rows.push(row);
        rowCount++;
        if (rows.length >= batchSize) {
          if (signal?.aborted) throw aborted(file);
          yield { rows, rejects };
          rows = [];
          rejects = [];
        }
      }
    } catch (cause) {
      parser.destroy();
      input.destroy();
      throw toLoadError(cause, file);
    }
    if (mapping === void 0) {
      throw new LoadError("LOAD_EMPTY_FILE", `${file}: file: must start with a header line, got no data`, {
        file
      });
    }
    if (signal?.aborted) throw aborted(file);
    if (rows.length > 0 || rejects.length > 0) yield { rows, rejects };
    summary = { rows: rowCount, rejectedRows: rejectCount, dialect: mapping.dialect };
  }
  return {
    batches: batches(),
    summary() {
      if (summary === void 0)
        throw new Error("parseFocusCsv: summary() called before the batches were consumed");
      return summary;
    }
  };
}
var identity = (text) => text;
function countNewlines(record) {
  let count2 = 0;
  for (const field of record) {
    let at = field.indexOf("\n");
    while (at !== -1) {
      count2++;
      at = field.indexOf("\n", at + 1);
    }
  }
  return count2;
}
function toCsvLine(record) {
  return record.map((f) => /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f).join(",");
}
function aborted(file) {
  return new LoadError("LOAD_ABORTED", `${file}: load: aborted by the caller`, { file });
}
function toLoadError(cause, file) {
  if (isLoadError(cause)) return cause;
  const error2 = cause;
  const message = typeof error2?.message === "string" ? error2.message : String(cause);
  const code = typeof error2?.code === "string" ? error2.code : "";
  if (code.startsWith("CSV_")) {
    const line = typeof error2.lines === "number" ? error2.lines : void 0;
    return new LoadError(
      "LOAD_CSV_SYNTAX",
      `${file}${line === void 0 ? "" : ` line ${line}`}: CSV: must be RFC 4180 (balanced quotes), got ${code}: ${message}`,
      { file, ...line === void 0 ? {} : { line } },
      { cause }
    );
  }
  if (code.startsWith("Z_") || code === "ERR_ZLIB" || /incorrect header check|unexpected end of file/.test(message)) {
    return new LoadError(
      "LOAD_BAD_GZIP",
      `${file}: gzip: must be a complete gzip stream, got ${message}`,
      { file },
      { cause }
    );
  }
  if (error2?.name === "AbortError") return aborted(file);
  return new LoadError(
    "LOAD_SOURCE_READ",
    `${file}: read: must stream to the end, got ${message}`,
    { file },
    { cause }
  );
}

// ../loader/src/source.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { createGunzip } from "node:zlib";
var REPORT_FILE = /\.csv(\.gz)?$/i;
async function listSourceFiles(source, signal) {
  return source.kind === "dir" ? listDirectory(source.path, signal) : listBucket(source, signal);
}
async function listDirectory(root, signal) {
  let entries;
  try {
    const info2 = await stat(root);
    if (!info2.isDirectory()) throw new Error("not a directory");
    entries = (await readdir(root, { recursive: true })).map(String);
  } catch (cause) {
    throw new LoadError(
      "LOAD_SOURCE_NOT_FOUND",
      `dir ${root}: must be a readable folder, got ${cause instanceof Error ? cause.message : String(cause)}`,
      { file: root },
      { cause }
    );
  }
  const files = [];
  for (const entry of entries.filter((e) => REPORT_FILE.test(e)).sort()) {
    const path = join(root, entry);
    const info2 = await stat(path);
    if (!info2.isFile()) continue;
    const name = relative(root, path).split(sep).join("/");
    const sha256 = await hashFile(path, signal);
    files.push({
      file: name,
      identity: `size=${info2.size};sha256=${sha256}`,
      bytes: info2.size,
      open: async () => decode(name, createReadStream(path))
    });
  }
  return files;
}
async function hashFile(path, signal) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, signal === void 0 ? {} : { signal }))
    hash.update(chunk);
  return hash.digest("hex");
}
async function listBucket(source, signal) {
  const { store } = source;
  const files = [];
  const options = signal === void 0 ? {} : { signal };
  for await (const object of store.list(source.prefix ?? "", options)) {
    if (!REPORT_FILE.test(object.name)) continue;
    const head = await store.head(object.name, options);
    if (head === void 0) continue;
    const sourceEtag = head.metadata["source-etag"];
    const sourceMd5 = head.metadata["source-md5"];
    const identity2 = sourceEtag !== void 0 || sourceMd5 !== void 0 ? `source-etag=${sourceEtag ?? ""};source-md5=${sourceMd5 ?? ""}` : `etag=${head.etag}`;
    const etag = head.etag;
    files.push({
      file: object.name,
      identity: identity2,
      bytes: head.size,
      open: async (openSignal) => {
        const body = await store.get(
          object.name,
          openSignal === void 0 ? { ifMatch: etag } : { ifMatch: etag, signal: openSignal }
        );
        return decode(object.name, body.stream);
      }
    });
  }
  return files;
}
function decode(name, stream) {
  if (!/\.gz$/i.test(name)) return stream;
  const gunzip = createGunzip();
  stream.on("error", (error2) => gunzip.destroy(error2));
  return stream.pipe(gunzip);
}

// ../loader/src/load.ts
async function loadReports(options) {
  const { sink, signal, onProgress } = options;
  const logger = options.logger ?? silentLogger;
  const onError = options.onError ?? "fail-file";
  const batchSize = options.batchSize ?? sink.preferredBatchSize ?? 5e3;
  if (onError !== "fail-file" && onError !== "reject-rows") {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `onError: must be fail-file or reject-rows, got ${String(onError)}`
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new LoadError("LOAD_INVALID_OPTION", `batchSize: must be a positive integer, got ${batchSize}`);
  }
  await sink.ensureSchema(signal === void 0 ? {} : { signal });
  const ledger = new Map((await sink.listLedger()).map((e) => [e.file, e]));
  const candidates = await listSourceFiles(options.source, signal);
  const results = [];
  const toLoad = [];
  for (const candidate of candidates) {
    const entry = ledger.get(candidate.file);
    if (options.force !== true && entry?.status === "loaded" && entry.identity === candidate.identity) {
      results.push({
        file: candidate.file,
        identity: candidate.identity,
        outcome: "skipped",
        rows: 0,
        rejectedRows: 0,
        ...entry.dialect === void 0 ? {} : { dialect: entry.dialect },
        reason: "already loaded with the same identity"
      });
    } else {
      toLoad.push(candidate);
    }
  }
  onProgress?.({ type: "listed", files: candidates.length, toLoad: toLoad.length });
  for (const skipped of results) onProgress?.({ type: "file-done", result: skipped });
  for (const [index, candidate] of toLoad.entries()) {
    if (signal?.aborted) throw new LoadError("LOAD_ABORTED", "load: aborted by the caller");
    onProgress?.({ type: "file-start", file: candidate.file, index, total: toLoad.length });
    const result = await loadOne(candidate, { sink, onError, batchSize, signal, logger, onProgress });
    results.push(result);
    onProgress?.({ type: "file-done", result });
  }
  results.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const count2 = (outcome) => results.filter((r) => r.outcome === outcome).length;
  return {
    files: results,
    totals: {
      loaded: count2("loaded"),
      skipped: count2("skipped"),
      failed: count2("failed"),
      rows: results.reduce((n, r) => n + (r.outcome === "loaded" ? r.rows : 0), 0),
      rejectedRows: results.reduce((n, r) => n + (r.outcome === "loaded" ? r.rejectedRows : 0), 0)
    }
  };
}
async function loadOne(candidate, context) {
  const { sink, signal, logger, onProgress } = context;
  const startedAt = /* @__PURE__ */ new Date();
  const { file, identity: identity2 } = candidate;
  try {
    let input;
    try {
      input = await candidate.open(signal);
    } catch (cause) {
      throw toLoadError(cause, file);
    }
    const parsed = parseFocusCsv(input, {
      file,
      onError: context.onError,
      batchSize: context.batchSize,
      signal,
      logger
    });
    const entry = await sink.loadFile({
      file,
      identity: identity2,
      bytes: candidate.bytes,
      startedAt,
      batches: withProgress(parsed.batches, file, onProgress),
      complete: () => parsed.summary()
    });
    logger.info(
      `${file}: loaded ${entry.rows} rows${entry.rejectedRows > 0 ? `, rejected ${entry.rejectedRows}` : ""}`
    );
    return {
      file,
      identity: identity2,
      outcome: "loaded",
      rows: entry.rows,
      rejectedRows: entry.rejectedRows,
      ...entry.dialect === void 0 ? {} : { dialect: entry.dialect }
    };
  } catch (cause) {
    const error2 = isLoadError(cause) ? cause : toLoadError(cause, file);
    if (error2.code === "LOAD_ABORTED") throw error2;
    logger.warn(error2.message);
    await sink.recordFailure({
      file,
      identity: identity2,
      status: "failed",
      dialect: void 0,
      rows: 0,
      rejectedRows: 0,
      bytes: candidate.bytes,
      startedAt,
      finishedAt: /* @__PURE__ */ new Date(),
      errorCode: error2.code,
      errorMessage: error2.message,
      errorLine: error2.line,
      errorColumn: error2.column,
      errorValue: error2.value
    });
    return {
      file,
      identity: identity2,
      outcome: "failed",
      rows: 0,
      rejectedRows: 0,
      reason: error2.message,
      errorCode: error2.code,
      ...error2.line === void 0 ? {} : { line: error2.line },
      ...error2.column === void 0 ? {} : { column: error2.column },
      ...error2.value === void 0 ? {} : { value: error2.value }
    };
  }
}
async function* withProgress(batches, file, onProgress) {
  let rows = 0;
  for await (const batch of batches) {
    yield batch;
    rows += batch.rows.length;
    onProgress?.({ type: "rows", file, rows });
  }
}

// ../loader/src/oracle/names.ts
var IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
function oracleNames(table = DEFAULT_TABLE) {
  if (!IDENTIFIER.test(table)) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `Oracle table name: must be a letter followed by up to 99 letters, digits or _, got ${JSON.stringify(table)}`,
      { value: table }
    );
  }
  const names = tableNames(table);
  const t = names.table;
  return {
    ...names,
    tagPairs: `${t}_TAG_PAIRS`,
    tableFileIndex: `${t}_FILE_IX`,
    tagPairsFileIndex: `${t}_TAG_PAIRS_FILE_IX`,
    rejectsFileIndex: `${t}_REJECTS_FILE_IX`,
    ledgerPrimaryKey: `${t}_LOAD_LEDGER_PK`
  };
}
function quoteIdentifier(name) {
  if (!/^[A-Z][A-Z0-9_$#]*$/.test(name)) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `Oracle identifier: must be upper-case letters, digits or _, got ${JSON.stringify(name)}`,
      {
        value: name
      }
    );
  }
  return `"${name}"`;
}

// ../loader/src/oracle/binds.ts
var INTEGER_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE;
var DECIMAL_FORMAT = `${"9".repeat(INTEGER_DIGITS)}D${"9".repeat(DECIMAL_SCALE)}`;
var NUMERIC_NLS = `'NLS_NUMERIC_CHARACTERS=''.,'''`;
var TIMESTAMP_FORMAT = "YYYY-MM-DD HH24:MI:SS.FF3";
var ISO_TIMESTAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"';
var CANONICAL_DECIMAL = new RegExp(`^-?\\d{1,${INTEGER_DIGITS}}(?:\\.\\d{1,${DECIMAL_SCALE}})?$`);
var VARCHAR2_MAX_BYTES = 4e3;
function bindExpression(column2, position) {
  const bind = `:${position}`;
  switch (column2.type) {
    case "decimal":
      return `TO_NUMBER(${bind}, '${DECIMAL_FORMAT}', ${NUMERIC_NLS})`;
    case "timestamp":
      return `TO_TIMESTAMP(${bind}, '${TIMESTAMP_FORMAT}')`;
    default:
      return bind;
  }
}
function insertSql(table, columns) {
  const names = columns.map((c) => quoteIdentifier(c.name)).join(", ");
  const values = columns.map((c, i) => bindExpression(c, i + 1)).join(", ");
  return `INSERT INTO ${quoteIdentifier(table)} (${names}) VALUES (${values})`;
}
var DECIMAL_TEXT_BYTES = 1 + INTEGER_DIGITS + 1 + DECIMAL_SCALE;
var TIMESTAMP_TEXT_BYTES = 23;
function bindDefsFor(driver, columns, maxBytes, options = {}) {
  return columns.map((column2, i) => {
    switch (column2.type) {
      case "json":
      case "text":
        if (options.lobs === true) return { type: driver.DB_TYPE_CLOB };
        return { type: driver.DB_TYPE_VARCHAR, maxSize: Math.max(1, maxBytes[i] ?? 0) };
      case "integer":
        return { type: driver.DB_TYPE_NUMBER };
      case "decimal":
        return { type: driver.DB_TYPE_VARCHAR, maxSize: DECIMAL_TEXT_BYTES };
      case "timestamp":
        return { type: driver.DB_TYPE_VARCHAR, maxSize: TIMESTAMP_TEXT_BYTES };
      default:
        return { type: driver.DB_TYPE_VARCHAR, maxSize: Math.max(1, maxBytes[i] ?? 0) };
    }
  });
}
function formatTimestamp(date) {
  const time = date.getTime();
  if (Number.isNaN(time)) return void 0;
  const iso = date.toISOString();
  if (iso.length !== 24 || iso.startsWith("0000")) return void 0;
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
function badValue(column2, value, rule, where) {
  const shown = value instanceof Date ? String(value) : typeof value === "string" ? value : JSON.stringify(value);
  const code = column2.type === "decimal" ? "LOAD_BAD_DECIMAL" : column2.type === "timestamp" ? "LOAD_BAD_TIMESTAMP" : "LOAD_SINK_ERROR";
  const label = column2.sourceName || column2.name;
  return new LoadError(
    code,
    `${where.file}${where.line === void 0 ? "" : `:${where.line}`} ${label}: ${rule}, got ${quoteValue(shown)}`,
    {
      file: where.file,
      ...where.line === void 0 ? {} : { line: where.line },
      column: label,
      value: shown
    }
  );
}
function bindCell(column2, value, where) {
  if (value === null) {
    if (!column2.nullable) throw badValue(column2, value, "must not be empty", where);
    return null;
  }
  switch (column2.type) {
    case "decimal":
      if (typeof value !== "string" || !CANONICAL_DECIMAL.test(value)) {
        throw badValue(
          column2,
          value,
          `must be decimal text with at most ${INTEGER_DIGITS} integer and ${DECIMAL_SCALE} fraction digits`,
          where
        );
      }
      return value;
    case "timestamp": {
      const text = value instanceof Date ? formatTimestamp(value) : void 0;
      if (text === void 0) throw badValue(column2, value, "must be a valid UTC date in years 1-9999", where);
      return text;
    }
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        throw badValue(column2, value, "must be a safe integer", where);
      }
      return value;
    default:
      if (typeof value !== "string") throw badValue(column2, value, "must be text", where);
      return value;
  }
}
var SOURCE_FILE_INDEX2 = columnIndex("SOURCE_FILE");
var SOURCE_LINE_INDEX2 = columnIndex("SOURCE_LINE");
var CHARGE_PERIOD_START_INDEX = columnIndex("CHARGE_PERIOD_START");
var TAGS_INDEX = columnIndex("TAGS");
var CHARGE_PERIOD_START_COLUMN = CANONICAL_COLUMNS[CHARGE_PERIOD_START_INDEX];
function measure(maxBytes, i, value) {
  if (typeof value === "string") {
    const current = maxBytes[i] ?? 0;
    if (value.length * 3 > current) {
      const bytes = Buffer.byteLength(value, "utf8");
      if (bytes > current) maxBytes[i] = bytes;
    }
  }
}
function bindCanonicalRows(rows, file) {
  const width = CANONICAL_COLUMNS.length;
  const maxBytes = new Array(width).fill(0);
  const bound = [];
  for (const row of rows) {
    const lineValue = row[SOURCE_LINE_INDEX2];
    const where = { file, line: typeof lineValue === "number" ? lineValue : void 0 };
    if (row.length !== width) {
      throw new LoadError(
        "LOAD_SINK_ERROR",
        `${file}: row must have ${width} canonical values, got ${row.length}`,
        {
          file,
          ...where.line === void 0 ? {} : { line: where.line }
        }
      );
    }
    if (row[SOURCE_FILE_INDEX2] !== file) {
      throw new LoadError(
        "LOAD_SINK_ERROR",
        `${file}: row SOURCE_FILE must be the file being loaded, got ${quoteValue(String(row[SOURCE_FILE_INDEX2]))}`,
        { file, ...where.line === void 0 ? {} : { line: where.line } }
      );
    }
    if (row[CHARGE_PERIOD_START_INDEX] === null) {
      const label = CHARGE_PERIOD_START_COLUMN.sourceName;
      throw new LoadError(
        "LOAD_REQUIRED_VALUE",
        `${file}${where.line === void 0 ? "" : `:${where.line}`} ${label}: must not be empty, got ""`,
        { file, ...where.line === void 0 ? {} : { line: where.line }, column: label, value: "" }
      );
    }
    const out = new Array(width);
    for (let i = 0; i < width; i++) {
      const value = bindCell(CANONICAL_COLUMNS[i], row[i] ?? null, where);
      out[i] = value;
      measure(maxBytes, i, value);
    }
    bound.push(out);
  }
  return { rows: bound, maxBytes };
}
function cutUtf8(text, maxBytes) {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, "utf8") <= maxBytes) return { text, cut: false };
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return { text: text.slice(0, end), cut: true };
}
var TAG_PAIR_COLUMNS = [
  { name: "SOURCE_FILE", type: "varchar", length: 1024, nullable: false, origin: "lineage", sourceName: "" },
  { name: "SOURCE_LINE", type: "integer", nullable: false, origin: "lineage", sourceName: "" },
  {
    name: "TAG_KEY",
    type: "varchar",
    length: VARCHAR2_MAX_BYTES,
    nullable: false,
    origin: "lineage",
    sourceName: ""
  },
  {
    name: "TAG_VALUE",
    type: "varchar",
    length: VARCHAR2_MAX_BYTES,
    nullable: true,
    origin: "lineage",
    sourceName: ""
  },
  { name: "TAG_TRUNCATED", type: "varchar", length: 1, nullable: false, origin: "lineage", sourceName: "" }
];
function bindTagPairs(rows, file) {
  const maxBytes = [0, 0, 0, 0, 1];
  const bound = [];
  for (const row of rows) {
    const tags = row[TAGS_INDEX];
    if (typeof tags !== "string") continue;
    const line = row[SOURCE_LINE_INDEX2];
    let parsed;
    try {
      parsed = JSON.parse(tags);
    } catch (error2) {
      throw new LoadError(
        "LOAD_BAD_JSON",
        `${file}:${line} Tags: must be JSON, got ${quoteValue(tags)}`,
        {
          file,
          line,
          column: "Tags",
          value: tags
        },
        { cause: error2 }
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) continue;
    for (const [rawKey, rawValue] of Object.entries(parsed)) {
      const key = cutUtf8(rawKey, VARCHAR2_MAX_BYTES);
      const valueText = rawValue === null ? null : typeof rawValue === "string" ? rawValue : JSON.stringify(rawValue);
      const value = valueText === null ? { text: null, cut: false } : cutUtf8(valueText, VARCHAR2_MAX_BYTES);
      const out = [file, line, key.text, value.text, key.cut || value.cut ? "Y" : "N"];
      for (let i = 0; i < out.length; i++) measure(maxBytes, i, out[i] ?? null);
      bound.push(out);
    }
  }
  return { rows: bound, maxBytes };
}
function bindRejects(rejects) {
  const maxBytes = new Array(REJECT_COLUMNS.length).fill(0);
  const bound = [];
  for (const reject of rejects) {
    const where = { file: reject.file, line: reject.line };
    const cells = [
      reject.file,
      reject.line,
      reject.code,
      cutUtf8(reject.reason, VARCHAR2_MAX_BYTES).text,
      reject.column === void 0 ? null : cutUtf8(reject.column, VARCHAR2_MAX_BYTES).text,
      reject.value === void 0 ? null : cutUtf8(reject.value, VARCHAR2_MAX_BYTES).text,
      reject.rawText,
      reject.rejectedAt
    ];
    const out = REJECT_COLUMNS.map((column2, i) => bindCell(column2, cells[i] ?? null, where));
    out.forEach((value, i) => {
      measure(maxBytes, i, value);
    });
    bound.push(out);
  }
  return { rows: bound, maxBytes };
}
function bindLedgerEntry(entry) {
  const cut = (value) => value === void 0 ? null : cutUtf8(value, VARCHAR2_MAX_BYTES).text;
  const cells = [
    entry.file,
    entry.identity,
    entry.status,
    entry.dialect ?? null,
    entry.rows,
    entry.rejectedRows,
    entry.bytes ?? null,
    entry.startedAt,
    entry.finishedAt,
    cut(entry.errorCode),
    cut(entry.errorMessage),
    entry.errorLine ?? null,
    cut(entry.errorColumn),
    cut(entry.errorValue)
  ];
  const where = { file: entry.file, line: void 0 };
  return LEDGER_COLUMNS.map((column2, i) => bindCell(column2, cells[i] ?? null, where));
}
function loadStatements(names) {
  const deleteByFile = (table) => `DELETE FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier("SOURCE_FILE")} = :1`;
  return {
    deleteRows: deleteByFile(names.table),
    deleteTagPairs: deleteByFile(names.tagPairs),
    deleteRejects: deleteByFile(names.rejects),
    deleteLedger: deleteByFile(names.ledger),
    insertRow: insertSql(names.table, CANONICAL_COLUMNS),
    insertTagPair: insertSql(names.tagPairs, TAG_PAIR_COLUMNS),
    insertReject: insertSql(names.rejects, REJECT_COLUMNS),
    insertLedger: insertSql(names.ledger, LEDGER_COLUMNS)
  };
}

// ../loader/src/oracle/driver.ts
async function loadOracleDriver() {
  const module = await import("./chunks/oracledb-FQ4ZL3QH.js");
  return module.default;
}
function oracleErrorNumber(error2) {
  if (typeof error2 !== "object" || error2 === null) return void 0;
  const errorNum = error2.errorNum;
  if (typeof errorNum === "number" && errorNum > 0) return errorNum;
  const match = /\bORA-(\d{5})\b/.exec(error2.message?.toString() ?? "");
  return match ? Number(match[1]) : void 0;
}
function driverMessage(error2) {
  const raw = error2 instanceof Error ? error2.message : String(error2);
  const lines = raw.split("\n").map((line) => line.trim()).filter((line) => line.length > 0 && !line.startsWith("Help:"));
  return lines.join(": ") || raw;
}
var DEAD_CONNECTION = /\b(NJS-500|NJS-003|NJS-521|DPI-1010|DPI-1080|ORA-00028|ORA-01012|ORA-02396|ORA-03113|ORA-03114|ORA-03135)\b/;
function isDeadConnectionError(error2) {
  for (let current = error2, depth = 0; current !== void 0 && current !== null && depth < 4; depth++) {
    const message = current.message;
    if (typeof message === "string" && DEAD_CONNECTION.test(message)) return true;
    current = current.cause;
  }
  return false;
}

// ../loader/src/oracle/ddl.ts
function oracleColumnType(column2) {
  switch (column2.type) {
    case "decimal":
      return `NUMBER(${DECIMAL_PRECISION},${DECIMAL_SCALE})`;
    case "timestamp":
      return "TIMESTAMP(3)";
    case "varchar":
      return `VARCHAR2(${column2.length ?? 4e3} CHAR)`;
    case "json":
    case "text":
      return "CLOB";
    case "integer":
      return "NUMBER(19)";
  }
}
function columnLines(columns) {
  const lines = columns.map((c) => `  ${quoteIdentifier(c.name)} ${oracleColumnType(c)}${c.nullable ? "" : " NOT NULL"}`);
  for (const c of columns) {
    if (c.type === "json") lines.push(`  CHECK (${quoteIdentifier(c.name)} IS JSON)`);
  }
  return lines;
}
var PARTITION_CLAUSE = `PARTITION BY RANGE (${quoteIdentifier("CHARGE_PERIOD_START")}) INTERVAL (NUMTOYMINTERVAL(1, 'MONTH'))
(PARTITION ${quoteIdentifier("P_BEFORE_2000")} VALUES LESS THAN (TIMESTAMP '2000-01-01 00:00:00'))`;
function createTableSql(names, options) {
  const body = `CREATE TABLE ${quoteIdentifier(names.table)} (
${columnLines(CANONICAL_COLUMNS).join(",\n")}
)`;
  return options.partitioned ? `${body}
${PARTITION_CLAUSE}` : body;
}
function createTableFileIndexSql(names) {
  return `CREATE INDEX ${quoteIdentifier(names.tableFileIndex)} ON ${quoteIdentifier(names.table)} (${quoteIdentifier("SOURCE_FILE")}, ${quoteIdentifier("SOURCE_LINE")})`;
}
function createLedgerSql(names) {
  const lines = columnLines(LEDGER_COLUMNS);
  lines.push(`  CONSTRAINT ${quoteIdentifier(names.ledgerPrimaryKey)} PRIMARY KEY (${quoteIdentifier("SOURCE_FILE")})`);
  return `CREATE TABLE ${quoteIdentifier(names.ledger)} (
${lines.join(",\n")}
)`;
}
function createRejectsSql(names) {
  return `CREATE TABLE ${quoteIdentifier(names.rejects)} (
${columnLines(REJECT_COLUMNS).join(",\n")}
)`;
}
function createRejectsFileIndexSql(names) {
  return `CREATE INDEX ${quoteIdentifier(names.rejectsFileIndex)} ON ${quoteIdentifier(names.rejects)} (${quoteIdentifier("SOURCE_FILE")})`;
}
var TAG_TEXT_MAX_BYTES = 4e3;
function createTagPairsSql(names) {
  return [
    `CREATE TABLE ${quoteIdentifier(names.tagPairs)} (`,
    `  ${quoteIdentifier("SOURCE_FILE")} VARCHAR2(1024 CHAR) NOT NULL,`,
    `  ${quoteIdentifier("SOURCE_LINE")} NUMBER(19) NOT NULL,`,
    `  ${quoteIdentifier("TAG_KEY")} VARCHAR2(${TAG_TEXT_MAX_BYTES} BYTE) NOT NULL,`,
    `  ${quoteIdentifier("TAG_VALUE")} VARCHAR2(${TAG_TEXT_MAX_BYTES} BYTE),`,
    `  ${quoteIdentifier("TAG_TRUNCATED")} CHAR(1) NOT NULL`,
    `)`
  ].join("\n");
}
function createTagPairsFileIndexSql(names) {
  return `CREATE INDEX ${quoteIdentifier(names.tagPairsFileIndex)} ON ${quoteIdentifier(names.tagPairs)} (${quoteIdentifier("SOURCE_FILE")}, ${quoteIdentifier("SOURCE_LINE")})`;
}
var COST_VIEW_DIMENSIONS = [
  "PROVIDER_NAME",
  "SERVICE_CATEGORY",
  "SERVICE_NAME",
  "REGION_ID",
  "SUB_ACCOUNT_ID",
  "SUB_ACCOUNT_NAME",
  "OCI_COMPARTMENT_ID",
  "OCI_COMPARTMENT_NAME",
  "BILLING_CURRENCY"
];
function costViewSql(view, table, periodColumn, periodExpression) {
  const dims = COST_VIEW_DIMENSIONS.map((d) => quoteIdentifier(d));
  return [
    `CREATE OR REPLACE VIEW ${quoteIdentifier(view)} AS`,
    `SELECT ${periodExpression} AS ${quoteIdentifier(periodColumn)},`,
    ...dims.map((d) => `  ${d},`),
    `  SUM(${quoteIdentifier("BILLED_COST")}) AS ${quoteIdentifier("BILLED_COST")},`,
    `  SUM(${quoteIdentifier("EFFECTIVE_COST")}) AS ${quoteIdentifier("EFFECTIVE_COST")},`,
    `  SUM(${quoteIdentifier("LIST_COST")}) AS ${quoteIdentifier("LIST_COST")},`,
    `  COUNT(*) AS ${quoteIdentifier("ROW_COUNT")}`,
    `FROM ${quoteIdentifier(table)}`,
    `GROUP BY ${periodExpression}, ${dims.join(", ")}`
  ].join("\n");
}
function createDailyViewSql(names) {
  return costViewSql(names.dailyView, names.table, "CHARGE_DATE", `TRUNC(${quoteIdentifier("CHARGE_PERIOD_START")})`);
}
function createMonthlyViewSql(names) {
  return costViewSql(
    names.monthlyView,
    names.table,
    "CHARGE_MONTH",
    `TRUNC(${quoteIdentifier("CHARGE_PERIOD_START")}, 'MM')`
  );
}
function createTagsViewSql(names) {
  const rowColumns = [
    "CHARGE_PERIOD_START",
    "PROVIDER_NAME",
    "SERVICE_NAME",
    "REGION_ID",
    "SUB_ACCOUNT_ID",
    "OCI_COMPARTMENT_ID",
    "OCI_COMPARTMENT_NAME",
    "RESOURCE_ID",
    "BILLING_CURRENCY",
    "BILLED_COST",
    "EFFECTIVE_COST",
    "LIST_COST"
  ];
  return [
    `CREATE OR REPLACE VIEW ${quoteIdentifier(names.tagsView)} AS`,
    `SELECT p.${quoteIdentifier("SOURCE_FILE")}, p.${quoteIdentifier("SOURCE_LINE")}, p.${quoteIdentifier("TAG_KEY")}, p.${quoteIdentifier("TAG_VALUE")}, p.${quoteIdentifier("TAG_TRUNCATED")},`,
    `  TRUNC(f.${quoteIdentifier("CHARGE_PERIOD_START")}) AS ${quoteIdentifier("CHARGE_DATE")},`,
    `  ${rowColumns.map((c) => `f.${quoteIdentifier(c)}`).join(", ")}`,
    `FROM ${quoteIdentifier(names.tagPairs)} p`,
    `JOIN ${quoteIdentifier(names.table)} f ON f.${quoteIdentifier("SOURCE_FILE")} = p.${quoteIdentifier("SOURCE_FILE")} AND f.${quoteIdentifier("SOURCE_LINE")} = p.${quoteIdentifier("SOURCE_LINE")}`
  ].join("\n");
}
function schemaObjects(names) {
  return [
    {
      kind: "table",
      name: names.table,
      sql: createTableSql(names, { partitioned: true }),
      fallbackSql: createTableSql(names, { partitioned: false })
    },
    { kind: "table", name: names.ledger, sql: createLedgerSql(names) },
    { kind: "table", name: names.rejects, sql: createRejectsSql(names) },
    { kind: "table", name: names.tagPairs, sql: createTagPairsSql(names) },
    { kind: "index", name: names.tableFileIndex, sql: createTableFileIndexSql(names) },
    { kind: "index", name: names.rejectsFileIndex, sql: createRejectsFileIndexSql(names) },
    { kind: "index", name: names.tagPairsFileIndex, sql: createTagPairsFileIndexSql(names) },
    { kind: "view", name: names.dailyView, sql: createDailyViewSql(names) },
    { kind: "view", name: names.monthlyView, sql: createMonthlyViewSql(names) },
    { kind: "view", name: names.tagsView, sql: createTagsViewSql(names) }
  ];
}

// ../loader/src/oracle/transaction.ts
var DEFAULT_ROWS_PER_EXECUTE = 5e3;
var LONG_BIND_ERRORS = /* @__PURE__ */ new Set([1461, 1483, 24816]);
function sinkError(error2, doing, file) {
  if (isLoadError(error2)) return error2;
  return new LoadError(
    "LOAD_SINK_ERROR",
    `Oracle ${doing}${file === void 0 ? "" : ` for ${file}`}: ${driverMessage(error2)}`,
    file === void 0 ? {} : { file },
    { cause: error2 }
  );
}
async function step(doing, file, call) {
  try {
    return await call();
  } catch (error2) {
    throw sinkError(error2, doing, file);
  }
}
var COLUMN_IN_MESSAGE = /"[^"]+"\."[^"]+"\."([^"]+)"/;
async function insertChunks(context, sql, columns, bound, file, lineOf, what) {
  let inserted = 0;
  const hasLongText = columns.some(
    (c, i) => (c.type === "json" || c.type === "text") && (bound.maxBytes[i] ?? 0) > VARCHAR2_MAX_BYTES
  );
  const asText = bindDefsFor(context.driver, columns, bound.maxBytes);
  const asLobs = bindDefsFor(context.driver, columns, bound.maxBytes, { lobs: true });
  const state = context.lobFallback ?? { enabled: false };
  const canFallBack = () => hasLongText && context.lobFallback !== void 0;
  const switchToLobs = (error2) => {
    if (!state.enabled) {
      state.enabled = true;
      context.warn?.(
        `Oracle insert into ${what} for ${file}: the database refused long text bound as VARCHAR (${driverMessage(error2)}); binding long JSON/text values as temporary CLOBs from now on (slower)`
      );
    }
  };
  const execute = (chunk, lobs) => context.connection.executeMany(sql, chunk, {
    autoCommit: false,
    bindDefs: lobs ? asLobs : asText,
    batchErrors: true
  });
  for (let start = 0; start < bound.rows.length; start += context.rowsPerExecute) {
    const chunk = bound.rows.slice(start, start + context.rowsPerExecute);
    const lobs = hasLongText && state.enabled;
    let result;
    try {
      result = await execute(chunk, lobs);
    } catch (error2) {
      if (lobs || !canFallBack() || !LONG_BIND_ERRORS.has(oracleErrorNumber(error2) ?? 0)) {
        throw sinkError(error2, `insert into ${what}`, file);
      }
      switchToLobs(error2);
      result = await step(`insert into ${what}`, file, () => execute(chunk, true));
    }
    let errors = result.batchErrors ?? [];
    let rowsAffected = result.rowsAffected ?? chunk.length - errors.length;
    if (errors.length > 0 && !lobs && canFallBack() && errors.every((e) => LONG_BIND_ERRORS.has(e.errorNum ?? oracleErrorNumber(e) ?? 0))) {
      switchToLobs(errors[0]);
      const refused = errors.map((e) => chunk[e.offset]).filter((row) => row !== void 0);
      const retry = await step(`insert into ${what}`, file, () => execute(refused, true));
      const retryErrors = retry.batchErrors ?? [];
      rowsAffected += retry.rowsAffected ?? refused.length - retryErrors.length;
      errors = retryErrors.map((e) => ({ ...e, offset: chunk.indexOf(refused[e.offset]) }));
    }
    const failed = errors[0];
    if (failed !== void 0) {
      const row = chunk[failed.offset];
      const line = row === void 0 ? void 0 : lineOf(row);
      const columnName = COLUMN_IN_MESSAGE.exec(failed.message)?.[1];
      const column2 = columnName === void 0 ? void 0 : columns.find((c) => c.name === columnName);
      const label = column2 === void 0 ? columnName : column2.sourceName || column2.name;
      const index = column2 === void 0 ? -1 : columns.indexOf(column2);
      const value = index >= 0 && row !== void 0 ? row[index] : void 0;
      throw new LoadError(
        "LOAD_SINK_ERROR",
        `Oracle insert into ${what} for ${file}${line === void 0 ? "" : `:${line}`}${label === void 0 ? "" : ` ${label}`}: ${driverMessage(new Error(failed.message))}${typeof value === "string" ? `, got ${quoteValue(value)}` : ""}`,
        {
          file,
          ...line === void 0 ? {} : { line },
          ...label === void 0 ? {} : { column: label },
          ...typeof value === "string" ? { value } : {}
        }
      );
    }
    inserted += rowsAffected;
  }
  return inserted;
}
var lineOfCanonical = (row) => {
  const line = row[CANONICAL_COLUMNS.length - 1];
  return typeof line === "number" ? line : void 0;
};
var lineOfSecond = (row) => typeof row[1] === "number" ? row[1] : void 0;
async function loadFileInTransaction(context, load) {
  const { connection, statements } = context;
  const file = load.file;
  try {
    await step(
      "delete previous rows",
      file,
      () => connection.execute(statements.deleteRows, [file], { autoCommit: false })
    );
    await step(
      "delete previous tag pairs",
      file,
      () => connection.execute(statements.deleteTagPairs, [file], { autoCommit: false })
    );
    await step(
      "delete previous rejects",
      file,
      () => connection.execute(statements.deleteRejects, [file], { autoCommit: false })
    );
    let rows = 0;
    let rejectedRows = 0;
    for await (const batch of load.batches) {
      if (batch.rows.length > 0) {
        rows += await insertChunks(
          context,
          statements.insertRow,
          CANONICAL_COLUMNS,
          bindCanonicalRows(batch.rows, file),
          file,
          lineOfCanonical,
          "the table"
        );
        const pairs = bindTagPairs(batch.rows, file);
        if (pairs.rows.length > 0) {
          await insertChunks(
            context,
            statements.insertTagPair,
            TAG_PAIR_COLUMNS,
            pairs,
            file,
            lineOfSecond,
            "tag pairs"
          );
        }
      }
      if (batch.rejects.length > 0) {
        rejectedRows += await insertChunks(
          context,
          statements.insertReject,
          REJECT_COLUMNS,
          bindRejects(batch.rejects),
          file,
          lineOfSecond,
          "rejects"
        );
      }
    }
    const summary = load.complete();
    if (summary.rows !== rows || summary.rejectedRows !== rejectedRows) {
      throw new LoadError(
        "LOAD_SINK_ERROR",
        `Oracle row count for ${file}: inserted rows must equal parsed rows, got ${rows} inserted / ${summary.rows} parsed, ${rejectedRows} rejects inserted / ${summary.rejectedRows} rejected`,
        { file }
      );
    }
    const entry = {
      file,
      identity: load.identity,
      status: "loaded",
      dialect: summary.dialect,
      rows,
      rejectedRows,
      bytes: load.bytes,
      startedAt: load.startedAt,
      finishedAt: (context.now ?? (() => /* @__PURE__ */ new Date()))(),
      errorCode: void 0,
      errorMessage: void 0,
      errorLine: void 0,
      errorColumn: void 0,
      errorValue: void 0
    };
    await writeLedger(context, entry);
    await step("commit", file, () => connection.commit());
    return entry;
  } catch (error2) {
    await rollbackQuietly(connection);
    throw error2;
  }
}
async function writeLedger(context, entry) {
  const { connection, statements } = context;
  await step(
    "delete ledger row",
    entry.file,
    () => connection.execute(statements.deleteLedger, [entry.file], { autoCommit: false })
  );
  await step(
    "insert ledger row",
    entry.file,
    () => connection.execute(statements.insertLedger, bindLedgerEntry(entry), { autoCommit: false })
  );
}
async function recordFailureInTransaction(context, entry) {
  try {
    await writeLedger(context, entry);
    await step("commit", entry.file, () => context.connection.commit());
  } catch (error2) {
    await rollbackQuietly(context.connection);
    throw error2;
  }
}
async function rollbackQuietly(connection) {
  try {
    await connection.rollback();
  } catch {
  }
}

// ../loader/src/oracle/ensure.ts
var ORA_NAME_IN_USE = 955;
var ORA_COLUMNS_ALREADY_INDEXED = 1408;
var ORA_FEATURE_NOT_ENABLED = 439;
async function existingNames(connection, driver, dictionary, column2, names) {
  if (names.length === 0) return /* @__PURE__ */ new Set();
  const placeholders = names.map((_, i) => `:${i + 1}`).join(", ");
  const sql = `SELECT ${column2} FROM ${dictionary} WHERE ${column2} IN (${placeholders})`;
  try {
    const result = await connection.execute(sql, names, {
      autoCommit: false,
      outFormat: driver.OUT_FORMAT_ARRAY
    });
    return new Set((result.rows ?? []).map((row) => String(row[0])));
  } catch (error2) {
    throw sinkError(error2, `read ${dictionary}`);
  }
}
async function create(connection, object, sql) {
  try {
    await connection.execute(sql, [], { autoCommit: false });
    return "created";
  } catch (error2) {
    const num = oracleErrorNumber(error2);
    if (num === ORA_NAME_IN_USE || object.kind === "index" && num === ORA_COLUMNS_ALREADY_INDEXED)
      return "exists";
    throw error2;
  }
}
async function ensureOracleSchema(connection, driver, names, options = {}) {
  const objects = schemaObjects(names);
  const tables = await existingNames(
    connection,
    driver,
    "USER_TABLES",
    "TABLE_NAME",
    objects.filter((o) => o.kind === "table").map((o) => o.name)
  );
  const indexes = await existingNames(
    connection,
    driver,
    "USER_INDEXES",
    "INDEX_NAME",
    objects.filter((o) => o.kind === "index").map((o) => o.name)
  );
  const created = [];
  let partitioned;
  for (const object of objects) {
    if (options.signal?.aborted) {
      throw new LoadError(
        "LOAD_ABORTED",
        `Oracle schema: aborted before creating ${object.name}`,
        {},
        {
          cause: options.signal.reason
        }
      );
    }
    if (object.kind === "table" && tables.has(object.name)) continue;
    if (object.kind === "index" && indexes.has(object.name)) continue;
    try {
      let outcome;
      try {
        outcome = await create(connection, object, object.sql);
        if (object.fallbackSql !== void 0 && outcome === "created") partitioned = true;
      } catch (error2) {
        if (object.fallbackSql === void 0 || oracleErrorNumber(error2) !== ORA_FEATURE_NOT_ENABLED)
          throw error2;
        options.warn?.(
          `Oracle table ${names.table}: partitioning is not enabled on this database (ORA-00439); creating it without monthly partitions`
        );
        outcome = await create(connection, object, object.fallbackSql);
        if (outcome === "created") partitioned = false;
      }
      if (outcome === "created") created.push(object.name);
    } catch (error2) {
      throw sinkError(error2, `create ${object.kind} ${object.name}`);
    }
  }
  return { created, partitioned };
}

// ../loader/src/sink/report-ranges.ts
var DAY = /^\d{4}-\d{2}-\d{2}$/;
function dayStart(day, what = "day") {
  const date = /* @__PURE__ */ new Date(`${day}T00:00:00Z`);
  if (!DAY.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `${what}: must be a UTC day YYYY-MM-DD, got ${JSON.stringify(day)}`
    );
  }
  return date;
}
function rangeBounds(range) {
  const start = dayStart(range.from, "from");
  const last = dayStart(range.to, "to");
  if (last < start) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `range: from must not be after to, got ${range.from} > ${range.to}`
    );
  }
  return { start, end: new Date(last.getTime() + 864e5) };
}
function monthWindows(asOf) {
  const day = dayStart(asOf, "asOf");
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  const monthStart = new Date(Date.UTC(y, m, 1));
  const previousStart = new Date(Date.UTC(y, m - 1, 1));
  const daysIn = day.getUTCDate();
  const sameEnd = new Date(Math.min(previousStart.getTime() + daysIn * 864e5, monthStart.getTime()));
  return {
    month: monthStart.toISOString().slice(0, 7),
    previousMonth: previousStart.toISOString().slice(0, 7),
    monthToDate: { start: monthStart, end: new Date(day.getTime() + 864e5) },
    previousSamePeriod: { start: previousStart, end: sameEnd },
    previousMonthWhole: { start: previousStart, end: monthStart }
  };
}

// ../loader/src/oracle/reports.ts
function normalizeNumberText(text) {
  if (text === null || text === void 0) return "0";
  const value = String(text);
  if (value.startsWith(".")) return `0${value}`;
  if (value.startsWith("-.")) return `-0${value.slice(1)}`;
  return value;
}
var edge = (date) => formatTimestamp(date) ?? date.toISOString();
var ts = (bind) => `TO_TIMESTAMP(:${bind}, '${TIMESTAMP_FORMAT}')`;
var CPS = quoteIdentifier("CHARGE_PERIOD_START");
var IN_RANGE = `${CPS} >= ${ts("from_day")} AND ${CPS} < ${ts("to_day")}`;
function dailyCostByServiceSql(names) {
  return [
    `SELECT TO_CHAR(TRUNC(${CPS}), 'YYYY-MM-DD') AS CHARGE_DAY, ${quoteIdentifier("SERVICE_NAME")} AS SERVICE_NAME,`,
    `  ${quoteIdentifier("BILLING_CURRENCY")} AS CURRENCY_CODE,`,
    `  NVL(SUM(${quoteIdentifier("BILLED_COST")}), 0) AS BILLED_SUM, NVL(SUM(${quoteIdentifier("EFFECTIVE_COST")}), 0) AS EFFECTIVE_SUM,`,
    `  NVL(SUM(${quoteIdentifier("LIST_COST")}), 0) AS LIST_SUM, COUNT(*) AS ROW_TOTAL`,
    `FROM ${quoteIdentifier(names.table)}`,
    `WHERE ${IN_RANGE}`,
    `GROUP BY TRUNC(${CPS}), ${quoteIdentifier("SERVICE_NAME")}, ${quoteIdentifier("BILLING_CURRENCY")}`,
    `ORDER BY CHARGE_DAY, EFFECTIVE_SUM DESC, SERVICE_NAME, CURRENCY_CODE`
  ].join("\n");
}
function rankedSql(names, id, name, service, limit, where = IN_RANGE) {
  return [
    `SELECT ${id} AS ITEM_ID, MAX(${name}) AS ITEM_NAME, ${service} AS ITEM_SERVICE,`,
    `  ${quoteIdentifier("BILLING_CURRENCY")} AS CURRENCY_CODE,`,
    `  NVL(SUM(${quoteIdentifier("BILLED_COST")}), 0) AS BILLED_SUM, NVL(SUM(${quoteIdentifier("EFFECTIVE_COST")}), 0) AS EFFECTIVE_SUM`,
    `FROM ${quoteIdentifier(names.table)}`,
    `WHERE ${where}`,
    `GROUP BY ${id}, ${quoteIdentifier("BILLING_CURRENCY")}`,
    `ORDER BY EFFECTIVE_SUM DESC, ITEM_ID`,
    `FETCH FIRST ${limit} ROWS ONLY`
  ].join("\n");
}
function topCompartmentsSql(names, limit) {
  return rankedSql(
    names,
    `NVL(${quoteIdentifier("OCI_COMPARTMENT_ID")}, ${quoteIdentifier("SUB_ACCOUNT_ID")})`,
    `NVL(${quoteIdentifier("OCI_COMPARTMENT_NAME")}, ${quoteIdentifier("SUB_ACCOUNT_NAME")})`,
    "NULL",
    limit
  );
}
function topResourcesSql(names, limit) {
  return rankedSql(
    names,
    quoteIdentifier("RESOURCE_ID"),
    quoteIdentifier("RESOURCE_NAME"),
    `MAX(${quoteIdentifier("SERVICE_NAME")})`,
    limit,
    `${IN_RANGE} AND ${quoteIdentifier("RESOURCE_ID")} IS NOT NULL`
  );
}
function monthToDateSql(names) {
  const sum = (column2, from, to) => `NVL(SUM(CASE WHEN ${CPS} >= ${ts(from)} AND ${CPS} < ${ts(to)} THEN ${quoteIdentifier(column2)} END), 0)`;
  return [
    `SELECT ${quoteIdentifier("BILLING_CURRENCY")} AS CURRENCY_CODE,`,
    `  ${sum("BILLED_COST", "month_start", "as_of_next")} AS MTD_BILLED,`,
    `  ${sum("EFFECTIVE_COST", "month_start", "as_of_next")} AS MTD_EFFECTIVE,`,
    `  ${sum("BILLED_COST", "previous_start", "previous_same_end")} AS SAME_BILLED,`,
    `  ${sum("EFFECTIVE_COST", "previous_start", "previous_same_end")} AS SAME_EFFECTIVE,`,
    `  ${sum("BILLED_COST", "previous_start", "month_start")} AS PREVIOUS_BILLED,`,
    `  ${sum("EFFECTIVE_COST", "previous_start", "month_start")} AS PREVIOUS_EFFECTIVE`,
    `FROM ${quoteIdentifier(names.table)}`,
    `WHERE ${CPS} >= ${ts("previous_start")} AND ${CPS} < ${ts("as_of_next")}`,
    `GROUP BY ${quoteIdentifier("BILLING_CURRENCY")}`,
    `ORDER BY CURRENCY_CODE`
  ].join("\n");
}
function ledgerSelectSql(names) {
  const columns = LEDGER_COLUMNS.map(
    (c) => c.type === "timestamp" ? `TO_CHAR(${quoteIdentifier(c.name)}, '${ISO_TIMESTAMP_FORMAT}') AS ${quoteIdentifier(c.name)}` : quoteIdentifier(c.name)
  );
  return `SELECT ${columns.join(", ")} FROM ${quoteIdentifier(names.ledger)}`;
}
function ledgerHealthSql(names) {
  const loaded = `${quoteIdentifier("STATUS")} = 'loaded'`;
  return [
    `SELECT COUNT(*) AS FILE_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${loaded} THEN 1 ELSE 0 END), 0) AS LOADED_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${quoteIdentifier("STATUS")} = 'failed' THEN 1 ELSE 0 END), 0) AS FAILED_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${loaded} THEN ${quoteIdentifier("ROWS_LOADED")} ELSE 0 END), 0) AS ROW_TOTAL,`,
    `  NVL(SUM(CASE WHEN ${loaded} THEN ${quoteIdentifier("ROWS_REJECTED")} ELSE 0 END), 0) AS REJECTED_TOTAL,`,
    `  TO_CHAR(MAX(CASE WHEN ${loaded} THEN ${quoteIdentifier("FINISHED_AT")} END), '${ISO_TIMESTAMP_FORMAT}') AS LAST_LOADED_AT`,
    `FROM ${quoteIdentifier(names.ledger)}`
  ].join("\n");
}
function latestChargeSql(names) {
  return `SELECT TO_CHAR(MAX(${CPS}), '${ISO_TIMESTAMP_FORMAT}') AS LATEST FROM ${quoteIdentifier(names.table)}`;
}
var optionalText = (value) => value === null || value === void 0 ? void 0 : String(value);
var optionalNumber = (value) => value === null || value === void 0 ? void 0 : Number(value);
var nullableText = (value) => value === null || value === void 0 ? null : String(value);
function ledgerEntryFromRow(row) {
  return {
    file: String(row["SOURCE_FILE"]),
    identity: String(row["FILE_IDENTITY"]),
    status: String(row["STATUS"]),
    dialect: optionalText(row["DIALECT"]),
    rows: Number(row["ROWS_LOADED"]),
    rejectedRows: Number(row["ROWS_REJECTED"]),
    bytes: optionalNumber(row["FILE_BYTES"]),
    startedAt: new Date(String(row["STARTED_AT"])),
    finishedAt: new Date(String(row["FINISHED_AT"])),
    errorCode: optionalText(row["ERROR_CODE"]),
    errorMessage: optionalText(row["ERROR_MESSAGE"]),
    errorLine: optionalNumber(row["ERROR_LINE"]),
    errorColumn: optionalText(row["ERROR_COLUMN"]),
    errorValue: optionalText(row["ERROR_VALUE"])
  };
}
function checkLimit(limit) {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1e5) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `report limit: must be an integer from 1 to 100000, got ${limit}`,
      {
        value: String(limit)
      }
    );
  }
  return limit;
}
async function queryRows(context, doing, sql, binds, moneyColumns = []) {
  const run = () => queryOnce(context, doing, sql, binds, moneyColumns);
  return context.guard ? context.guard(run) : run();
}
async function queryOnce(context, doing, sql, binds, moneyColumns) {
  try {
    const driver = await context.driver();
    const connection = await context.connection();
    const fetchInfo = {};
    for (const column2 of moneyColumns) fetchInfo[column2] = { type: driver.DB_TYPE_VARCHAR };
    const result = await connection.execute(sql, binds, {
      autoCommit: false,
      outFormat: driver.OUT_FORMAT_OBJECT,
      fetchInfo
    });
    return result.rows ?? [];
  } catch (error2) {
    throw sinkError(error2, doing);
  }
}
function oracleReportQueries(context) {
  const { names } = context;
  const rangeBinds = (range) => {
    const bounds = rangeBounds(range);
    return { from_day: edge(bounds.start), to_day: edge(bounds.end) };
  };
  const ranked = async (sql, range, doing) => {
    const rows = await queryRows(context, doing, sql, rangeBinds(range), ["BILLED_SUM", "EFFECTIVE_SUM"]);
    return rows.map((row) => ({
      id: nullableText(row["ITEM_ID"]),
      name: nullableText(row["ITEM_NAME"]),
      serviceName: nullableText(row["ITEM_SERVICE"]),
      currency: nullableText(row["CURRENCY_CODE"]),
      billedCost: normalizeNumberText(row["BILLED_SUM"]),
      effectiveCost: normalizeNumberText(row["EFFECTIVE_SUM"])
    }));
  };
  return {
    async dailyCostByService(range) {
      const rows = await queryRows(
        context,
        "daily cost report",
        dailyCostByServiceSql(names),
        rangeBinds(range),
        ["BILLED_SUM", "EFFECTIVE_SUM", "LIST_SUM"]
      );
      return rows.map((row) => ({
        day: String(row["CHARGE_DAY"]),
        serviceName: nullableText(row["SERVICE_NAME"]),
        currency: nullableText(row["CURRENCY_CODE"]),
        billedCost: normalizeNumberText(row["BILLED_SUM"]),
        effectiveCost: normalizeNumberText(row["EFFECTIVE_SUM"]),
        listCost: normalizeNumberText(row["LIST_SUM"]),
        rows: Number(row["ROW_TOTAL"])
      }));
    },
    async topCompartments(range, limit) {
      return ranked(topCompartmentsSql(names, checkLimit(limit)), range, "top compartments report");
    },
    async topResources(range, limit) {
      return ranked(topResourcesSql(names, checkLimit(limit)), range, "top resources report");
    },
    async monthToDate(asOf) {
      const w = monthWindows(asOf);
      const rows = await queryRows(
        context,
        "month-to-date report",
        monthToDateSql(names),
        {
          month_start: edge(w.monthToDate.start),
          as_of_next: edge(w.monthToDate.end),
          previous_start: edge(w.previousMonthWhole.start),
          previous_same_end: edge(w.previousSamePeriod.end)
        },
        [
          "MTD_BILLED",
          "MTD_EFFECTIVE",
          "SAME_BILLED",
          "SAME_EFFECTIVE",
          "PREVIOUS_BILLED",
          "PREVIOUS_EFFECTIVE"
        ]
      );
      return rows.map((row) => ({
        month: w.month,
        previousMonth: w.previousMonth,
        currency: nullableText(row["CURRENCY_CODE"]),
        monthToDateBilled: normalizeNumberText(row["MTD_BILLED"]),
        monthToDateEffective: normalizeNumberText(row["MTD_EFFECTIVE"]),
        previousSamePeriodBilled: normalizeNumberText(row["SAME_BILLED"]),
        previousSamePeriodEffective: normalizeNumberText(row["SAME_EFFECTIVE"]),
        previousMonthBilled: normalizeNumberText(row["PREVIOUS_BILLED"]),
        previousMonthEffective: normalizeNumberText(row["PREVIOUS_EFFECTIVE"])
      }));
    },
    async ledgerHealth() {
      const [totals] = await queryRows(context, "ledger health", ledgerHealthSql(names), []);
      const [latest] = await queryRows(context, "ledger health", latestChargeSql(names), []);
      const failures = (await queryRows(
        context,
        "ledger health",
        `${ledgerSelectSql(names)} WHERE ${quoteIdentifier("STATUS")} = 'failed' ORDER BY ${quoteIdentifier("FINISHED_AT")} DESC, ${quoteIdentifier("SOURCE_FILE")}`,
        []
      )).map(ledgerEntryFromRow);
      const lastLoaded = optionalText(totals?.["LAST_LOADED_AT"]);
      return {
        files: Number(totals?.["FILE_TOTAL"] ?? 0),
        loaded: Number(totals?.["LOADED_TOTAL"] ?? 0),
        failed: Number(totals?.["FAILED_TOTAL"] ?? 0),
        rows: Number(totals?.["ROW_TOTAL"] ?? 0),
        rejectedRows: Number(totals?.["REJECTED_TOTAL"] ?? 0),
        lastLoadedAt: lastLoaded === void 0 ? void 0 : new Date(lastLoaded),
        latestChargePeriodStart: optionalText(latest?.["LATEST"]),
        failures
      };
    }
  };
}

// ../loader/src/oracle/sink.ts
function describeConnectString(connectString) {
  const at = connectString.lastIndexOf("@");
  const shown = at >= 0 && connectString.slice(0, at).includes("/") ? connectString.slice(at + 1) : connectString;
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
function redact2(message, secrets) {
  let out = message;
  for (const secret of secrets) {
    if (secret !== void 0 && secret.length > 0) out = out.split(secret).join("***");
  }
  return out;
}
function validateOptions(options) {
  const missing = ["connectString", "user", "password"].filter(
    (key) => typeof options[key] !== "string" || options[key].length === 0
  );
  if (missing.length > 0) {
    throw new LoadError("LOAD_INVALID_OPTION", `Oracle sink: ${missing.join(", ")} must be set, got nothing`);
  }
  const timeout = options.connectTimeoutSeconds;
  if (timeout !== void 0 && (!Number.isInteger(timeout) || timeout < 1)) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `Oracle connectTimeoutSeconds: must be a positive integer, got ${timeout}`,
      {
        value: String(timeout)
      }
    );
  }
  const rows = options.rowsPerExecute;
  if (rows !== void 0 && (!Number.isInteger(rows) || rows < 1 || rows > 65535)) {
    throw new LoadError(
      "LOAD_INVALID_OPTION",
      `Oracle rowsPerExecute: must be an integer from 1 to 65535, got ${rows}`,
      {
        value: String(rows)
      }
    );
  }
}
function connectAttributes(options) {
  const timeout = options.connectTimeoutSeconds ?? 30;
  const configDir = options.configDir ?? options.walletDir;
  return {
    user: options.user,
    password: options.password,
    connectString: options.connectString,
    ...configDir === void 0 ? {} : { configDir },
    ...options.walletDir === void 0 ? {} : { walletLocation: options.walletDir },
    ...options.walletPassword === void 0 ? {} : { walletPassword: options.walletPassword },
    connectTimeout: timeout,
    transportConnectTimeout: timeout
  };
}
function createOracleSink(options) {
  return createOracleSinkWith(options, {});
}
function createOracleSinkWith(options, internals) {
  validateOptions(options);
  const names = oracleNames(options.table);
  const statements = loadStatements(names);
  const rowsPerExecute = options.rowsPerExecute ?? DEFAULT_ROWS_PER_EXECUTE;
  const secrets = [options.password, options.walletPassword];
  let driverPromise;
  let connectionPromise;
  let closed = false;
  const driver = () => {
    driverPromise ??= internals.driver ? Promise.resolve(internals.driver) : loadOracleDriver();
    return driverPromise;
  };
  const connect = async () => {
    const oracledb = await driver();
    try {
      return await oracledb.getConnection(connectAttributes(options));
    } catch (error2) {
      const raw = driverMessage(error2);
      const num = oracleErrorNumber(error2);
      const hint = num === 1017 ? " (check the user and password)" : options.walletDir !== void 0 && /wallet|pem|certificate|ssl|tls/i.test(raw) ? " (check the wallet folder and wallet password)" : "";
      throw new LoadError(
        "LOAD_SINK_ERROR",
        `Oracle connection: could not connect as ${options.user} to ${describeConnectString(options.connectString)}${hint}: ` + redact2(raw, secrets)
      );
    }
  };
  const connection = () => {
    if (closed) {
      return Promise.reject(
        new LoadError("LOAD_SINK_ERROR", "Oracle sink: must not be used after close(), got a call")
      );
    }
    if (connectionPromise === void 0) {
      const pending = connect();
      connectionPromise = pending;
      pending.catch(() => {
        if (connectionPromise === pending) connectionPromise = void 0;
      });
    }
    return connectionPromise;
  };
  const guarded = async (work) => {
    try {
      return await work();
    } catch (error2) {
      if (isDeadConnectionError(error2) && connectionPromise !== void 0) {
        const dead = connectionPromise;
        connectionPromise = void 0;
        dead.then((conn) => conn.close()).catch(() => void 0);
      }
      throw error2;
    }
  };
  const lobFallback = { enabled: false };
  const transaction = async () => ({
    connection: await connection(),
    driver: await driver(),
    statements,
    rowsPerExecute,
    lobFallback,
    ...options.logger ? { warn: (message) => options.logger?.warn(message) } : {},
    ...internals.now ? { now: internals.now } : {}
  });
  const queryContext = { connection, driver, names, guard: guarded };
  return {
    kind: "oracle",
    names,
    async ensureSchema(ensureOptions) {
      await guarded(
        async () => ensureOracleSchema(await connection(), await driver(), names, {
          ...options.logger ? { warn: (message) => options.logger?.warn(message) } : {},
          ...ensureOptions?.signal ? { signal: ensureOptions.signal } : {}
        })
      );
    },
    async getLedgerEntry(file) {
      const rows = await queryRows(
        queryContext,
        "read ledger",
        `${ledgerSelectSql(names)} WHERE ${quoteIdentifier("SOURCE_FILE")} = :1`,
        [file]
      );
      const row = rows[0];
      return row === void 0 ? void 0 : ledgerEntryFromRow(row);
    },
    async listLedger() {
      const rows = await queryRows(
        queryContext,
        "read ledger",
        `${ledgerSelectSql(names)} ORDER BY ${quoteIdentifier("SOURCE_FILE")}`,
        []
      );
      return rows.map(ledgerEntryFromRow);
    },
    async loadFile(load) {
      return guarded(async () => loadFileInTransaction(await transaction(), load));
    },
    async recordFailure(failure) {
      await guarded(async () => recordFailureInTransaction(await transaction(), failure));
    },
    reports: oracleReportQueries(queryContext),
    async close() {
      if (closed) return;
      closed = true;
      const pending = connectionPromise;
      connectionPromise = void 0;
      if (pending === void 0) return;
      let conn;
      try {
        conn = await pending;
      } catch {
        return;
      }
      try {
        await conn.close();
      } catch (error2) {
        throw new LoadError(
          "LOAD_SINK_ERROR",
          `Oracle connection: close failed: ${redact2(driverMessage(error2), secrets)}`
        );
      }
    }
  };
}

// src/wallet.ts
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";
import { inflateRawSync } from "node:zlib";
var MAX_WALLET_BYTES = 10 * 1024 * 1024;
var SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
async function unpackWallet(base64) {
  const zip = Buffer.from(base64.replace(/\s+/g, ""), "base64");
  if (zip.length === 0 || zip.length > MAX_WALLET_BYTES) {
    throw walletError(`must be base64 of a zip of at most ${MAX_WALLET_BYTES} bytes, got ${zip.length} bytes`);
  }
  const entries = readFlatZip(zip);
  const dir = await mkdtemp(join2(tmpdir(), "oci-focus-wallet-"));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    for (const entry of entries) await writeFile(join2(dir, entry.name), entry.data, { mode: 384 });
  } catch (error2) {
    await dispose();
    throw error2;
  }
  return { dir, files: entries.map((entry) => entry.name), dispose };
}
function walletError(rule) {
  return new ActionError("ACTION_INVALID_WALLET", `input 'db-wallet': ${rule}`, { input: "db-wallet" });
}
function readFlatZip(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([80, 75, 5, 6]));
  if (eocd < 0 || eocd + 22 > zip.length)
    throw walletError("must be a zip file, got no end-of-central-directory record");
  const count2 = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count2; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 33639248) {
      throw walletError(`must be a zip file, got a broken central directory at entry ${i + 1}`);
    }
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const next = offset + 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    offset = next;
    if (name.endsWith("/")) continue;
    if (!SAFE_NAME.test(name)) {
      throw walletError(`entries must be plain file names at the top level, got ${JSON.stringify(name)}`);
    }
    if ((flags & 1) !== 0) throw walletError(`entries must not be encrypted, got ${name}`);
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 67324752) {
      throw walletError(`must be a zip file, got a broken local header for ${name}`);
    }
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(start, start + compressedSize);
    let data;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: MAX_WALLET_BYTES });
      } catch {
        throw walletError(`entry ${name} does not inflate`);
      }
    } else throw walletError(`entries must be stored or deflated, got method ${method} for ${name}`);
    if (data.length !== size) throw walletError(`entry ${name} must be ${size} bytes, got ${data.length}`);
    entries.push({ name, data });
  }
  if (entries.length === 0) throw walletError("must contain files, got an empty zip");
  return entries;
}

// src/load-main.ts
var readInput = (name) => getInput(name);
async function loadMain() {
  maskSecretInputs(readInput);
  silenceSdkRetryWarnings();
  setOutputs(LOAD_OUTPUTS, LOAD_OUTPUT_DEFAULTS);
  const inputs = parseLoadInputs(readInput);
  warnIgnoredInputs(inputs);
  assertOidcAvailable(inputs);
  const logger = createActionLogger();
  const cancellation = cancelOnSignals();
  let wallet;
  let auth;
  let client;
  let result;
  let namespace = inputs.source.namespace;
  try {
    if (inputs.database.wallet !== void 0) {
      wallet = await unpackWallet(inputs.database.wallet);
      info(`wallet unpacked: ${wallet.files.join(", ")}`);
    }
    auth = await createAuth(authOptionsOf(inputs), { logger, fetch: maskingFetch() });
    client = createObjectStorageClient({
      auth,
      ...inputs.region !== void 0 && { region: inputs.region },
      ...inputs.endpoint !== void 0 && { endpoint: inputs.endpoint }
    });
    namespace ??= await discoverNamespace(client, { logger });
    const store = createObjectStore({ client, namespace, bucket: inputs.source.bucket, logger });
    const sink = createOracleSink({
      connectString: inputs.database.connectString,
      user: inputs.database.user,
      password: inputs.database.password,
      table: inputs.table,
      logger,
      ...wallet !== void 0 && { walletDir: wallet.dir, configDir: wallet.dir },
      ...inputs.database.walletPassword !== void 0 && { walletPassword: inputs.database.walletPassword }
    });
    try {
      result = await loadReports({
        source: {
          kind: "bucket",
          store,
          ...inputs.source.prefix !== void 0 && { prefix: inputs.source.prefix }
        },
        sink,
        onError: inputs.onError,
        logger,
        signal: cancellation.signal,
        // The loader logs loaded and failed files itself; skips are only in the result.
        onProgress: (event) => {
          if (event.type === "file-done" && event.result.outcome === "skipped") {
            info(redact(`skipped ${event.result.file}: ${event.result.reason ?? "already loaded"}`));
          }
        }
      });
    } finally {
      await sink.close();
    }
  } catch (error2) {
    logger.flushWarnings([]);
    throw error2;
  } finally {
    cancellation.dispose();
    client?.close();
    auth?.close();
    await wallet?.dispose();
  }
  setOutputs(LOAD_OUTPUTS, loadOutputsOf(result));
  const failed = result.files.filter((file) => file.outcome === "failed");
  logger.flushWarnings(failed.map((file) => file.file));
  for (const file of failed) {
    error(redact(`${file.file}: ${file.reason ?? "failed"}`), { title: "OCI FOCUS load: file failed" });
  }
  await writeSummary(loadSummary(result, inputs, namespace));
  if (failed.length > 0) {
    throw new ActionError(
      "ACTION_ITEMS_FAILED",
      `${failed.length} of ${count(result.files.length, "file")} failed to load (see the annotations); each was rolled back`
    );
  }
}
function loadOutputsOf(result) {
  return {
    filesLoaded: String(result.totals.loaded),
    filesSkipped: String(result.totals.skipped),
    filesFailed: String(result.totals.failed),
    rows: String(result.totals.rows),
    rejectedRows: String(result.totals.rejectedRows)
  };
}
var OUTCOME_ORDER = { failed: 0, loaded: 1, skipped: 2 };
function loadSummary(result, inputs, namespace) {
  const rows = [...result.files].sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || a.file.localeCompare(b.file)).map((f) => ({
    cells: [
      f.outcome,
      f.file,
      f.dialect ?? "",
      f.outcome === "loaded" ? String(f.rows) : "",
      f.rejectedRows > 0 ? String(f.rejectedRows) : "",
      [f.reason, f.line !== void 0 ? `line ${f.line}` : "", f.column ?? ""].filter(Boolean).join(", ")
    ]
  }));
  const { totals } = result;
  return {
    title: "OCI FOCUS load",
    facts: [
      [
        "Source",
        `${namespace ?? "(tenancy namespace)"}/${inputs.source.bucket}/${inputs.source.prefix ?? ""}`
      ],
      ["Table", `${inputs.table} (on-error: ${inputs.onError})`]
    ],
    headers: ["Outcome", "File", "Dialect", "Rows", "Rejected", "Reason"],
    rows,
    empty: "No report files under the prefix.",
    totals: [
      ["Files loaded", String(totals.loaded)],
      ["Files skipped (already loaded)", String(totals.skipped)],
      ["Files failed", String(totals.failed)],
      ["Rows", String(totals.rows)],
      ["Rejected rows", String(totals.rejectedRows)]
    ]
  };
}

// src/entry-load.ts
await runAction(loadMain);
