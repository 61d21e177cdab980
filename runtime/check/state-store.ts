// The visited set: every distinct state exactly once, as int32 words copied into
// big arena chunks, found again through an open-addressing hash table of state
// ids. No string keys and no object per state, so lookups cost a hash over the
// words plus (on a hit) one word-by-word comparison.
//
// A stored entry is the machine's state vector followed by `extraWords` words
// the explorer adds itself (with a preemption bound: the last actor and the
// preemptions used, which are part of a search node's identity there).

import { GrowableInt32 } from './growable.ts';

const CHUNK_WORDS = 1 << 20;

export class StateStore {
  readonly extraWords: number;
  private chunks: Int32Array[] = [];
  private chunkFill = CHUNK_WORDS; // forces a first chunk
  private chunkOf = new GrowableInt32();
  private offsetOf = new GrowableInt32();
  private lengthOf = new GrowableInt32();
  private hashOf = new GrowableInt32();
  private table: Int32Array;
  private mask: number;
  /** set by probe(): where the probed vector's hash and free slot are */
  private probeHash = 0;
  private probeSlot = 0;

  constructor(extraWords = 0, initialCapacity = 1 << 12) {
    this.extraWords = extraWords;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.lengthOf.length;
  }

  /** words held by the arena (for memory figures) */
  get arenaWords(): number {
    return this.chunks.length === 0 ? 0 : (this.chunks.length - 1) * CHUNK_WORDS + this.chunkFill;
  }

  /**
   * Looks the node (state + extras x, y) up. Returns its id, or -1 when it is
   * new; then insertProbed() stores it without hashing again.
   */
  probe(state: Int32Array, x = 0, y = 0): number {
    const n = state.length;
    let h = 0x9747b28c ^ n;
    for (let i = 0; i < n; i++) h = mix(h, state[i]!);
    if (this.extraWords > 0) h = mix(mix(h, x), y);
    h = fmix(h);
    this.probeHash = h;
    const table = this.table;
    const mask = this.mask;
    const total = n + this.extraWords;
    let slot = h & mask;
    for (;;) {
      const entry = table[slot]!;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashOf.data[id] === h && this.lengthOf.data[id] === total && this.equals(id, state, x, y)) return id;
      slot = (slot + 1) & mask;
    }
    this.probeSlot = slot;
    return -1;
  }

  /** Stores the vector last passed to probe() (which returned -1); returns its id. */
  insertProbed(state: Int32Array, x = 0, y = 0): number {
    const n = state.length;
    const total = n + this.extraWords;
    if (this.chunkFill + total > CHUNK_WORDS || this.chunks.length === 0) {
      this.chunks.push(new Int32Array(Math.max(CHUNK_WORDS, total)));
      this.chunkFill = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    const at = this.chunkFill;
    chunk.set(state, at);
    if (this.extraWords > 0) {
      chunk[at + n] = x;
      chunk[at + n + 1] = y;
    }
    this.chunkFill = at + total;
    const id = this.lengthOf.length;
    this.chunkOf.push(this.chunks.length - 1);
    this.offsetOf.push(at);
    this.lengthOf.push(total);
    this.hashOf.push(this.probeHash);
    this.table[this.probeSlot] = id + 1;
    if ((id + 1) * 2 > this.table.length) this.rehash();
    return id;
  }

  /** The machine state of node `id` (a view into the arena: never mutate it). */
  state(id: number): Int32Array {
    const at = this.offsetOf.data[id]!;
    return this.chunks[this.chunkOf.data[id]!]!.subarray(at, at + this.lengthOf.data[id]! - this.extraWords);
  }

  /** extra word k (0 or 1) of node `id` */
  extra(id: number, k: number): number {
    const at = this.offsetOf.data[id]! + this.lengthOf.data[id]! - this.extraWords + k;
    return this.chunks[this.chunkOf.data[id]!]![at]!;
  }

  private equals(id: number, state: Int32Array, x: number, y: number): boolean {
    const chunk = this.chunks[this.chunkOf.data[id]!]!;
    const at = this.offsetOf.data[id]!;
    const n = state.length;
    for (let i = 0; i < n; i++) if (chunk[at + i] !== state[i]) return false;
    if (this.extraWords > 0) return chunk[at + n] === x && chunk[at + n + 1] === y;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    const hashes = this.hashOf.data;
    for (let id = 0; id < this.lengthOf.length; id++) {
      let slot = hashes[id]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

// murmur3's per-word step and finaliser: cheap, and good enough that states
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
