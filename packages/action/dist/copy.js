import { createRequire as __ociFocusCreateRequire } from 'node:module';
const require = __ociFocusCreateRequire(import.meta.url);
import {
  ActionError,
  COPY_OUTPUTS,
  COPY_OUTPUT_DEFAULTS,
  CoreError,
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
  errorMessage,
  formatBytes,
  getInput,
  isCoreError,
  isTransientError,
  maskSecretInputs,
  maskingFetch,
  parseCopyInputs,
  redact,
  resolveHomeRegion,
  runAction,
  setOutputs,
  silenceSdkRetryWarnings,
  warnIgnoredInputs,
  writeSummary
} from "./chunks/chunk-S7COQZM4.js";
import "./chunks/chunk-APVHLZV7.js";

// ../core/src/copy/checksums.ts
import { createHash } from "node:crypto";
import * as zlib from "node:zlib";
function isPlainMd5(md5) {
  return md5 !== void 0 && /^[A-Za-z0-9+/]{22}==$/.test(md5);
}
function multipartMd5(partDigests) {
  const hash = createHash("md5");
  for (const digest of partDigests) hash.update(digest);
  return `${hash.digest("base64")}-${partDigests.length}`;
}
function md5Base64(body) {
  return createHash("md5").update(body).digest("base64");
}
function newMd5() {
  return createHash("md5");
}
var CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    table[n] = c;
  }
  return table;
})();
var nativeCrc32 = zlib.crc32;
function crc322(chunk, previous = 0) {
  if (nativeCrc32) return nativeCrc32(chunk, previous);
  let crc = ~previous;
  for (let i = 0; i < chunk.length; i++) crc = CRC_TABLE[(crc ^ chunk[i]) & 255] ^ crc >>> 8;
  return ~crc >>> 0;
}

// ../core/src/logger.ts
var silentLogger = { debug() {
}, info() {
}, warn() {
} };

// ../core/src/window.ts
var REPORT_KINDS = ["focus", "cost", "usage"];
var DEFAULT_RETENTION_DAYS = 365;
var DEFAULT_LOOKBACK_DAYS = 3;
var FLAT_PREFIX = {
  cost: "reports/cost-csv/",
  usage: "reports/usage-csv/"
};
var FOCUS_PREFIX = "FOCUS Reports/";
var DAY_MS = 864e5;
function resolveWindow(options = {}) {
  const kind = options.kind ?? "focus";
  if (!REPORT_KINDS.includes(kind)) {
    throw new CoreError("CORE_INVALID_OPTION", `kind: must be focus, cost or usage, got ${String(kind)}`, {
      value: String(kind)
    });
  }
  const now = options.now ?? /* @__PURE__ */ new Date();
  if (Number.isNaN(now.getTime())) {
    throw new CoreError("CORE_INVALID_OPTION", "now: must be a valid Date, got an invalid Date");
  }
  const today = startOfUtcDay(now.getTime());
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!(retentionDays === Number.POSITIVE_INFINITY || Number.isInteger(retentionDays) && retentionDays >= 1)) {
    throw new CoreError(
      "CORE_INVALID_OPTION",
      `retentionDays: must be a whole number >= 1 or Infinity, got ${retentionDays}`,
      { value: String(retentionDays) }
    );
  }
  const hasRange = options.from !== void 0 || options.to !== void 0;
  if (options.date !== void 0 && hasRange) {
    throw new CoreError(
      "CORE_INVALID_OPTION",
      `date: give either date or from/to, got date ${options.date} and ${describeRange(options.from, options.to)}`
    );
  }
  if (options.lookbackDays !== void 0 && (options.date !== void 0 || hasRange)) {
    throw new CoreError(
      "CORE_INVALID_OPTION",
      `lookbackDays: give either lookbackDays or a date/from/to, got lookbackDays ${options.lookbackDays} with ${options.date !== void 0 ? `date ${options.date}` : describeRange(options.from, options.to)}`
    );
  }
  let fromMs;
  let toMs;
  if (options.date !== void 0) {
    fromMs = parseDay(options.date, "date", today);
    toMs = fromMs;
  } else if (hasRange) {
    if (options.from === void 0) {
      throw new CoreError("CORE_INVALID_OPTION", `from: is required with to, got only to ${options.to}`, {
        value: String(options.to)
      });
    }
    fromMs = parseDay(options.from, "from", today);
    toMs = options.to === void 0 ? today : parseDay(options.to, "to", today);
    if (fromMs > toMs) {
      throw new CoreError(
        "CORE_WINDOW_REVERSED",
        `from..to: from must be on or before to, got ${formatDay(fromMs)}..${formatDay(toMs)}`,
        { value: `${options.from}..${options.to ?? formatDay(toMs)}` }
      );
    }
  } else {
    const lookback = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
    if (!Number.isInteger(lookback) || lookback < 1) {
      throw new CoreError(
        "CORE_INVALID_OPTION",
        `lookbackDays: must be a whole number >= 1, got ${lookback}`,
        {
          value: String(lookback)
        }
      );
    }
    toMs = today;
    fromMs = today - (lookback - 1) * DAY_MS;
  }
  for (const [what, ms] of [
    ["from", fromMs],
    ["to", toMs]
  ]) {
    if (ms > today) {
      throw new CoreError(
        "CORE_INVALID_DATE",
        `${what}: must not be after today (${formatDay(today)}, days are UTC), got ${formatDay(ms)}`,
        { value: formatDay(ms) }
      );
    }
  }
  if (retentionDays !== Number.POSITIVE_INFINITY) {
    const earliest = today - retentionDays * DAY_MS;
    if (fromMs < earliest) {
      throw new CoreError(
        "CORE_WINDOW_BEYOND_RETENTION",
        `from: must be within the ${retentionDays}-day report retention (on or after ${formatDay(earliest)}), got ${formatDay(fromMs)}`,
        { value: formatDay(fromMs) }
      );
    }
  }
  const days = [];
  for (let ms = fromMs; ms <= toMs; ms += DAY_MS) days.push(formatDay(ms));
  return buildWindow(kind, days);
}
function buildWindow(kind, days) {
  const from = days[0];
  const to = days[days.length - 1];
  if (kind === "focus") {
    const prefixes = days.map((day) => `${FOCUS_PREFIX}${day.replaceAll("-", "/")}/`);
    const daySet = new Set(days);
    return {
      kind,
      from,
      to,
      days,
      prefixes,
      includes(object) {
        const day = focusDayOf(object.name);
        return day !== void 0 && daySet.has(day) && !object.name.endsWith("/");
      }
    };
  }
  const prefix = FLAT_PREFIX[kind];
  return {
    kind,
    from,
    to,
    days,
    prefixes: [prefix],
    includes(object) {
      if (!object.name.startsWith(prefix) || object.name.endsWith("/")) return false;
      const modified = Date.parse(object.timeModified);
      if (Number.isNaN(modified)) return false;
      const day = formatDay(startOfUtcDay(modified));
      return day >= from && day <= to;
    }
  };
}
function focusDayOf(name) {
  const match = /^FOCUS Reports\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(name);
  return match === null ? void 0 : `${match[1]}-${match[2]}-${match[3]}`;
}
function startOfUtcDay(ms) {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
function formatDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
function parseDay(input, what, today) {
  const value = input.trim();
  if (value === "today") return today;
  if (value === "yesterday") return today - DAY_MS;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match !== null) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day)
      return ms;
  }
  throw new CoreError(
    "CORE_INVALID_DATE",
    `${what}: must be a calendar day YYYY-MM-DD (UTC), today or yesterday, got ${input}`,
    { value: input }
  );
}
function describeRange(from, to) {
  return `from ${from ?? "(none)"} to ${to ?? "(none)"}`;
}

// ../core/src/copy/engine.ts
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { createGunzip } from "node:zlib";

// ../core/src/copy/naming.ts
var METADATA_KEYS = {
  sourceName: "source-name",
  sourceEtag: "source-etag",
  sourceMd5: "source-md5",
  sourceSize: "source-size",
  sourceModified: "source-modified",
  sourceEntry: "source-entry",
  toolVersion: "tool-version"
};
function sourceFormat(name, keepCompressed) {
  if (keepCompressed) return "plain";
  const lower = name.toLowerCase();
  if (lower.endsWith(".gz")) return "gzip";
  if (lower.endsWith(".zip")) return "zip";
  return "plain";
}
function normalizePrefix(prefix) {
  if (prefix === void 0) return "";
  const trimmed = prefix.replace(/^\/+/, "");
  if (trimmed === "") return "";
  return trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}
function destinationName(source, destPrefix, format) {
  const name = format === "gzip" ? source.replace(/\.gz$/i, "") : source;
  return `${destPrefix}${name}`;
}
function zipEntryFolder(source, destPrefix) {
  const slash = source.lastIndexOf("/");
  return `${destPrefix}${slash === -1 ? "" : source.slice(0, slash + 1)}`;
}
function contentTypeFor(destination) {
  const lower = destination.toLowerCase();
  if (lower.endsWith(".csv")) return "text/csv";
  if (lower.endsWith(".gz")) return "application/gzip";
  if (lower.endsWith(".zip")) return "application/zip";
  if (lower.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}
function provenanceMetadata(source, toolVersion, entry) {
  const metadata = {
    [METADATA_KEYS.sourceName]: source.name,
    [METADATA_KEYS.sourceEtag]: source.etag,
    [METADATA_KEYS.sourceSize]: String(source.size),
    [METADATA_KEYS.sourceModified]: source.timeModified,
    [METADATA_KEYS.toolVersion]: toolVersion
  };
  if (source.md5 !== void 0) metadata[METADATA_KEYS.sourceMd5] = source.md5;
  if (entry !== void 0) metadata[METADATA_KEYS.sourceEntry] = entry;
  return metadata;
}
function staleReason(source, head) {
  const meta = head.metadata;
  const recorded = meta[METADATA_KEYS.sourceEtag];
  if (recorded === void 0) return "destination exists without source metadata";
  if (meta[METADATA_KEYS.sourceName] !== void 0 && meta[METADATA_KEYS.sourceName] !== source.name) {
    return `destination was copied from ${meta[METADATA_KEYS.sourceName]}`;
  }
  if (recorded !== source.etag) return `source etag changed: recorded ${recorded}, now ${source.etag}`;
  const recordedSize = meta[METADATA_KEYS.sourceSize];
  if (recordedSize !== String(source.size)) {
    return `source size changed: recorded ${recordedSize ?? "none"}, now ${source.size}`;
  }
  const recordedMd5 = meta[METADATA_KEYS.sourceMd5];
  if (source.md5 !== void 0 && recordedMd5 !== source.md5) {
    return `source md5 changed: recorded ${recordedMd5 ?? "none"}, now ${source.md5}`;
  }
  return void 0;
}

// ../core/src/copy/pool.ts
async function mapPool(items, concurrency, signal, fn) {
  const results = new Array(items.length);
  let next = 0;
  let failed2 = false;
  const worker = async () => {
    while (!failed2 && next < items.length) {
      if (signal?.aborted) throw abortedError(signal);
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error2) {
        failed2 = true;
        throw error2;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
function abortedError(signal) {
  const reason = signal.reason;
  const detail = reason instanceof Error ? reason.message : reason === void 0 ? "no reason" : String(reason);
  return new CoreError(
    "CORE_ABORTED",
    `copy: stopped by the abort signal, got ${detail}`,
    {},
    { cause: reason }
  );
}

// ../core/src/copy/plan.ts
async function planCopy(options) {
  const { source, destination, window, destPrefix, keepCompressed, force, signal } = options;
  const listed = /* @__PURE__ */ new Map();
  for (const prefix of window.prefixes) {
    for await (const object of source.list(prefix, signal ? { signal } : {})) {
      if (object.name.endsWith("/") || !window.includes(object)) continue;
      listed.set(object.name, object);
    }
  }
  const sources = [...listed.values()].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const zipFolders = /* @__PURE__ */ new Map();
  const headOptions = signal ? { signal } : {};
  return mapPool(sources, options.headConcurrency, signal, async (object) => {
    const format = sourceFormat(object.name, keepCompressed);
    if (format === "zip") {
      const folder = zipEntryFolder(object.name, destPrefix);
      let heads = zipFolders.get(folder);
      if (heads === void 0) {
        heads = headFolder(destination, folder, options.headConcurrency, signal);
        zipFolders.set(folder, heads);
      }
      const written = (await heads).filter((head2) => head2.metadata[METADATA_KEYS.sourceName] === object.name);
      const names = written.map((head2) => head2.name);
      if (written.length === 0)
        return { source: object, format, action: "copy", destination: [], reason: "new" };
      const stale2 = written.map((head2) => staleReason(object, head2)).find((reason) => reason !== void 0);
      if (stale2 !== void 0)
        return { source: object, format, action: "recopy", destination: names, reason: stale2 };
      if (force) return { source: object, format, action: "recopy", destination: names, reason: "forced" };
      return { source: object, format, action: "skip", destination: names, reason: "up to date" };
    }
    const name = destinationName(object.name, destPrefix, format);
    const head = await destination.head(name, headOptions);
    if (head === void 0)
      return { source: object, format, action: "copy", destination: [name], reason: "new" };
    const stale = staleReason(object, head);
    if (stale !== void 0)
      return { source: object, format, action: "recopy", destination: [name], reason: stale };
    if (force) return { source: object, format, action: "recopy", destination: [name], reason: "forced" };
    return { source: object, format, action: "skip", destination: [name], reason: "up to date" };
  });
}
async function headFolder(store, folder, concurrency, signal) {
  const names = [];
  for await (const object of store.list(folder, signal ? { signal } : {})) names.push(object.name);
  const heads = await mapPool(
    names,
    concurrency,
    signal,
    (name) => store.head(name, signal ? { signal } : {})
  );
  return heads.filter((head) => head !== void 0);
}

// ../core/src/copy/upload.ts
var FIRST_BLOCK_BYTES = 64 * 1024;
var MAX_PARTS = 1e4;
var BoundedUpload = class {
  #store;
  #name;
  #options;
  #hash = newMd5();
  /** Full blocks not yet sent (only while still a single PUT candidate). */
  #full = [];
  #current;
  #filled = 0;
  #free = [];
  #bytes = 0;
  #uploadId;
  #nextPart = 1;
  #inFlight = /* @__PURE__ */ new Set();
  #done = [];
  #failure;
  #state = "open";
  constructor(store, name, options) {
    this.#store = store;
    this.#name = name;
    this.#options = options;
  }
  get name() {
    return this.#name;
  }
  async write(chunk) {
    this.#throwIfFailed();
    if (this.#uploadId === void 0) this.#hash.update(chunk);
    this.#bytes += chunk.length;
    const { partSize } = this.#options;
    for (let at = 0; at < chunk.length; ) {
      this.#current ??= this.#free.pop() ?? Buffer.allocUnsafeSlow(Math.min(partSize, FIRST_BLOCK_BYTES));
      const copied = chunk.copy(this.#current, this.#filled, at);
      at += copied;
      this.#filled += copied;
      if (this.#filled < partSize) {
        if (this.#filled === this.#current.length) this.#current = this.#grow(this.#current);
        continue;
      }
      const block = this.#current;
      this.#current = void 0;
      this.#filled = 0;
      if (this.#uploadId === void 0) {
        this.#full.push(block);
        if (this.#bytes <= this.#options.singlePutMaxBytes) continue;
        await this.#ensureMultipart();
        for (const pending of this.#full.splice(0)) await this.#startPart(pending, pending);
      } else await this.#startPart(block, block);
    }
    if (this.#uploadId === void 0 && this.#bytes > this.#options.singlePutMaxBytes) {
      await this.#ensureMultipart();
      for (const pending of this.#full.splice(0)) await this.#startPart(pending, pending);
    }
  }
  /**
   * Sends everything written so far as uncommitted multipart parts and frees the blocks, so
   * nothing stays in memory while the caller waits to `finish()` (zip entries wait for the whole
   * archive's checks). An empty output stays a pending empty PUT: a multipart upload cannot have
   * zero parts.
   */
  async stage() {
    this.#throwIfFailed();
    if (this.#bytes > 0) {
      await this.#ensureMultipart();
      for (const pending of this.#full.splice(0)) await this.#startPart(pending, pending);
      if (this.#filled > 0) await this.#sendCurrent();
    }
    await this.#drain(0);
    this.#throwIfFailed();
    this.#free = [];
  }
  /** Uploads what remains and makes the object visible at its name; verifies the service's MD5. */
  async finish() {
    this.#throwIfFailed();
    const signal = this.#options.signal ? { signal: this.#options.signal } : {};
    if (this.#uploadId === void 0) {
      const md5 = this.#hash.digest("base64");
      const tail = this.#current?.subarray(0, this.#filled) ?? Buffer.alloc(0);
      const body = this.#full.length === 0 ? tail : Buffer.concat([...this.#full, tail], this.#bytes);
      const put = await this.#store.put(this.#name, body, {
        contentType: this.#options.contentType,
        metadata: this.#options.metadata,
        md5,
        ...signal
      });
      this.#state = "finished";
      this.#release();
      this.#options.onUploaded?.(body.length);
      if (put.md5 !== void 0 && put.md5 !== md5) {
        await this.#deleteQuietly();
        throw this.#mismatch(md5, put.md5);
      }
      return { name: this.#name, bytes: this.#bytes, md5, serviceMd5: put.md5, parts: 0 };
    }
    if (this.#filled > 0) await this.#sendCurrent();
    await this.#drain(0);
    this.#throwIfFailed();
    const parts = [...this.#done].sort((a, b) => a.partNum - b.partNum);
    const expected = multipartMd5(parts.map((part) => part.digest));
    const committed = await this.#store.commitMultipart(
      this.#name,
      this.#uploadId,
      parts.map(({ partNum, etag }) => ({ partNum, etag })),
      signal
    );
    this.#state = "finished";
    this.#release();
    if (committed.md5 !== void 0 && committed.md5 !== expected) {
      await this.#deleteQuietly();
      throw this.#mismatch(expected, committed.md5);
    }
    return {
      name: this.#name,
      bytes: this.#bytes,
      md5: expected,
      serviceMd5: committed.md5,
      parts: parts.length
    };
  }
  /** Stops uploading and removes the uncommitted multipart upload, if any. Never throws. */
  async abort() {
    if (this.#state !== "open") return;
    this.#state = "aborted";
    await Promise.allSettled([...this.#inFlight].map((part) => part.promise));
    this.#release();
    if (this.#uploadId === void 0) return;
    try {
      await this.#store.abortMultipart(this.#name, this.#uploadId);
    } catch (error2) {
      this.#options.logger.warn(
        `copy: could not abort multipart upload of ${this.#name}: ${errorMessage(error2)}; a lifecycle rule should clean it up`
      );
    }
  }
  async #ensureMultipart() {
    if (this.#uploadId !== void 0) return;
    const created = await this.#store.createMultipart(this.#name, {
      contentType: this.#options.contentType,
      metadata: this.#options.metadata,
      ...this.#options.signal ? { signal: this.#options.signal } : {}
    });
    this.#uploadId = created.uploadId;
    if (this.#state === "aborted")
      await this.#store.abortMultipart(this.#name, created.uploadId).catch(() => {
      });
  }
  async #sendCurrent() {
    const block = this.#current;
    const body = block.subarray(0, this.#filled);
    this.#current = void 0;
    this.#filled = 0;
    await this.#startPart(body, block);
  }
  /**
   * A block twice as large (at most partSize) holding the bytes so far. Blocks start small so
   * that a small object does not allocate a whole part: 500 small objects allocated 4 GB of
   * 8 MiB blocks, and the external-memory pressure forced a full GC about every other object.
   */
  #grow(block) {
    const grown = Buffer.allocUnsafeSlow(Math.min(this.#options.partSize, block.length * 2));
    block.copy(grown, 0, 0, this.#filled);
    return grown;
  }
  /** Uploads `body` as the next part; `block` (which holds it) is reused once the part is done. */
  async #startPart(body, block) {
    await this.#drain(this.#options.maxPartsInFlight - 1);
    this.#throwIfFailed();
    const partNum = this.#nextPart++;
    if (partNum > MAX_PARTS) {
      throw new CoreError(
        "CORE_INVALID_OPTION",
        `upload of ${this.#name}: an object takes at most ${MAX_PARTS} parts, got more at partSize ${this.#options.partSize}; raise partSize`,
        { object: this.#name, value: String(this.#options.partSize) }
      );
    }
    const digest = md5Base64(body);
    const part = {
      promise: this.#store.uploadPart(this.#name, this.#uploadId, partNum, body, {
        md5: digest,
        ...this.#options.signal ? { signal: this.#options.signal } : {}
      }).then((result) => {
        if (result.md5 !== void 0 && result.md5 !== digest)
          throw this.#mismatch(digest, result.md5, partNum);
        this.#done.push({ partNum, etag: result.etag, digest: Buffer.from(digest, "base64") });
        this.#options.onUploaded?.(body.length);
      }).catch((error2) => {
        this.#failure ??= error2;
      }).finally(() => {
        this.#inFlight.delete(part);
        if (this.#state === "open") this.#free.push(block);
      })
    };
    this.#inFlight.add(part);
  }
  /** Waits until at most `limit` parts are uploading. */
  async #drain(limit) {
    while (this.#inFlight.size > limit) {
      await Promise.race([...this.#inFlight].map((part) => part.promise));
    }
  }
  #release() {
    this.#full = [];
    this.#current = void 0;
    this.#filled = 0;
    this.#free = [];
  }
  #throwIfFailed() {
    if (this.#failure !== void 0) throw this.#failure;
    if (this.#state !== "open") {
      throw new CoreError("CORE_INVALID_OPTION", `upload: ${this.#name} is already ${this.#state}`, {
        object: this.#name
      });
    }
  }
  #mismatch(expected, got, partNum) {
    const what = partNum === void 0 ? this.#name : `${this.#name} part ${partNum}`;
    return new CoreError(
      "CORE_CHECKSUM_MISMATCH",
      `upload of ${what}: the service's MD5 must match the bytes sent (${expected}), got ${got}`,
      { bucket: this.#store.bucket, namespace: this.#store.namespace, object: this.#name, value: got }
    );
  }
  async #deleteQuietly() {
    try {
      await this.#store.delete(this.#name);
    } catch (error2) {
      this.#options.logger.warn(`copy: could not delete mismatched ${this.#name}: ${errorMessage(error2)}`);
    }
  }
};

// ../core/src/copy/verify.ts
import { Transform } from "node:stream";
var SLICE = 16 * 1024;
var DownloadVerifier = class extends Transform {
  #hash = newMd5();
  #object;
  #expectedSize;
  #expectedMd5;
  #onBytes;
  bytes = 0;
  verified = false;
  md5;
  constructor(object, expectedSize, expectedMd5, onBytes) {
    super();
    this.#object = object;
    this.#expectedSize = expectedSize;
    this.#expectedMd5 = expectedMd5;
    this.#onBytes = onBytes;
  }
  _transform(chunk, _encoding, callback) {
    this.#hash.update(chunk);
    this.bytes += chunk.length;
    this.#onBytes(chunk.length);
    for (let at = 0; at < chunk.length; at += SLICE) this.push(chunk.subarray(at, at + SLICE));
    callback();
  }
  _flush(callback) {
    this.md5 = this.#hash.digest("base64");
    if (this.bytes !== this.#expectedSize) {
      callback(
        new DownloadIncompleteError(
          `download of ${this.#object}: must deliver the listed ${this.#expectedSize} bytes, got ${this.bytes}`,
          this.#object,
          "CORE_TRUNCATED_ARCHIVE"
        )
      );
      return;
    }
    if (this.#expectedMd5 !== void 0 && this.md5 !== this.#expectedMd5) {
      callback(
        new DownloadIncompleteError(
          `download of ${this.#object}: bytes must match the source MD5 ${this.#expectedMd5}, got ${this.md5}`,
          this.#object,
          "CORE_CHECKSUM_MISMATCH"
        )
      );
      return;
    }
    this.verified = true;
    callback();
  }
};
var DownloadIncompleteError = class extends CoreError {
  retryable = true;
  constructor(message, object, code) {
    super(code, message, { object });
  }
};

// ../core/src/copy/version.ts
var CORE_VERSION = "0.1.0";

// ../core/src/copy/zip.ts
import { createInflateRaw } from "node:zlib";

// ../core/src/copy/byte-reader.ts
var ByteReader = class {
  #source;
  #chunks = [];
  #head = 0;
  #buffered = 0;
  #eof = false;
  constructor(source) {
    this.#source = source[Symbol.asyncIterator]();
  }
  /** Reads until `bytes` are buffered; false when the input ends first. */
  async fill(bytes) {
    while (this.#buffered < bytes && !this.#eof) {
      const next = await this.#source.next();
      if (next.done) {
        this.#eof = true;
        break;
      }
      if (next.value.length === 0) continue;
      this.#chunks.push(next.value);
      this.#buffered += next.value.length;
    }
    return this.#buffered >= bytes;
  }
  /** Exactly `bytes` bytes, or undefined when the input ends first. */
  async read(bytes) {
    if (bytes === 0) return Buffer.alloc(0);
    if (!await this.fill(bytes)) return void 0;
    return this.#take(bytes);
  }
  /** `max` bytes, fewer only at the end of the input, or undefined when nothing is left. */
  async readSome(max) {
    await this.fill(max);
    if (this.#buffered === 0) return void 0;
    return this.#take(Math.min(max, this.#buffered));
  }
  /** Puts bytes back in front of the stream. */
  unread(bytes) {
    if (bytes.length === 0) return;
    if (this.#head > 0) this.#chunks[--this.#head] = bytes;
    else this.#chunks.unshift(bytes);
    this.#buffered += bytes.length;
  }
  /** Reads and drops everything left (so upstream verifiers see the whole input). */
  async drain() {
    let dropped = this.#buffered;
    this.#chunks = [];
    this.#head = 0;
    this.#buffered = 0;
    while (!this.#eof) {
      const next = await this.#source.next();
      if (next.done) this.#eof = true;
      else dropped += next.value.length;
    }
    return dropped;
  }
  #take(bytes) {
    const first = this.#chunks[this.#head];
    if (first.length >= bytes) {
      this.#buffered -= bytes;
      if (first.length === bytes) this.#advance();
      else this.#chunks[this.#head] = first.subarray(bytes);
      return first.subarray(0, bytes);
    }
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.#chunks[this.#head];
      const need = bytes - filled;
      if (chunk.length <= need) {
        chunk.copy(out, filled);
        filled += chunk.length;
        this.#advance();
      } else {
        chunk.copy(out, filled, 0, need);
        this.#chunks[this.#head] = chunk.subarray(need);
        filled += need;
      }
    }
    this.#buffered -= bytes;
    return out;
  }
  // A head index instead of Array#shift keeps many tiny chunks O(n).
  #advance() {
    this.#head++;
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }
};

// ../core/src/copy/zip.ts
var LOCAL_FILE_HEADER = 67324752;
var CENTRAL_DIRECTORY_HEADER = 33639248;
var END_OF_CENTRAL_DIRECTORY = 101010256;
var ZIP64_END_OF_CENTRAL_DIRECTORY = 101075792;
var DATA_DESCRIPTOR = 134695760;
var FLAG_ENCRYPTED = 1;
var FLAG_DATA_DESCRIPTOR = 8;
var FLAG_UTF8 = 2048;
var METHOD_STORED = 0;
var METHOD_DEFLATE = 8;
var FEED_SLICE = 16 * 1024;
function assertSafeEntryName(name, object) {
  const unsafe = name === "" || name.includes("\0") || name.includes("\\") || name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.split("/").some((segment) => segment === "..");
  if (unsafe) {
    throw new CoreError(
      "CORE_UNSAFE_ENTRY_NAME",
      `zip ${object}: entry names must stay inside their folder (no '..', absolute path, backslash or drive letter), got ${JSON.stringify(name)}`,
      { object, entry: name, value: name }
    );
  }
}
async function readZip(source, object, onEntry) {
  const reader = new ByteReader(source);
  const corrupt = (rule, entry) => new CoreError(
    "CORE_CORRUPT_ARCHIVE",
    `zip ${object}: ${rule}`,
    entry === void 0 ? { object } : { object, entry }
  );
  const truncated = (entry) => new CoreError(
    "CORE_TRUNCATED_ARCHIVE",
    `zip ${object}: the archive must be complete, got an end of data inside ${entry === void 0 ? "a header" : `entry ${entry}`}`,
    entry === void 0 ? { object } : { object, entry }
  );
  let entries = 0;
  for (; ; ) {
    let checkEntry2 = function(wantCrc, wantSize) {
      if (produced !== wantSize) {
        throw corrupt(
          `entry ${name} must hold the ${wantSize} bytes its header declares, got ${produced}`,
          name
        );
      }
      if (crc !== wantCrc) {
        throw corrupt(
          `entry ${name} must match its CRC-32 ${wantCrc.toString(16)}, got ${crc.toString(16)}`,
          name
        );
      }
    };
    var checkEntry = checkEntry2;
    const signatureBytes = await reader.read(4);
    if (signatureBytes === void 0) {
      if (entries === 0)
        throw corrupt("an archive needs at least an end-of-central-directory record, got no data");
      throw truncated();
    }
    const signature = signatureBytes.readUInt32LE(0);
    if (signature === CENTRAL_DIRECTORY_HEADER || signature === END_OF_CENTRAL_DIRECTORY || signature === ZIP64_END_OF_CENTRAL_DIRECTORY) {
      await reader.drain();
      return entries;
    }
    if (signature !== LOCAL_FILE_HEADER) {
      throw corrupt(
        `expected a local file header signature, got 0x${signature.toString(16).padStart(8, "0")}`
      );
    }
    const header = await reader.read(26);
    if (header === void 0) throw truncated();
    const flags = header.readUInt16LE(2);
    const method = header.readUInt16LE(4);
    const expectedCrc = header.readUInt32LE(10);
    let compressedSize = header.readUInt32LE(14);
    let uncompressedSize = header.readUInt32LE(18);
    const nameLength = header.readUInt16LE(22);
    const extraLength = header.readUInt16LE(24);
    const nameBytes = await reader.read(nameLength);
    const extra = await reader.read(extraLength);
    if (nameBytes === void 0 || extra === void 0) throw truncated();
    const name = nameBytes.toString(flags & FLAG_UTF8 ? "utf8" : "latin1");
    assertSafeEntryName(name, object);
    let zip64 = false;
    for (let at = 0; at + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(at);
      const size = extra.readUInt16LE(at + 2);
      if (id === 1) {
        zip64 = true;
        let field = at + 4;
        if (uncompressedSize === 4294967295 && field + 8 <= at + 4 + size) {
          uncompressedSize = Number(extra.readBigUInt64LE(field));
          field += 8;
        }
        if (compressedSize === 4294967295 && field + 8 <= at + 4 + size) {
          compressedSize = Number(extra.readBigUInt64LE(field));
        }
      }
      at += 4 + size;
    }
    if (flags & FLAG_ENCRYPTED) throw corrupt(`encrypted entries are not supported, got ${name}`, name);
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      throw corrupt(
        `entry compression must be stored (0) or deflate (8), got method ${method} for ${name}`,
        name
      );
    }
    const hasDescriptor = (flags & FLAG_DATA_DESCRIPTOR) !== 0;
    const lengthKnown = !hasDescriptor || compressedSize !== 0;
    if (method === METHOD_STORED && !lengthKnown) {
      throw corrupt(
        `a stored entry needs its size in the local header, got a data descriptor for ${name}`,
        name
      );
    }
    let crc = 0;
    let produced = 0;
    const counted = async function* (data) {
      for await (const chunk of data) {
        crc = crc322(chunk, crc);
        produced += chunk.length;
        yield chunk;
      }
    };
    const raw = method === METHOD_STORED ? readExactly(reader, compressedSize, () => truncated(name)) : inflate(reader, lengthKnown ? compressedSize : void 0, name, corrupt, truncated);
    const isDirectory = name.endsWith("/");
    if (isDirectory) {
      for await (const chunk of counted(raw))
        if (chunk.length > 0) throw corrupt(`directory ${name} holds data`, name);
    } else {
      const data = counted(raw);
      let consumed = false;
      await onEntry({
        name,
        data: {
          [Symbol.asyncIterator]: () => {
            consumed = true;
            return data[Symbol.asyncIterator]();
          }
        }
      });
      if (!consumed) for await (const _ of data) ;
    }
    if (hasDescriptor) {
      const first = await reader.read(4);
      if (first === void 0) throw truncated(name);
      if (first.readUInt32LE(0) !== DATA_DESCRIPTOR) reader.unread(first);
      const sizeBytes = zip64 ? 8 : 4;
      const descriptor = await reader.read(4 + 2 * sizeBytes);
      if (descriptor === void 0) throw truncated(name);
      if (expectedCrc === 0 || !lengthKnown) {
        const descriptorCrc = descriptor.readUInt32LE(0);
        const descriptorSize = zip64 ? Number(descriptor.readBigUInt64LE(4 + 8)) : descriptor.readUInt32LE(4 + 4);
        checkEntry2(descriptorCrc, descriptorSize);
      } else checkEntry2(expectedCrc, uncompressedSize);
    } else checkEntry2(expectedCrc, uncompressedSize);
    entries++;
  }
}
async function* readExactly(reader, length, truncated) {
  let left = length;
  while (left > 0) {
    const chunk = await reader.readSome(Math.min(left, 64 * 1024));
    if (chunk === void 0) throw truncated();
    left -= chunk.length;
    yield chunk;
  }
}
async function* inflate(reader, compressedLength, name, corrupt, truncated) {
  const inflater = createInflateRaw();
  const output = [];
  let ended = false;
  let failure;
  let wake;
  const notify = () => {
    wake?.();
    wake = void 0;
  };
  inflater.on("data", (chunk) => {
    output.push(chunk);
    if (output.length > 4) inflater.pause();
    notify();
  });
  inflater.on("end", () => {
    ended = true;
    notify();
  });
  inflater.on("error", (error2) => {
    failure = error2;
    notify();
  });
  const closed = new Promise((resolve) => inflater.once("close", () => resolve()));
  let fed = 0;
  let feeding = true;
  const feed = (async () => {
    try {
      while (feeding) {
        const max = compressedLength === void 0 ? FEED_SLICE : Math.min(FEED_SLICE, compressedLength - fed);
        if (max === 0) {
          inflater.end();
          return;
        }
        const slice = await reader.readSome(max);
        if (slice === void 0) {
          failure ??= truncated(name);
          notify();
          return;
        }
        fed += slice.length;
        const written = new Promise((resolve) => inflater.write(slice, () => resolve()));
        await Promise.race([written, closed]);
        if (inflater.bytesWritten < fed) {
          const unused = fed - inflater.bytesWritten;
          if (compressedLength !== void 0) {
            failure ??= corrupt(`entry ${name} holds ${unused} bytes after its deflate data`, name);
            notify();
          } else reader.unread(slice.subarray(slice.length - unused));
          return;
        }
      }
    } catch (error2) {
      failure ??= error2;
      notify();
    }
  })();
  try {
    for (; ; ) {
      if (failure) throw mapInflateError(failure, name, corrupt, truncated);
      const chunk = output.shift();
      if (chunk !== void 0) {
        if (output.length <= 4) inflater.resume();
        yield chunk;
        continue;
      }
      if (ended) break;
      await new Promise((resolve) => {
        wake = resolve;
      });
    }
    await feed;
    if (failure) throw mapInflateError(failure, name, corrupt, truncated);
  } finally {
    feeding = false;
    inflater.destroy();
  }
}
function mapInflateError(error2, name, corrupt, truncated) {
  if (error2 instanceof CoreError) return error2;
  const code = error2.code;
  if (code === "Z_BUF_ERROR") return truncated(name);
  if (code === "Z_DATA_ERROR")
    return corrupt(`entry ${name} must be valid deflate data, got ${error2.message}`, name);
  return error2;
}

// ../core/src/copy/engine.ts
var MIB = 1024 * 1024;
var COPY_DEFAULTS = {
  concurrency: 4,
  partSize: 8 * MIB,
  maxPartsInFlight: 3,
  maxRatio: 200,
  maxOutputBytes: 20 * 1024 * MIB,
  maxObjectAttempts: 4,
  retryBaseDelayMs: 500
};
var RATIO_GRACE_BYTES = MIB;
var RUN_FATAL_CODES = /* @__PURE__ */ new Set(["CORE_BUCKET_NOT_FOUND", "CORE_AUTH_FAILED"]);
async function copyObjects(options) {
  const settings = resolveSettings(options);
  const { window, signal, logger } = { ...options, logger: settings.logger };
  const concurrency = positiveInteger(options.concurrency ?? COPY_DEFAULTS.concurrency, "concurrency");
  if (signal?.aborted) throw abortedError(signal);
  const plan = await planCopy({
    source: settings.source,
    destination: settings.destination,
    window,
    destPrefix: settings.destPrefix,
    keepCompressed: options.keepCompressed ?? false,
    force: options.force ?? false,
    headConcurrency: Math.min(32, concurrency * 4),
    signal
  });
  for (const item of plan) {
    if (item.format !== "zip")
      for (const name of item.destination) settings.claimed.set(name, item.source.name);
  }
  const toCopy = plan.filter((item) => item.action !== "skip");
  logger.info(
    `copy: ${plan.length} objects in ${window.kind} ${window.from}..${window.to}; ${toCopy.length} to copy, ${plan.length - toCopy.length} up to date`
  );
  settings.progress({
    type: "planned",
    objects: plan.length,
    toCopy: toCopy.length,
    bytes: toCopy.reduce((sum, item) => sum + item.source.size, 0)
  });
  let done = 0;
  const finish = (result) => {
    done++;
    settings.progress({ type: "object-done", result, done, total: plan.length });
    return result;
  };
  const objects = await mapPool(plan, concurrency, void 0, async (item) => {
    const base = { source: item.source.name, destination: item.destination, action: item.action };
    if (item.action === "skip") {
      logger.info(`copy: skip ${item.source.name}: ${item.reason}`);
      return finish({ ...base, outcome: "skipped", bytesIn: 0, bytesOut: 0, reason: item.reason });
    }
    if (options.dryRun)
      return finish({ ...base, outcome: "planned", bytesIn: 0, bytesOut: 0, reason: item.reason });
    if (signal?.aborted) {
      return finish(failed(base, abortedError(signal), 0));
    }
    if (settings.fatal) return finish(failed(base, settings.fatal, 0));
    settings.progress({ type: "object-start", source: item.source.name, action: item.action });
    return finish(await copyWithRetries(item, settings));
  });
  if (settings.fatal) throw settings.fatal;
  const count2 = (outcome) => objects.filter((object) => object.outcome === outcome).length;
  return {
    window: { kind: window.kind, from: window.from, to: window.to, days: [...window.days] },
    dryRun: options.dryRun ?? false,
    objects,
    totals: {
      planned: toCopy.length,
      copied: count2("copied"),
      skipped: count2("skipped"),
      failed: count2("failed"),
      bytesIn: objects.reduce((sum, object) => sum + object.bytesIn, 0),
      bytesOut: objects.reduce((sum, object) => sum + object.bytesOut, 0)
    }
  };
}
function resolveSettings(options) {
  const partSize = positiveInteger(options.partSize ?? COPY_DEFAULTS.partSize, "partSize");
  const counters = { bytesIn: 0, bytesOut: 0 };
  const onProgress = options.onProgress;
  const logger = options.logger ?? silentLogger;
  return {
    source: options.source,
    destination: options.destination,
    destPrefix: normalizePrefix(options.destPrefix),
    partSize,
    maxPartsInFlight: positiveInteger(
      options.maxPartsInFlight ?? COPY_DEFAULTS.maxPartsInFlight,
      "maxPartsInFlight"
    ),
    singlePutMaxBytes: nonNegativeInteger(options.singlePutMaxBytes ?? partSize, "singlePutMaxBytes"),
    maxRatio: positiveNumber(options.limits?.maxRatio ?? COPY_DEFAULTS.maxRatio, "limits.maxRatio"),
    maxOutputBytes: positiveNumber(
      options.limits?.maxOutputBytes ?? COPY_DEFAULTS.maxOutputBytes,
      "limits.maxOutputBytes"
    ),
    maxObjectAttempts: positiveInteger(
      options.maxObjectAttempts ?? COPY_DEFAULTS.maxObjectAttempts,
      "maxObjectAttempts"
    ),
    retryBaseDelayMs: nonNegativeInteger(
      options.retryBaseDelayMs ?? COPY_DEFAULTS.retryBaseDelayMs,
      "retryBaseDelayMs"
    ),
    toolVersion: options.toolVersion ?? CORE_VERSION,
    signal: options.signal,
    logger,
    progress: (event) => {
      if (!onProgress) return;
      try {
        onProgress(event);
      } catch (error2) {
        logger.warn(`copy: progress listener threw: ${errorMessage(error2)}`);
      }
    },
    counters,
    claimed: /* @__PURE__ */ new Map(),
    fatal: void 0
  };
}
async function copyWithRetries(item, settings) {
  const base = { source: item.source.name, destination: item.destination, action: item.action };
  const { logger, signal } = settings;
  for (let attempt = 1; ; attempt++) {
    const state = { bytesIn: 0, sourceFailed: false };
    try {
      const uploads = await copyOnce(item, settings, state);
      const bytesOut = uploads.reduce((sum, upload) => sum + upload.bytes, 0);
      const single = uploads.length === 1 ? uploads[0] : void 0;
      logger.info(
        `copy: ${item.action === "recopy" ? "recopied" : "copied"} ${item.source.name} → ${uploads.map((u) => u.name).join(", ") || "(no entries)"} (${state.bytesIn} → ${bytesOut} bytes)`
      );
      return {
        ...base,
        destination: uploads.map((upload) => upload.name),
        outcome: "copied",
        bytesIn: state.bytesIn,
        bytesOut,
        ...single ? { md5: single.md5 } : {},
        reason: item.reason
      };
    } catch (caught) {
      if (signal?.aborted) return failed(base, abortedError(signal), state.bytesIn);
      const error2 = classify(caught, item, state);
      if (error2.retryable && attempt < settings.maxObjectAttempts) {
        const delay = Math.min(3e4, settings.retryBaseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        logger.warn(
          `copy: attempt ${attempt}/${settings.maxObjectAttempts} of ${item.source.name} failed (${error2.error.message}); retrying in ${Math.round(delay)} ms`
        );
        try {
          await sleep(delay, void 0, signal ? { signal } : {});
        } catch {
          return failed(base, abortedError(signal), state.bytesIn);
        }
        continue;
      }
      logger.warn(`copy: failed ${item.source.name}: ${error2.error.message}`);
      if (RUN_FATAL_CODES.has(error2.error.code)) settings.fatal ??= error2.error;
      return failed(base, error2.error, state.bytesIn);
    }
  }
}
function failed(base, error2, bytesIn) {
  return { ...base, outcome: "failed", bytesIn, bytesOut: 0, reason: error2.message, errorCode: error2.code };
}
function classify(error2, item, state) {
  const object = item.source.name;
  const status = statusOf(error2);
  if (status === 412) {
    return {
      error: new CoreError(
        "CORE_SOURCE_CHANGED",
        `copy of ${object}: the source must keep etag ${item.source.etag} while it is copied, got 412 (rewritten)`,
        { object, status: 412, value: item.source.etag },
        { cause: error2 }
      ),
      retryable: false
    };
  }
  if (isCoreError(error2)) {
    const retryable = error2.retryable === true || isTransientError(error2);
    return { error: error2, retryable: retryable || state.sourceFailed && !isPermanentArchiveError(error2.code) };
  }
  const message = errorMessage(error2);
  return {
    error: new CoreError(
      state.sourceFailed ? "CORE_TRANSIENT_EXHAUSTED" : "CORE_REMOTE_ERROR",
      `copy of ${object}: ${state.sourceFailed ? "the download was cut" : "the transfer failed"}, got ${message}`,
      status === void 0 ? { object } : { object, status },
      { cause: error2 }
    ),
    retryable: true
  };
}
function isPermanentArchiveError(code) {
  return code === "CORE_UNSAFE_ENTRY_NAME" || code === "CORE_DECOMPRESSION_BOMB" || code === "CORE_SOURCE_CHANGED";
}
function statusOf(error2) {
  if (typeof error2 !== "object" || error2 === null) return void 0;
  const { status, statusCode } = error2;
  if (typeof status === "number") return status;
  if (typeof statusCode === "number") return statusCode;
  return void 0;
}
async function copyOnce(item, settings, state) {
  const { source: summary } = item;
  const { signal, logger } = settings;
  const name = summary.name;
  const body = await settings.source.get(name, { ifMatch: summary.etag, ...signal ? { signal } : {} });
  if (body.etag !== summary.etag || isPlainMd5(summary.md5) && isPlainMd5(body.md5) && body.md5 !== summary.md5) {
    body.stream.destroy();
    throw new CoreError(
      "CORE_SOURCE_CHANGED",
      `copy of ${name}: the source must keep etag ${summary.etag} while it is copied, got ${body.etag}`,
      { object: name, value: body.etag }
    );
  }
  let ownFailure;
  const own = (error2) => {
    ownFailure ??= error2;
    return error2;
  };
  body.stream.once("error", () => {
    if (ownFailure === void 0) state.sourceFailed = true;
  });
  const expectedMd5 = isPlainMd5(summary.md5) ? summary.md5 : isPlainMd5(body.md5) ? body.md5 : void 0;
  let reported = 0;
  const verifier = new DownloadVerifier(name, summary.size, expectedMd5, (bytes) => {
    state.bytesIn += bytes;
    settings.counters.bytesIn += bytes;
    reported += bytes;
    if (reported >= MIB) {
      reported = 0;
      settings.progress({ type: "bytes", source: name, ...settings.counters });
    }
  });
  const uploads = [];
  const committed = [];
  let output = 0;
  const guard = (chunk, entry) => {
    output += chunk.length;
    const tooBig = output > settings.maxOutputBytes;
    const ratioExceeded = item.format !== "plain" && output > RATIO_GRACE_BYTES && output > settings.maxRatio * summary.size;
    if (tooBig || ratioExceeded) {
      throw new CoreError(
        "CORE_DECOMPRESSION_BOMB",
        tooBig ? `copy of ${name}: decompressed output must stay within ${settings.maxOutputBytes} bytes, got more than ${output - 1}` : `copy of ${name}: decompressed output must stay within ${settings.maxRatio}× the ${summary.size} compressed bytes, got ${output} bytes`,
        entry === void 0 ? { object: name, value: String(output) } : { object: name, entry, value: String(output) }
      );
    }
  };
  const newUpload = (destination, entry) => {
    const upload = new BoundedUpload(settings.destination, destination, {
      contentType: contentTypeFor(destination),
      metadata: provenanceMetadata(summary, settings.toolVersion, entry),
      partSize: settings.partSize,
      maxPartsInFlight: settings.maxPartsInFlight,
      // Zip entries stay uncommitted until the whole archive is verified, so each one must not
      // hold more than a part in memory meanwhile.
      singlePutMaxBytes: settings.singlePutMaxBytes,
      signal,
      logger,
      onUploaded: (bytes) => {
        settings.counters.bytesOut += bytes;
        settings.progress({ type: "bytes", source: name, ...settings.counters });
      }
    });
    uploads.push(upload);
    return upload;
  };
  const drainInto = async (data, upload, entry) => {
    try {
      for await (const chunk of data) {
        guard(chunk, entry);
        await upload.write(chunk);
      }
    } catch (error2) {
      throw own(error2);
    }
  };
  try {
    if (item.format === "zip") {
      const folder = zipEntryFolder(name, settings.destPrefix);
      await pipeline(body.stream, verifier, async (verified) => {
        await readZip(verified, name, async (entry) => {
          const destination = `${folder}${entry.name}`;
          const owner = settings.claimed.get(destination);
          if (owner !== void 0 && owner !== name) {
            throw own(
              new CoreError(
                "CORE_UNSAFE_ENTRY_NAME",
                `zip ${name}: entry ${entry.name} must not overwrite ${destination}, the copy of ${owner}`,
                { object: name, entry: entry.name, value: destination }
              )
            );
          }
          const upload = newUpload(destination, entry.name);
          await drainInto(entry.data, upload, entry.name);
          await upload.stage();
        }).catch((error2) => {
          throw own(error2);
        });
      });
    } else {
      const destination = item.destination[0];
      const upload = newUpload(destination);
      const sink = async (data) => drainInto(data, upload);
      if (item.format === "gzip") {
        const gunzip = createGunzip({ chunkSize: 64 * 1024 });
        gunzip.once("error", own);
        await pipeline(body.stream, verifier, gunzip, sink);
      } else await pipeline(body.stream, verifier, sink);
    }
    if (!verifier.verified) {
      throw new CoreError("CORE_TRUNCATED_ARCHIVE", `copy of ${name}: the download must be read to its end`, {
        object: name
      });
    }
    for (const upload of uploads) committed.push(await upload.finish());
    return committed;
  } catch (caught) {
    const error2 = ownFailure ?? caught;
    await Promise.all(uploads.map((upload) => upload.abort()));
    for (const done of committed) {
      await settings.destination.delete(done.name).catch((deleteError) => {
        logger.warn(`copy: could not remove ${done.name} after a failed copy: ${errorMessage(deleteError)}`);
      });
    }
    throw mapDecodeError(error2, name);
  }
}
function mapDecodeError(error2, object) {
  if (isCoreError(error2)) return error2;
  const code = error2?.code;
  if (code === "Z_BUF_ERROR") {
    return new CoreError(
      "CORE_TRUNCATED_ARCHIVE",
      `gunzip of ${object}: the gzip data must be complete, got an unexpected end of data`,
      { object },
      { cause: error2 }
    );
  }
  if (code === "Z_DATA_ERROR" || code === "ERR_ZLIB_INITIALIZATION_FAILED") {
    return new CoreError(
      "CORE_CORRUPT_ARCHIVE",
      `gunzip of ${object}: the data must be valid gzip, got ${errorMessage(error2)}`,
      { object },
      { cause: error2 }
    );
  }
  return error2;
}
function positiveInteger(value, option) {
  if (!Number.isInteger(value) || value < 1) {
    throw new CoreError("CORE_INVALID_OPTION", `copy: ${option} must be a positive integer, got ${value}`, {
      value: String(value)
    });
  }
  return value;
}
function nonNegativeInteger(value, option) {
  if (!Number.isInteger(value) || value < 0) {
    throw new CoreError(
      "CORE_INVALID_OPTION",
      `copy: ${option} must be a non-negative integer, got ${value}`,
      {
        value: String(value)
      }
    );
  }
  return value;
}
function positiveNumber(value, option) {
  if (!(value > 0)) {
    throw new CoreError("CORE_INVALID_OPTION", `copy: ${option} must be a positive number, got ${value}`, {
      value: String(value)
    });
  }
  return value;
}

// ../core/src/copy/copy-reports.ts
var REPORTS_NAMESPACE = "bling";
async function copyReports(options) {
  const logger = options.logger ?? silentLogger;
  const window = resolveWindow(options.window);
  if (options.destination.bucket.trim() === "") {
    throw new CoreError("CORE_INVALID_OPTION", "destination.bucket: must name a bucket, got an empty string");
  }
  const auth = await createAuth(options.auth, {
    logger,
    ...options.fetch ? { fetch: options.fetch } : {}
  });
  const clients = [];
  try {
    const tenancy = options.tenancy ?? auth.tenancy;
    const sourceBucket = options.sourceBucket ?? tenancy;
    if (sourceBucket === void 0 || sourceBucket === "") {
      throw new CoreError(
        "CORE_INVALID_OPTION",
        "tenancy: the source bucket is the tenancy OCID and these credentials do not name one; give tenancy or sourceBucket, got nothing"
      );
    }
    const signal = options.signal ? { signal: options.signal } : {};
    const homeRegion = await resolveHomeRegion({
      auth,
      ...tenancy === void 0 ? {} : { tenancy },
      homeRegion: options.homeRegion,
      ...options.endpoint === void 0 ? {} : { endpoint: options.endpoint },
      logger,
      ...signal
    });
    const destRegion = options.destination.region ?? auth.region;
    const endpoint = options.endpoint === void 0 ? {} : { endpoint: options.endpoint };
    const sourceClient = createObjectStorageClient({
      auth,
      ...homeRegion === void 0 ? {} : { region: homeRegion },
      ...endpoint
    });
    clients.push(sourceClient);
    const destClient = destRegion === homeRegion ? sourceClient : createObjectStorageClient({
      auth,
      ...destRegion === void 0 ? {} : { region: destRegion },
      ...endpoint
    });
    if (destClient !== sourceClient) clients.push(destClient);
    const destNamespace = options.destination.namespace ?? await discoverNamespace(destClient, { logger, ...signal });
    const source = createObjectStore({
      client: sourceClient,
      namespace: options.sourceNamespace ?? REPORTS_NAMESPACE,
      bucket: sourceBucket,
      ...homeRegion === void 0 ? {} : { region: homeRegion },
      logger
    });
    const destination = createObjectStore({
      client: destClient,
      namespace: destNamespace,
      bucket: options.destination.bucket,
      ...destRegion === void 0 ? {} : { region: destRegion },
      logger
    });
    logger.info(
      `copy: ${source.namespace}/${source.bucket} (${homeRegion ?? "endpoint"}) → ${destination.namespace}/${destination.bucket} (${destRegion ?? "endpoint"})`
    );
    return await copyObjects({
      source,
      destination,
      window,
      logger,
      ...pick(options, [
        "keepCompressed",
        "concurrency",
        "dryRun",
        "force",
        "partSize",
        "maxPartsInFlight",
        "limits",
        "signal",
        "onProgress",
        "toolVersion"
      ]),
      ...options.destination.prefix === void 0 ? {} : { destPrefix: options.destination.prefix }
    });
  } finally {
    for (const client of clients) client.close();
    auth.close?.();
  }
}
function pick(options, keys) {
  const out = {};
  for (const key of keys) {
    const value = options[key];
    if (value !== void 0) out[key] = value;
  }
  return out;
}

// src/copy-main.ts
var readInput = (name) => getInput(name);
async function copyMain() {
  maskSecretInputs(readInput);
  silenceSdkRetryWarnings();
  setOutputs(COPY_OUTPUTS, COPY_OUTPUT_DEFAULTS);
  const inputs = parseCopyInputs(readInput);
  warnIgnoredInputs(inputs);
  assertOidcAvailable(inputs);
  const logger = createActionLogger();
  const cancellation = cancelOnSignals();
  let result;
  try {
    result = await copyReports({
      auth: authOptionsOf(inputs),
      tenancy: inputs.auth.tenancy,
      ...inputs.homeRegion !== void 0 && { homeRegion: inputs.homeRegion },
      destination: {
        ...inputs.destination,
        ...inputs.region !== void 0 && { region: inputs.region }
      },
      window: inputs.window,
      ...inputs.endpoint !== void 0 && { endpoint: inputs.endpoint },
      keepCompressed: inputs.keepCompressed,
      concurrency: inputs.concurrency,
      dryRun: inputs.dryRun,
      logger,
      signal: cancellation.signal,
      fetch: maskingFetch()
    });
  } catch (error2) {
    logger.flushWarnings([]);
    throw error2;
  } finally {
    cancellation.dispose();
  }
  setOutputs(COPY_OUTPUTS, copyOutputsOf(result));
  const failed2 = result.objects.filter((object) => object.outcome === "failed");
  logger.flushWarnings(failed2.map((object) => object.source));
  const notStarted = failed2.filter((object) => object.errorCode === "CORE_ABORTED");
  for (const object of failed2.filter((o) => o.errorCode !== "CORE_ABORTED")) {
    error(redact(`${object.source}: ${object.reason ?? "failed"}`), {
      title: "OCI FOCUS copy: object failed"
    });
  }
  await writeSummary(copySummary(result, inputs));
  if (notStarted.length > 0) {
    throw new ActionError(
      "ACTION_CANCELLED",
      `cancelled (${cancellation.cause() ?? "aborted"}): ${count(notStarted.length, "object")} not copied, ${result.totals.copied} copied; a re-run copies the rest`
    );
  }
  if (failed2.length > 0) {
    throw new ActionError(
      "ACTION_ITEMS_FAILED",
      `${failed2.length} of ${count(result.objects.length, "object")} failed to copy (see the annotations); the rest were copied or skipped`
    );
  }
}
function copyOutputsOf(result) {
  const written = result.objects.filter((o) => o.outcome === (result.dryRun ? "planned" : "copied"));
  return {
    copied: String(result.dryRun ? result.totals.planned : result.totals.copied),
    skipped: String(result.totals.skipped),
    failed: String(result.totals.failed),
    bytesWritten: String(result.dryRun ? 0 : result.totals.bytesOut),
    objects: JSON.stringify(written.flatMap((o) => o.destination))
  };
}
var OUTCOME_ORDER = { failed: 0, copied: 1, planned: 2, skipped: 3 };
function copySummary(result, inputs) {
  const { window, totals } = result;
  const destination = `${inputs.destination.namespace ?? "(tenancy namespace)"}/${inputs.destination.bucket}${inputs.destination.prefix !== void 0 ? `/${inputs.destination.prefix}` : ""}`;
  const rows = [...result.objects].sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || a.source.localeCompare(b.source)).map((o) => ({
    cells: [
      o.outcome === "copied" && o.action === "recopy" ? "recopied" : o.outcome,
      o.source,
      o.destination.join("\n"),
      o.outcome === "skipped" ? "" : formatBytes(o.bytesIn),
      o.outcome === "copied" ? formatBytes(o.bytesOut) : "",
      o.reason ?? ""
    ]
  }));
  return {
    title: result.dryRun ? "OCI FOCUS export (dry run: nothing written)" : "OCI FOCUS export",
    facts: [
      [
        "Window",
        `${window.kind} reports, ${window.from} to ${window.to} (${count(window.days.length, "day")}, UTC)`
      ],
      ["Destination", destination]
    ],
    headers: ["Outcome", "Source", "Destination", "Read", "Written", "Reason"],
    rows,
    empty: "No report objects in the window.",
    totals: [
      [result.dryRun ? "Planned" : "Copied", String(result.dryRun ? totals.planned : totals.copied)],
      ["Skipped (up to date)", String(totals.skipped)],
      ["Failed", String(totals.failed)],
      ["Read", formatBytes(totals.bytesIn)],
      ["Written", `${formatBytes(totals.bytesOut)} (${totals.bytesOut} bytes)`]
    ]
  };
}

// src/entry-copy.ts
await runAction(copyMain);
