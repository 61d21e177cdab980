// The classic litmus tests under the three memory models, against their known
// outcomes. Loads are never reordered in this machine (store buffers only), so LB
// and IRIW's weak outcomes are forbidden everywhere; see docs/SEMANTICS.md.
import { describe, expect, it } from 'vitest';
import { build, explore } from './harness.ts';

type Model = 'sc' | 'tso' | 'pso';

function litmus(threads: string[], extraGlobals = ''): string {
  const fns = threads.map((body, i) => `void *t${i + 1}(void *arg) { ${body} return 0; }`).join('\n');
  const create = threads.map((_, i) => `pthread_create(&h${i + 1}, 0, t${i + 1}, 0);`).join(' ');
  const join = threads.map((_, i) => `pthread_join(h${i + 1}, 0);`).join(' ');
  const handles = threads.map((_, i) => `h${i + 1}`).join(', ');
  return `int x; int y; int r1; int r2; int r3; int r4; ${extraGlobals}
${fns}
int main(void) { pthread_t ${handles}; ${create} ${join} return 0; }`;
}

function outcomes(src: string, model: Model, watch: string[]): Set<string> {
  const e = explore(build(src), { memoryModel: model }, watch);
  expect(e.findings).toEqual([]);
  return e.outcomes;
}

const SB = litmus(['x = 1; r1 = y;', 'y = 1; r2 = x;']);
const SB_MB = litmus(['x = 1; smp_mb(); r1 = y;', 'y = 1; smp_mb(); r2 = x;']);
const MP = litmus(['x = 1; y = 1;', 'r1 = y; r2 = x;']);
const MP_WMB = litmus(['x = 1; smp_wmb(); y = 1;', 'r1 = y; r2 = x;']);
const LB = litmus(['r1 = x; y = 1;', 'r2 = y; x = 1;']);
const W22 = litmus(['x = 1; y = 2;', 'y = 1; x = 2;']);
const IRIW = litmus(['x = 1;', 'y = 1;', 'r1 = x; r2 = y;', 'r3 = y; r4 = x;']);

// [name, source, watched globals, the weak outcome, allowed under sc, tso, pso]
const TABLE: [string, string, string[], string, [boolean, boolean, boolean]][] = [
  ['SB', SB, ['r1', 'r2'], 'r1=0 r2=0', [false, true, true]],
  ['SB+mb', SB_MB, ['r1', 'r2'], 'r1=0 r2=0', [false, false, false]],
  ['MP', MP, ['r1', 'r2'], 'r1=1 r2=0', [false, false, true]],
  ['MP+wmb', MP_WMB, ['r1', 'r2'], 'r1=1 r2=0', [false, false, false]],
  ['LB', LB, ['r1', 'r2'], 'r1=1 r2=1', [false, false, false]],
  ['2+2W', W22, ['x', 'y'], 'x=1 y=1', [false, false, true]],
  ['IRIW', IRIW, ['r1', 'r2', 'r3', 'r4'], 'r1=1 r2=0 r3=1 r4=0', [false, false, false]],
];

describe('litmus tests', () => {
  for (const [name, src, watch, weak, allowed] of TABLE) {
    (['sc', 'tso', 'pso'] as Model[]).forEach((model, i) => {
      it(`${name} under ${model}: ${weak} is ${allowed[i] ? 'allowed' : 'forbidden'}`, () => {
        const seen = outcomes(src, model, watch);
        expect(seen.has(weak)).toBe(allowed[i]);
        // every SC outcome stays possible in the weaker models
        for (const o of outcomes(src, 'sc', watch)) expect(seen.has(o)).toBe(true);
      });
    });
  }

  it('SB under sc has exactly the three interleaving outcomes', () => {
    expect([...outcomes(SB, 'sc', ['r1', 'r2'])].sort()).toEqual(['r1=0 r2=1', 'r1=1 r2=0', 'r1=1 r2=1']);
  });

  it('a thread reads its own newest buffered store', () => {
    const src = litmus(['x = 1; x = 2; r1 = x;', 'r2 = x;']);
    for (const model of ['tso', 'pso'] as Model[]) {
      const seen = outcomes(src, model, ['r1']);
      expect([...seen]).toEqual(['r1=2']);
    }
  });

  it('atomics are full barriers: SB with atomic_exchange forbids 0/0 under pso', () => {
    const src = litmus(['atomic_exchange(&x, 1); r1 = y;', 'atomic_exchange(&y, 1); r2 = x;']);
    expect(outcomes(src, 'pso', ['r1', 'r2']).has('r1=0 r2=0')).toBe(false);
  });

  it('lock operations are full barriers: SB with a lock/unlock pair between forbids 0/0 under tso and pso', () => {
    const src = litmus(['x = 1; pthread_mutex_lock(&m1); pthread_mutex_unlock(&m1); r1 = y;', 'y = 1; pthread_mutex_lock(&m2); pthread_mutex_unlock(&m2); r2 = x;'],
      'pthread_mutex_t m1; pthread_mutex_t m2;');
    expect(outcomes(src, 'tso', ['r1', 'r2']).has('r1=0 r2=0')).toBe(false);
    expect(outcomes(src, 'pso', ['r1', 'r2']).has('r1=0 r2=0')).toBe(false);
  });

  it('futex calls are full barriers too', () => {
    const src = litmus(['x = 1; futex_wake(&x, 1); r1 = y;', 'y = 1; futex_wake(&y, 1); r2 = x;']);
    expect(outcomes(src, 'tso', ['r1', 'r2']).has('r1=0 r2=0')).toBe(false);
  });

  it("Peterson's lock: exclusive under sc, broken under tso, repaired by smp_mb; pso also needs write barriers", () => {
    const peterson = (fence: string, release = '', mid = '') => `int flag0; int flag1; int turn; int inside;
      void *p0(void *a) { flag0 = 1; ${mid} turn = 1; ${fence} while (flag1 && turn == 1) { } inside = inside + 1; assert(inside == 1); inside = inside - 1; ${release} flag0 = 0; return 0; }
      void *p1(void *a) { flag1 = 1; ${mid} turn = 0; ${fence} while (flag0 && turn == 0) { } inside = inside + 1; assert(inside == 1); inside = inside - 1; ${release} flag1 = 0; return 0; }
      int main(void) { pthread_t a, b; pthread_create(&a, 0, p0, 0); pthread_create(&b, 0, p1, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; }`;
    const kindsOf = (src: string, memoryModel: Model) => [...new Set(explore(build(src), { memoryModel }).findings.map((f) => f.kind))];
    expect(kindsOf(peterson(''), 'sc')).toEqual([]);
    expect(kindsOf(peterson(''), 'tso')).toEqual(['assertion']);
    expect(kindsOf(peterson('smp_mb();'), 'tso')).toEqual([]);
    // under pso the turn store can overtake the flag store, and the unlock the critical section's stores
    expect(kindsOf(peterson('smp_mb();'), 'pso')).toEqual(['assertion']);
    expect(kindsOf(peterson('smp_mb();', 'smp_wmb();'), 'pso')).toEqual(['assertion']);
    expect(kindsOf(peterson('smp_mb();', '', 'smp_wmb();'), 'pso')).toEqual(['assertion']);
    expect(kindsOf(peterson('smp_mb();', 'smp_wmb();', 'smp_wmb();'), 'pso')).toEqual([]);
  });

  it('barrier() is compiler-only: SB with barrier() still shows 0/0 under tso', () => {
    const src = litmus(['x = 1; barrier(); r1 = y;', 'y = 1; barrier(); r2 = x;']);
    expect(outcomes(src, 'tso', ['r1', 'r2']).has('r1=0 r2=0')).toBe(true);
  });

  it('smp_rmb() changes nothing (loads are never reordered): MP under pso still weak', () => {
    const src = litmus(['x = 1; y = 1;', 'r1 = y; smp_rmb(); r2 = x;']);
    expect(outcomes(src, 'pso', ['r1', 'r2']).has('r1=1 r2=0')).toBe(true);
  });
});
