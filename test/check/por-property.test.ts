// Property: on small random multi-threaded programs (globals, locals, a local
// array, pointers, calls, bounded loops, spin-waits, two locks, asserts and an
// invariant), the check with partial-order reduction gives the same verdict,
// property and counterexample as the full search, and a pass never needs more
// states in the reduced graph than in the full one. (Where the full graph is
// larger than the state limit, the reduced one may fit and pass.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../runtime/check/index.ts';

const global = fc.constantFrom('g0', 'g1', 'g2');
const small = fc.integer({ min: 0, max: 2 });
const lock = fc.constantFrom('m', 'm', 'n');

const expr = fc.oneof(
  small.map(String),
  global,
  fc.constantFrom('r', 'a[0]', 'a[1]', '*p'),
  fc.tuple(global, fc.constantFrom('+', '-', '^'), small).map(([g, op, k]) => `${g} ${op} ${k}`),
);

const simple = fc.oneof(
  fc.tuple(global, expr).map(([g, e]) => `${g} = ${e};`),
  expr.map((e) => `r = ${e};`),
  fc.tuple(small, expr).map(([i, e]) => `a[${i % 2}] = ${e};`),
  fc.tuple(global, small).map(([g, k]) => `assert(${g} != ${k + 1});`),
  small.map((k) => `assert(r <= ${k + 1});`),
  global.map((g) => `p = &${g};`),
  expr.map((e) => `*p = ${e};`),
  fc.constant('bump();'),
);

const statement: fc.Arbitrary<string> = fc.letrec<{ stmt: string }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    simple,
    simple,
    fc.tuple(lock, fc.array(tie('stmt'), { minLength: 1, maxLength: 2 })).map(([l, body]) => `pthread_mutex_lock(&${l}); ${body.join(' ')} pthread_mutex_unlock(&${l});`),
    fc.array(tie('stmt'), { minLength: 1, maxLength: 2 }).map((body) => `for (int i = 0; i < 2; i++) { ${body.join(' ')} }`),
    fc.tuple(global, small, tie('stmt'), tie('stmt')).map(([g, k, a, b]) => `if (${g} == ${k}) { ${a} } else { ${b} }`),
    fc.tuple(global, small).map(([g, k]) => `while (${g} == ${k + 3}) { }`),
  ),
})).stmt;

const body = fc.array(statement, { minLength: 1, maxLength: 3 }).map((s) => s.join('\n  '));

const program = fc.record({
  threads: fc.array(body, { minLength: 2, maxLength: 3 }),
  main: fc.array(simple, { maxLength: 2 }),
  after: fc.array(simple, { maxLength: 1 }),
  invariant: fc.option(fc.tuple(global, small), { nil: undefined }),
}).map(({ threads, main, after, invariant }) => {
  const decls = `int g0; int g1; int g2; int b;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
${invariant ? `#pragma invariant inv\nint inv(void) { return ${invariant[0]} != ${invariant[1] + 2}; }` : ''}
void bump(void) { b = b + 1; }`;
  const fns = threads.map((t, i) => `void *t${i}(void *arg) {
  int r = 0; int a[2]; int *p = &g0; a[0] = 0; a[1] = 0;
  ${t}
  return 0;
}`).join('\n');
  return `${decls}
${fns}
int main(void) {
  int r = 0; int a[2]; int *p = &g1; a[0] = 0; a[1] = 0;
  pthread_t h[${threads.length}];
  for (int i = 0; i < ${threads.length}; i++) pthread_create(&h[i], 0, ${threads.length === 2 ? 'i == 0 ? t0 : t1' : 'i == 0 ? t0 : i == 1 ? t1 : t2'}, 0);
  ${main.join(' ')}
  for (int i = 0; i < ${threads.length}; i++) pthread_join(h[i], 0);
  ${after.join(' ')}
  return 0;
}`;
});

describe('partial-order reduction on random programs', () => {
  it('gives the verdict, property and counterexample of the full search', () => {
    fc.assert(
      // leaving lock-misuse out makes a release by another thread free the lock (no wall then)
      fc.property(program, fc.constantFrom<string[] | undefined>(undefined, ['assertion', 'deadlock'], ['assertion', 'non-termination']), (text, properties) => {
        const units = [{ name: 'random.c', text }];
        const options = properties === undefined ? { maxStates: 20_000 } : { maxStates: 20_000, properties };
        const full = checkSource(units, { ...options, reduction: false });
        const reduced = checkSource(units, { ...options, reduction: true });
        expect(full.verdict).not.toBe('error');
        if (full.verdict === 'inconclusive' && full.limit === 'states') {
          // the reduced graph may fit where the full one does not: then it passes, truly
          expect(['pass', 'inconclusive']).toContain(reduced.verdict);
          return;
        }
        expect(reduced.verdict).toBe(full.verdict);
        expect(reduced.property).toBe(full.property);
        expect(reduced.schedule).toBe(full.schedule);
        if (reduced.stats.reducedStates !== undefined) expect(reduced.stats.reducedStates).toBeLessThanOrEqual(full.stats.states);
      }),
      { numRuns: 150, seed: 4 },
    );
  }, 300_000);
});
