// The checker on compiled C-dialect programs and the simulated machine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSource, checkSourceAsync, explore, prepareCheck, replay } from '../../runtime/check/index.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { createMachine } from '../../runtime/sim/index.ts';

const model = (name: string, n?: number) => {
  const text = readFileSync(new URL(`../../bench/models/${name}.c`, import.meta.url), 'utf8');
  return [{ name: `${name}.c`, text: n === undefined ? text : text.replace(/^#define N \d+$/m, `#define N ${n}`) }];
};
const unit = (text: string) => [{ name: 'm.c', text }];

describe('mutual exclusion', () => {
  it('passes a counter protected by a mutex, for 2 and 3 threads', () => {
    for (const n of [2, 3]) {
      const r = checkSource(model('mutex', n));
      expect(r.verdict, `N=${n}`).toBe('pass');
      expect(r.stats.states).toBeGreaterThan(10);
    }
  });

  it('fails the same counter without the lock, with a counterexample that replays', () => {
    const text = model('mutex', 2)[0]!.text.replace(/\s*pthread_mutex_(un)?lock\(&m\);/g, '');
    const r = checkSource(unit(text));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('assertion');
    expect(r.trace!.filter((s) => s.preemption).length).toBe(1);
    const lines = r.trace!.map((s) => s.pos?.line);
    expect(lines).toContain(10); // int t = counter;
    const compiled = compile(unit(text));
    const again = replay(createMachine(compiled.program!), r.schedule!);
    expect(again.error).toBeUndefined();
    expect(again.finding?.property).toBe('assertion');
    expect(again.trace.map((s) => s.op)).toEqual(r.trace!.map((s) => s.op));
  });

  it("passes Peterson's lock under SC and fails it under TSO", () => {
    expect(checkSource(model('peterson')).verdict).toBe('pass');
    const tso = checkSource(model('peterson'), { memoryModel: 'tso' });
    expect(tso.verdict).toBe('fail');
    expect(tso.property).toBe('assertion');
    expect(tso.options.memoryModel).toBe('tso');
  });
});

describe('deadlock and non-termination', () => {
  it('finds the dining philosophers deadlock for N = 3, with who waits for whom', () => {
    const r = checkSource(model('philosophers', 3));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('deadlock');
    expect(r.finding?.waits?.length).toBeGreaterThanOrEqual(3);
    expect(r.trace!.filter((s) => s.preemption)).toHaveLength(1);
  });

  it('reports a walk of a circular list as non-termination', () => {
    const r = checkSource(unit(`
struct node { int value; struct node *next; };
struct node a;
struct node b;
int main(void) {
  a.next = &b;
  b.next = &a;
  struct node *p = &a;
  while (p != 0) {
    p = p->next;
  }
  return 0;
}
`));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('non-termination');
    expect(r.loopStart).toBeGreaterThan(0);
    expect(r.finding?.pos?.line).toBeGreaterThanOrEqual(9);
    expect(r.finding?.pos?.line).toBeLessThanOrEqual(10);
  });

  it('passes a spin-wait on a flag that another thread sets', () => {
    const r = checkSource(unit(`
int flag;
void *setter(void *arg) {
  flag = 1;
  return 0;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, setter, 0);
  while (!flag) {
  }
  pthread_join(t, 0);
  return 0;
}
`));
    expect(r.verdict).toBe('pass');
  });

  it('passes the same spin-wait under TSO, where the store may sit in a buffer for a while', () => {
    const r = checkSource(unit(`
int flag;
void *setter(void *arg) {
  flag = 1;
  return 0;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, setter, 0);
  while (!flag) {
  }
  pthread_join(t, 0);
  return 0;
}
`), { memoryModel: 'tso' });
    expect(r.verdict).toBe('pass');
  });
});

describe('stopping at the first finding', () => {
  it('still returns the cheapest counterexample of the whole graph', () => {
    const cost = (r: ReturnType<typeof checkSource>) => [r.property, r.trace!.filter((s) => s.preemption).length, r.trace!.length];
    for (const [units, options] of [
      [model('philosophers', 3), {}],
      [model('peterson'), { memoryModel: 'tso' as const }],
      [unit(model('mutex', 3)[0]!.text.replace(/\s*pthread_mutex_(un)?lock\(&m\);/g, '')), {}],
    ] as const) {
      const fast = checkSource([...units], options);
      // a bound no path reaches, searched breadth-first to the end: the whole graph
      const prepared = prepareCheck(compile([...units]).program!, { ...options, preemptions: 40 });
      if ('error' in prepared) throw new Error('cannot prepare');
      const whole = explore(prepared.system, prepared.options, 'breadth-first');
      expect(fast.verdict).toBe('fail');
      expect(cost(fast)).toEqual(cost(whole));
      expect(fast.stats.states).toBeLessThan(whole.stats.states);
    }
  });
});

describe('errors and options', () => {
  it('turns compile errors into verdict error with positions', () => {
    const r = checkSource(unit('int main(void) {\n  return x;\n}\n'));
    expect(r.verdict).toBe('error');
    expect(r.diagnostics[0]).toMatchObject({ file: 'm.c', line: 2 });
  });

  it('rejects an unknown property and a program without main', () => {
    const bad = checkSource(model('mutex', 2), { properties: ['no_such_thing'] });
    expect(bad.verdict).toBe('error');
    expect(bad.diagnostics[0]!.message).toMatch(/unknown property 'no_such_thing'/);
    const noMain = checkSource(unit('int x;\n'));
    expect(noMain.verdict).toBe('error');
    expect(noMain.diagnostics.map((d) => d.message).join()).toMatch(/main/);
  });

  it('is inconclusive, not pass, when the state bound is too small', () => {
    const r = checkSource(model('mutex', 3), { maxStates: 20 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('states');
  });

  it('gives the same result synchronously and asynchronously, every time', async () => {
    const a = checkSource(model('philosophers', 3));
    const b = await checkSourceAsync(model('philosophers', 3));
    const strip = (r: typeof a) => ({ ...r, stats: { ...r.stats, elapsedMs: 0, statesPerSecond: 0 } });
    expect(strip(a)).toEqual(strip(b));
  });

  it('can be cancelled while it runs asynchronously, reporting progress', async () => {
    const signal = { aborted: false };
    const seen: number[] = [];
    const pending = checkSourceAsync(model('philosophers', 6), {
      signal,
      onProgress: (p) => {
        seen.push(p.states);
        if (seen.length === 2) signal.aborted = true;
      },
    });
    const r = await pending;
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('cancelled');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[1]!).toBeGreaterThanOrEqual(seen[0]!);
  });

  it('samples a large model with a seed', () => {
    const r = checkSource(model('philosophers', 4), { strategy: { kind: 'random', seed: 9, runs: 500 } });
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('deadlock');
  });
});
