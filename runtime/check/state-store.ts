// The visited set: every distinct state exactly once, as int32 words copied into
// big arena chunks, found again through an open-addressing hash table of state
// ids. No string keys and no object per state, so lookups cost a hash over the
// words plus (on a hit) one word-by-word comparison.
//
// A stored entry is the machine's state vector with every run of zeros written
// as [0, length] when that makes it at least a quarter shorter (states that are
// mostly empty stacks and unused slots shrink severalfold), else its words as
// they are — so a stored entry is plain exactly when it is as long as the
// vector, and a state's form depends on the state alone. Then come
// `extraWords` words the explorer adds itself (with a preemption bound: the
// last actor and the preemptions used, which are part of a node's identity
// there). Most lookups are hits, so probe() works on the raw vector — hashing
// it and comparing against the stored form directly — and only a new state is
// compressed. Plain entries are
// copied in and out whole (the lessons' states have short zero runs: the
// compressed form would save only ~4 % of their words).

import { GrowableInt32 } from './growable.ts';

const CHUNK_BITS = 20;
const CHUNK_WORDS = 1 << CHUNK_BITS;
/**
 * The first chunk's size: most checks store a few thousand states, and a
 * zero-filled 4 MB chunk for each of them (two per failing check) was a good
 * part of their time. Each next chunk doubles, up to CHUNK_WORDS.
 */
const FIRST_CHUNK_WORDS = 1 << 14;
const OFFSET_MASK = CHUNK_WORDS - 1;
/** chunk index << CHUNK_BITS must stay a non-negative int32 */
const MAX_CHUNKS = 1 << (31 - CHUNK_BITS);

export class StateStore {
  readonly extraWords: number;
  private chunks: Int32Array[] = [];
  private chunkFill = 0;
  /** words in the chunks before the last one */
  private fullWords = 0;
  /** where each node starts: chunk index << CHUNK_BITS | offset in the chunk */
  private placeOf = new GrowableInt32();
  /** stored words of each node (compressed state + extras) */
  private lengthOf = new GrowableInt32();
  /** length of each node's machine state before compression */
  private rawLengthOf = new GrowableInt32();
  /** wordHash() of each node's machine state (kept with extra words, for find()) */
  private wordHashOf = new GrowableInt32();
  /**
   * Slot pairs [id + 1, hash] (0: empty), so most misses and all rehashing
   * need not touch the per-node arrays or the arena.
   */
  private table: Int32Array;
  private mask: number;
  /** set by probe(): the probed vector, its hash and its free slot */
  private probed: Int32Array = new Int32Array(0);
  private probeWords = 0;
  private probeHash = 0;
  private probeSlot = 0;
  private scratch = new Int32Array(256);

  constructor(extraWords = 0, initialCapacity = 1 << 12) {
    this.extraWords = extraWords;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.table = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.lengthOf.length;
  }

  /** words held by the arena (for memory figures and the memory cap) */
  get arenaWords(): number {
    return this.fullWords + this.chunkFill;
  }

  /**
   * Looks the node (state + extras x, y) up. Returns its id, or -1 when it is
   * new; then insertProbed() stores it without hashing again.
   */
  probe(raw: Int32Array, x = 0, y = 0): number {
    const words = this.wordHash(raw);
    const h = this.withExtras(words, x, y);
    const table = this.table;
    const mask = this.mask;
    const rawLengths = this.rawLengthOf.data;
    const n = raw.length;
    this.probeWords = words;
    let slot = h & mask;
    for (;;) {
      const entry = table[2 * slot]!;
      if (entry === 0) break;
      if (table[2 * slot + 1] === h && rawLengths[entry - 1] === n && this.equals(entry - 1, raw, x, y)) return entry - 1;
      slot = (slot + 1) & mask;
    }
    this.probed = raw;
    this.probeHash = h;
    this.probeSlot = slot;
    return -1;
  }

  /**
   * Looks the node (state + extras x, y) up without preparing an insertion: its
   * id, or -1. `words` is wordHash(raw), so trying several extras hashes the
   * state once.
   */
  find(raw: Int32Array, x: number, y: number, words = this.wordHash(raw)): number {
    const h = this.withExtras(words, x, y);
    const table = this.table;
    const mask = this.mask;
    const rawLengths = this.rawLengthOf.data;
    let slot = h & mask;
    for (;;) {
      const entry = table[2 * slot]!;
      if (entry === 0) return -1;
      if (table[2 * slot + 1] === h && rawLengths[entry - 1] === raw.length && this.equals(entry - 1, raw, x, y)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** wordHash() of node `id`'s machine state (stores with extra words only) */
  wordHashOfNode(id: number): number {
    return this.wordHashOf.data[id]!;
  }

  /**
   * The hash of the machine state's words alone (see find()). Every probe
   * hashes a whole vector, so this is one of the explorer's hottest loops: two
   * independent lanes (even and odd words) of xor, multiply and rotate, each
   * step a bijection of the lane, so vectors differing in one word always
   * differ here; no branch per word (skipping zero words, as it once did, cost a
   * mispredicted branch on every other word of a typical state: ~3× slower).
   * fmix() finishes it in withExtras().
   */
  wordHash(raw: Int32Array): number {
    const n = raw.length;
    let a = 0x9747b28c ^ n;
    let b = 0x85ebca6b;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      a = Math.imul(a ^ raw[i]!, 0x9e3779b1);
      a = (a << 13) | (a >>> 19);
      b = Math.imul(b ^ raw[i + 1]!, 0xc2b2ae35);
      b = (b << 17) | (b >>> 15);
    }
    if (i < n) a = Math.imul(a ^ raw[i]!, 0x27d4eb2f);
    return a ^ Math.imul(b, 5);
  }

  private withExtras(words: number, x: number, y: number): number {
    return fmix(this.extraWords > 0 ? mix(mix(words, x), y) : words);
  }

  /** Stores the vector last passed to probe() (which returned -1); returns its id. */
  insertProbed(x = 0, y = 0): number {
    const raw = this.probed;
    const packed = this.pack(raw) ?? raw;
    const n = packed.length;
    const total = n + this.extraWords;
    if (total > CHUNK_WORDS) throw new RangeError(`a state of ${raw.length} words is larger than the checker can store`);
    const count = this.chunks.length;
    if (count === 0 || this.chunkFill + total > this.chunks[count - 1]!.length) {
      if (count >= MAX_CHUNKS) throw new RangeError('the visited set is full (8 GB of states)');
      let size = count === 0 ? FIRST_CHUNK_WORDS : Math.min(CHUNK_WORDS, this.chunks[count - 1]!.length * 2);
      while (size < total) size *= 2;
      if (count > 0) this.fullWords += this.chunkFill;
      this.chunks.push(new Int32Array(size));
      this.chunkFill = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    const at = this.chunkFill;
    chunk.set(packed, at);
    if (this.extraWords > 0) {
      chunk[at + n] = x;
      chunk[at + n + 1] = y;
    }
    this.chunkFill = at + total;
    const id = this.lengthOf.length;
    this.placeOf.push(((this.chunks.length - 1) << CHUNK_BITS) | at);
    this.lengthOf.push(total);
    this.rawLengthOf.push(raw.length);
    if (this.extraWords > 0) this.wordHashOf.push(this.probeWords);
    this.table[2 * this.probeSlot] = id + 1;
    this.table[2 * this.probeSlot + 1] = this.probeHash;
    if ((id + 1) * 2 > this.mask) {
      this.table = grownTable(this.table, this.mask);
      this.mask = (this.mask << 1) | 1;
    }
    return id;
  }

  /**
   * The machine state of node `id`. A plain entry comes back as a view of the
   * arena, not a copy (states are never mutated once handed out, and stored
   * words never change): expanding a node then copies nothing.
   */
  state(id: number): Int32Array {
    const place = this.placeOf.data[id]!;
    const chunk = this.chunks[place >>> CHUNK_BITS]!;
    const from = place & OFFSET_MASK;
    const to = from + this.lengthOf.data[id]! - this.extraWords;
    const n = this.rawLengthOf.data[id]!;
    if (to - from === n) return chunk.subarray(from, to);
    const out = new Int32Array(n);
    let o = 0;
    for (let i = from; i < to; i++) {
      const v = chunk[i]!;
      if (v === 0) o += chunk[++i]!; // already zero
      else out[o++] = v;
    }
    return out;
  }

  /** extra word k (0 or 1) of node `id` */
  extra(id: number, k: number): number {
    const place = this.placeOf.data[id]!;
    return this.chunks[place >>> CHUNK_BITS]![(place & OFFSET_MASK) + this.lengthOf.data[id]! - this.extraWords + k]!;
  }

  /**
   * The zero-run-compressed form of `raw`, in a scratch buffer valid until the
   * next call; undefined when it would not be at least a quarter shorter.
   */
  private pack(raw: Int32Array): Int32Array | undefined {
    if (this.scratch.length < raw.length * 2) this.scratch = new Int32Array(raw.length * 2);
    const out = this.scratch;
    let o = 0;
    const n = raw.length;
    const worth = n - (n >> 2);
    for (let i = 0; i < n; ) {
      if (o >= worth) return undefined;
      const v = raw[i]!;
      if (v !== 0) {
        out[o++] = v;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && raw[j] === 0) j++;
      out[o++] = 0;
      out[o++] = j - i;
      i = j;
    }
    return o >= worth && n > 0 ? undefined : out.subarray(0, o);
  }

  /** does stored node `id` hold `raw` (same raw length already checked) and the extras? */
  private equals(id: number, raw: Int32Array, x: number, y: number): boolean {
    if (this.extraWords > 0 && (this.extra(id, 0) !== x || this.extra(id, 1) !== y)) return false;
    return this.sameWords(id, raw);
  }

  /** does stored node `id` hold the machine state `raw` (same raw length already checked)? */
  private sameWords(id: number, raw: Int32Array): boolean {
    const place = this.placeOf.data[id]!;
    const chunk = this.chunks[place >>> CHUNK_BITS]!;
    const from = place & OFFSET_MASK;
    const to = from + this.lengthOf.data[id]! - this.extraWords;
    if (to - from === raw.length) {
      for (let i = from, r = 0; i < to; i++, r++) if (chunk[i] !== raw[r]) return false;
      return true;
    }
    return this.equalsPacked(chunk, from, to, raw);
  }

  private equalsPacked(chunk: Int32Array, from: number, to: number, raw: Int32Array): boolean {
    let r = 0;
    for (let i = from; i < to; i++) {
      const v = chunk[i]!;
      if (v !== 0) {
        if (raw[r++] !== v) return false;
        continue;
      }
      const end = r + chunk[++i]!;
      for (; r < end; r++) if (raw[r] !== 0) return false;
    }
    return true;
  }
}

/** the table of [id + 1, hash] slot pairs at twice the size, every entry placed again */
function grownTable(old: Int32Array, oldMask: number): Int32Array {
  const table = new Int32Array(old.length * 2);
  const mask = (oldMask << 1) | 1;
  for (let i = 0; i < old.length; i += 2) {
    if (old[i] === 0) continue;
    const h = old[i + 1]!;
    let slot = h & mask;
    while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = old[i]!;
    table[2 * slot + 1] = h;
  }
  return table;
}

// murmur3's per-word step (for the extra words) and finaliser: cheap, and good enough that states
// differing in one word land far apart.
function mix(h: number, v: number): number {
  let k = Math.imul(v, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
