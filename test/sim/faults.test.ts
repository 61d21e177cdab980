// Fault injection: killing a thread (then the model's exit hook runs in its
// place) and delivering a signal (its handler interrupts the thread), with budgets.
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../runtime/sim/index.ts';
import { build, explore, kinds } from './harness.ts';

const KILLABLE = (after: string) => `int dead; int hooktid; pthread_mutex_t m;
void exit_hook(void) { dead = dead + 1; hooktid = gettid(); }
#pragma thread_exit_hook exit_hook
void *owner(void *a) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return 0; }
int main(void) { pthread_t t; pthread_create(&t, 0, owner, 0); pthread_join(t, 0); ${after} return 0; }`;

describe('kill', () => {
  it('a killed thread runs the exit hook as itself and finishes; without the fault nothing happens', () => {
    const p = build(KILLABLE(''));
    expect([...explore(p, {}, ['dead']).outcomes]).toEqual(['dead=0']);
    const e = explore(p, { faults: { kill: { threads: ['owner'], max: 1 } } }, ['dead', 'hooktid']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes].sort()).toEqual(['dead=0 hooktid=0', 'dead=1 hooktid=2']);
  });

  it('locks a killed thread held stay held (no lock-misuse, but the next taker deadlocks)', () => {
    const e = explore(build(KILLABLE('pthread_mutex_lock(&m); pthread_mutex_unlock(&m);')), { faults: { kill: { threads: ['owner'], max: 1 } } });
    expect(kinds(e)).toEqual(['deadlock']);
    expect(e.findings[0]!.message).toMatch(/lock m \(held by thread 2\)/);
  });

  it('kill transitions are faults, only for the named threads, within the budget', () => {
    const sys = createMachine(build(KILLABLE('')), { faults: { kill: { threads: ['owner'], max: 1 } } });
    let s = sys.initial().state;
    expect(sys.transitions(s).filter((t) => t.fault)).toEqual([]); // only main exists
    s = sys.step(s, sys.transitions(s)[0]!, false).state;
    const kills = sys.transitions(s).filter((t) => t.fault === 'kill');
    expect(kills.map((t) => t.actor)).toEqual([2]);
    s = sys.step(s, kills[0]!, false).state;
    expect(sys.transitions(s).filter((t) => t.fault)).toEqual([]); // budget spent
  });

  it('a thread asleep on a futex can be killed; the exit hook runs in its place and may wake others', () => {
    const src = `int word; int woken;
      void hook(void) { word = 1; futex_wake(&word, 1); }
      #pragma thread_exit_hook hook
      void *sleeper(void *a) { futex_wait(&word, 0); return 0; }
      void *waiter(void *a) { while (atomic_load(&word) == 0) futex_wait(&word, 0); woken = 1; return 0; }
      int main(void) { pthread_t s, w; pthread_create(&s, 0, sleeper, 0); pthread_create(&w, 0, waiter, 0);
        pthread_join(s, 0); pthread_join(w, 0); return 0; }`;
    const none = explore(build(src));
    expect(kinds(none)).toEqual(['lost-wakeup']);
    const e = explore(build(src), { faults: { kill: { threads: ['sleeper'], max: 1 } } }, ['woken']);
    expect(e.outcomes.has('woken=1')).toBe(true);
    const sys = createMachine(build(src), { faults: { kill: { threads: ['sleeper'], max: 1 } } });
    // drive the sleeper to sleep, then check that a kill is still offered for it
    let s = sys.initial().state;
    s = sys.step(s, sys.transitions(s).find((t) => t.actor === 1)!, false).state; // create sleeper
    s = sys.step(s, sys.transitions(s).find((t) => t.actor === 2 && !t.fault)!, false).state; // it sleeps
    const ts = sys.transitions(s).filter((t) => t.actor === 2);
    expect(ts.map((t) => t.fault)).toEqual(['kill']);
  });

  it('without an exit hook a killed thread simply disappears', () => {
    const src = `int x; void *w(void *a) { x = 1; x = 2; return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); pthread_join(t, 0); return 0; }`;
    const e = explore(build(src), { faults: { kill: { max: 1, threads: ['w'] } } }, ['x']);
    expect([...e.outcomes].sort()).toEqual(['x=0', 'x=1', 'x=2']);
  });
});

describe('signals', () => {
  const SIG = `int x; int seen = -1; int where;
    void h(int sig) { seen = x; where = gettid() * 100 + sig; }
    void *w(void *a) { x = 1; x = 2; return 0; }
    int main(void) { signal(SIGUSR1, h); pthread_t t; pthread_create(&t, 0, w, 0); pthread_join(t, 0); return 0; }`;

  it('a signal fault runs the handler on the target thread between its steps', () => {
    const e = explore(build(SIG), { faults: { signal: { threads: ['w'], signal: 10, max: 1 } } }, ['seen', 'where']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes].sort()).toEqual(['seen=-1 where=0', 'seen=0 where=210', 'seen=1 where=210']);
  });

  it('no handler installed: no signal transitions', () => {
    const src = SIG.replace('signal(SIGUSR1, h);', '');
    const e = explore(build(src), { faults: { signal: { signal: 10, max: 1 } } }, ['seen']);
    expect([...e.outcomes]).toEqual(['seen=-1']);
  });

  it('pthread_kill delivers to the target thread, which runs the handler at its next step', () => {
    const src = `int where; int go;
      void h(int sig) { where = gettid(); }
      void *w(void *a) { while (go == 0) { } return 0; }
      int main(void) { signal(SIGUSR2, h); pthread_t t; pthread_create(&t, 0, w, 0); pthread_kill(t, SIGUSR2); go = 1; pthread_join(t, 0); return 0; }`;
    const e = explore(build(src), {}, ['where']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes]).toEqual(['where=2']);
  });

  it('fork from a signal handler that interrupted a locked region, with a lock around fork: self-deadlock', () => {
    const src = `pthread_mutex_t m; int done;
      void h(int sig) { pthread_mutex_lock(&m); int pid = fork(); pthread_mutex_unlock(&m); if (pid == 0) _exit(0); }
      void *w(void *a) { pthread_mutex_lock(&m); done = 1; pthread_mutex_unlock(&m); return 0; }
      int main(void) { signal(SIGUSR1, h); pthread_t t; pthread_create(&t, 0, w, 0); pthread_join(t, 0); return 0; }`;
    const e = explore(build(src), { faults: { signal: { threads: ['w'], signal: 10, max: 1 } } });
    expect(kinds(e)).toEqual(['lock-misuse']);
    expect(e.findings[0]!.message).toMatch(/acquires m again while holding it/);
  });
});
