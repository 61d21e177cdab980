import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateStore } from '../../runtime/check/state-store.ts';

// vectors with long zero runs, like machine states (empty stacks)
const vector = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 60 })
  .map((a) => Int32Array.from(a));

describe('the visited set', () => {
  it('stores each distinct vector once and gives it back unchanged', () => {
    fc.assert(fc.property(fc.array(vector, { maxLength: 80 }), (vectors) => {
      const store = new StateStore(0, 4);
      const ids = new Map<string, number>();
      for (const v of vectors) {
        const key = v.join(',') + `#${v.length}`;
        let id = store.probe(v);
        if (id < 0) {
          expect(ids.has(key)).toBe(false);
          id = store.insertProbed();
          ids.set(key, id);
        }
        expect(id).toBe(ids.get(key));
      }
      expect(store.size).toBe(ids.size);
      for (const [key, id] of ids) expect(store.state(id).join(',') + `#${store.state(id).length}`).toBe(key);
    }));
  });

  it('tells apart vectors that differ only in trailing or leading zeros', () => {
    const store = new StateStore();
    for (const v of [[0], [0, 0], [], [1, 0], [0, 1], [1], [0, 0, 1]]) {
      expect(store.probe(Int32Array.from(v))).toBe(-1);
      store.insertProbed();
    }
    expect(store.size).toBe(7);
    expect(Array.from(store.state(4))).toEqual([0, 1]);
  });

  it("keeps the explorer's extra words as part of the identity", () => {
    const store = new StateStore(2);
    const v = Int32Array.from([0, 0, 7]);
    store.probe(v, 1, 0);
    const a = store.insertProbed(1, 0);
    expect(store.probe(v, 1, 1)).toBe(-1);
    const b = store.insertProbed(1, 1);
    expect(store.probe(v, 1, 0)).toBe(a);
    expect(store.extra(b, 1)).toBe(1);
    expect(Array.from(store.state(b))).toEqual([0, 0, 7]);
  });

  it('grows its table past many thousands of states', () => {
    const store = new StateStore(0, 4);
    for (let i = 0; i < 50_000; i++) {
      const v = Int32Array.from([i, 0, 0, 0, i % 7]);
      expect(store.probe(v)).toBe(-1);
      store.insertProbed();
    }
    expect(store.probe(Int32Array.from([12345, 0, 0, 0, 12345 % 7]))).toBe(12345);
  });

  it('stores a vector with few zeros as it is and one with long zero runs compressed, and gives both back', () => {
    const store = new StateStore(2);
    const dense = Int32Array.from({ length: 40 }, (_, i) => (i % 9 === 0 ? 0 : i + 1));
    const sparse = Int32Array.from({ length: 40 }, (_, i) => (i === 3 || i === 30 ? 7 : 0));
    store.probe(dense, 1, 0);
    const a = store.insertProbed(1, 0);
    store.probe(sparse, 1, 0);
    const b = store.insertProbed(1, 0);
    // dense: its 40 words as they are (compressed, each lone zero would take two);
    // sparse: [0, 3, 7, 0, 26, 7, 0, 9]; each then the two extras
    expect(store.arenaWords).toBe(40 + 2 + 8 + 2);
    expect(Array.from(store.state(a))).toEqual(Array.from(dense));
    expect(Array.from(store.state(b))).toEqual(Array.from(sparse));
    expect(store.probe(dense, 1, 0)).toBe(a);
    expect(store.probe(sparse, 1, 0)).toBe(b);
    expect(store.probe(sparse, 1, 1)).toBe(-1);
  });

  it('finds a node by state and extras without disturbing a pending insertion', () => {
    const store = new StateStore(2);
    const v = Int32Array.from([5, 0, 0, 0, 0, 0, 6]);
    const w = Int32Array.from([5, 0, 0, 0, 0, 0, 7]);
    store.probe(v, 2, 0);
    const a = store.insertProbed(2, 0);
    expect(store.probe(w, 2, 1)).toBe(-1);
    expect(store.find(v, 2, 0, store.wordHashOfNode(a))).toBe(a);
    expect(store.find(v, 2, 1)).toBe(-1);
    expect(store.find(w, 2, 1)).toBe(-1);
    const b = store.insertProbed(2, 1);
    expect(Array.from(store.state(b))).toEqual(Array.from(w));
    expect(store.find(w, 2, 1)).toBe(b);
  });
});
