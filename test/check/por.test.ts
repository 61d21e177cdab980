// Partial-order reduction (runtime/check/por.ts, runtime/sim/footprint.ts): each
// independence rule has a model that a reduction without that rule would pass
// wrongly; the reduced checker must fail it with the same counterexample as the
// full search. Passing models must pass with no more states than without reduction.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../build/cli/verify.ts';
import { checkSource } from '../../runtime/check/index.ts';
import type { CheckOptions, CheckResult } from '../../runtime/check/types.ts';

const unit = (text: string) => [{ name: 'm.c', text }];

function both(text: string, options: CheckOptions = {}): { reduced: CheckResult; full: CheckResult } {
  return {
    reduced: checkSource(unit(text), { ...options, reduction: true }),
    full: checkSource(unit(text), { ...options, reduction: false }),
  };
}

/** The reduced check fails exactly as the full one does, after a reduced search that did leave steps out. */
function failsLikeFull(text: string, property: string, options: CheckOptions = {}): void {
  const { reduced, full } = both(text, options);
  expect(full.verdict).toBe('fail');
  expect(full.property).toBe(property);
  expect(reduced.verdict).toBe('fail');
  expect(reduced.property).toBe(property);
  expect(reduced.schedule).toBe(full.schedule);
  expect(reduced.finding?.message).toBe(full.finding?.message);
  // a reduced search ran first (and left steps out), then the full one gave the counterexample
  expect(reduced.stats.states).toBeGreaterThan(full.stats.states);
}

/** Two threads started by main, which joins them; `globals` and the bodies are spliced in. */
function twoThreads(globals: string, a: string, b: string, between = ''): string {
  return `${globals}
void *ta(void *arg) { ${a} return 0; }
void *tb(void *arg) { ${b} return 0; }
int main(void) {
  pthread_t x1; pthread_t x2;
  pthread_create(&x1, 0, ta, 0); ${between}
  pthread_create(&x2, 0, tb, 0);
  pthread_join(x1, 0); pthread_join(x2, 0);
  return 0;
}`;
}

describe('partial-order reduction keeps every failure', () => {
  it('a store another thread may read is not taken alone', () => {
    // taking ta's stores first would always show tb the final value
    failsLikeFull(twoThreads('int x; int sa;', 'sa = 1; x = 1; x = 2; sa = 3;', 'int r = x; assert(r != 1);'), 'assertion');
  });

  it('a load another thread may write is not taken alone', () => {
    failsLikeFull(twoThreads('int x; int sa;', 'sa = 1; int r = x; sa = r; assert(r == 0);', 'x = 1;'), 'assertion');
  });

  it('a store an always-invariant reads is not taken alone, even where no step breaks it on its own', () => {
    const text = `#pragma invariant not_both
int x; int y; int sa; int sb;
int not_both(void) { return !(x == 1 && y == 1); }
void *ta(void *arg) { sa = 1; x = 1; x = 0; sa = 3; return 0; }
void *tb(void *arg) { sb = 1; y = 1; y = 0; sb = 3; return 0; }
int main(void) { pthread_t a; pthread_t b; pthread_create(&a, 0, ta, 0); pthread_create(&b, 0, tb, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; }`;
    failsLikeFull(text, 'not_both');
  });

  it('a store an at_exit invariant reads is not taken alone (the process may exit first)', () => {
    const text = `#pragma invariant at_exit wrote
int x; int sa; int z;
int wrote(void) { return x == 1; }
void *ta(void *arg) { sa = 1; x = 1; sa = 3; return 0; }
int main(void) { pthread_t a; pthread_create(&a, 0, ta, 0); z = 1; z = 2; return 0; }`;
    const { reduced, full } = both(text);
    expect(full.verdict).toBe('fail');
    expect(reduced.verdict).toBe('fail');
    expect(reduced.schedule).toBe(full.schedule);
  });

  it('a lock held by the stepping thread protects nothing when another thread may re-initialise it', () => {
    const text = twoThreads('pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER; int x; int sa;',
      'sa = 1; pthread_mutex_lock(&m); x = 1; x = 2; sa = 3; pthread_mutex_unlock(&m);',
      'pthread_mutex_init(&m, 0); pthread_mutex_lock(&m); assert(x != 1); pthread_mutex_unlock(&m);');
    failsLikeFull(text, 'assertion', { properties: ['assertion'] });
  });

  it('a lock protects nothing when another thread may store to it directly', () => {
    const text = twoThreads('pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER; int x; int sa;',
      'sa = 1; pthread_mutex_lock(&m); x = 1; x = 2; sa = 3; pthread_mutex_unlock(&m);',
      'm.__lock = 0; pthread_mutex_lock(&m); assert(x != 1); pthread_mutex_unlock(&m);');
    failsLikeFull(text, 'assertion', { properties: ['assertion'] });
  });

  it('with lock misuse unchecked, a release by another thread frees the lock, so it protects nothing', () => {
    const text = twoThreads('pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER; int x; int sa;',
      'sa = 1; pthread_mutex_lock(&m); x = 1; x = 2; sa = 3; pthread_mutex_unlock(&m);',
      'pthread_mutex_unlock(&m); pthread_mutex_lock(&m); assert(x != 1);');
    failsLikeFull(text, 'assertion', { properties: ['assertion'] });
  });

  it('a lock protects nothing when a thread that finds it held may clear it (a wall needs a lock nobody else may free)', () => {
    const text = twoThreads('pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER; int x; int sa; int inside;',
      'sa = 1; pthread_mutex_lock(&m); inside = 1; x = 1; x = 2; sa = 3; inside = 0; pthread_mutex_unlock(&m);',
      'int r = inside; if (r == 1) { m.__lock = 0; pthread_mutex_lock(&m); assert(x != 1); pthread_mutex_unlock(&m); }');
    failsLikeFull(text, 'assertion', { properties: ['assertion'] });
  });

  it('a loop index bounds the array elements it reaches exactly (no element is left out)', () => {
    failsLikeFull(twoThreads('int arr[2]; int sa;', 'sa = 1; arr[1] = 1; arr[1] = 2; sa = 3;',
      'for (int i = 0; i < 2; i++) { int r = arr[i]; assert(r != 1); }'), 'assertion');
  });

  it('a thread joining a thread that can still run is not frozen', () => {
    const text = `int x; int sa; int w;
void *ta(void *arg) { sa = 1; x = 1; x = 2; sa = 3; return 0; }
void *tb(void *arg) { w = 1; return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, ta, 0); pthread_create(&b, 0, tb, 0);
  pthread_join(b, 0);
  assert(x != 1);
  pthread_join(a, 0);
  return 0;
}`;
    failsLikeFull(text, 'assertion');
  });

  it('a thread not yet created counts: its start routine is part of its creator\'s future', () => {
    failsLikeFull(twoThreads('int x; int sa; int z;', 'sa = 1; x = 1; x = 2; sa = 3;', 'assert(x != 1);', 'z = 1; z = 2;'), 'assertion');
  });

  it('an access through a pointer the analysis cannot resolve may touch anything', () => {
    failsLikeFull(twoThreads('int x; int sa; int *p = &x;', 'sa = 1; x = 1; x = 2; sa = 3;', 'int *q = p; assert(*q != 1);'), 'assertion');
  });

  it('a called function\'s accesses count', () => {
    const text = `int x; int sa;
int peek(void) { return x; }
void *ta(void *arg) { sa = 1; x = 1; x = 2; sa = 3; return 0; }
void *tb(void *arg) { int r = peek(); assert(r != 1); return 0; }
int main(void) { pthread_t a; pthread_t b; pthread_create(&a, 0, ta, 0); pthread_create(&b, 0, tb, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; }`;
    failsLikeFull(text, 'assertion');
  });

  it('a step whose own tail fails an assertion is expanded fully (C2), and the finding is the full search\'s', () => {
    failsLikeFull(twoThreads('int x; int y; int spare;', 'spare = 1; int r = y; assert(r == 0);', 'y = 1; x = 1;'), 'assertion');
  });

  it('deadlocks are kept (every lock acquisition is dependent)', () => {
    const text = twoThreads('pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER; pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER; int x;',
      'x = 1; pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a);',
      'pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b);');
    failsLikeFull(text, 'deadlock');
  });

  it('non-termination: a cycle in the reduced graph sends the check to the full graph', () => {
    const text = twoThreads('int flag; int spare;', 'spare = 1; while (flag == 0) { spare = 2; }', 'spare = 3;');
    const { reduced, full } = both(text);
    expect(full.verdict).toBe('fail');
    expect(full.property).toBe('non-termination');
    expect(reduced.verdict).toBe('fail');
    expect(reduced.schedule).toBe(full.schedule);
    expect(reduced.loopStart).toBe(full.loopStart);
  });
});

describe('partial-order reduction saves states where it is sound', () => {
  const mutex = (n: number) => readFileSync(new URL('../../bench/models/mutex.c', import.meta.url), 'utf8').replace(/^#define N \d+$/m, `#define N ${n}`);

  it('passes the mutex model with fewer states, the same verdict', () => {
    for (const n of [2, 3, 4]) {
      const { reduced, full } = both(mutex(n));
      expect(full.verdict).toBe('pass');
      expect(reduced.verdict).toBe('pass');
      expect(reduced.property).toBe(full.property);
      expect(reduced.stats.states).toBeLessThan(full.stats.states);
      expect(reduced.stats.reducedStates).toBe(reduced.stats.states);
    }
  });

  it('a spin-free model passes with reduction although non-termination is checked (the reduced graph is acyclic)', () => {
    const text = twoThreads('int x; int y; int r1; int r2;', 'x = 1; r1 = y;', 'y = 1; r2 = x;');
    const { reduced, full } = both(text);
    expect(reduced.verdict).toBe('pass');
    expect(full.verdict).toBe('pass');
    expect(reduced.stats.states).toBeLessThanOrEqual(full.stats.states);
  });

  it('is off with a preemption bound, under TSO, and with faults: the same states as without', () => {
    for (const options of [{ preemptions: 1 }, { memoryModel: 'tso' as const }, { faults: { kill: { max: 1 } } }]) {
      const { reduced, full } = both(mutex(2), options);
      expect(reduced.verdict).toBe(full.verdict);
      expect(reduced.stats.states).toBe(full.stats.states);
    }
  });

  it('racecourse verify --no-reduction turns it off', () => {
    expect(parseArgs(['m.c', '--no-reduction'])).toMatchObject({ options: { reduction: false } });
    expect((parseArgs(['m.c']) as { options: CheckOptions }).options.reduction).toBeUndefined();
  });

  it('is deterministic', () => {
    const a = checkSource(unit(mutex(3)), { reduction: true });
    const b = checkSource(unit(mutex(3)), { reduction: true });
    expect(a.stats.states).toBe(b.stats.states);
    expect(a.stats.transitions).toBe(b.stats.transitions);
  });
});
