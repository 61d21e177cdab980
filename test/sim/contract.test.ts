// The TransitionSystem contract, checked by seeded random walks over many programs
// in every mode: step() never mutates its input, is a function of (state, label),
// accepts every label transitions() offers, the encoding round-trips, snapshot()
// and stuck() always answer, and only findings (never exceptions) come out.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { State } from '../../runtime/check/system.ts';
import { createMachine, type MachineOptions } from '../../runtime/sim/index.ts';
import { decode, encode } from '../../runtime/sim/state.ts';
import { build } from './harness.ts';

const BENCH = new URL('../../bench/models/', import.meta.url);

const PROGRAMS: Record<string, string> = {
  ...Object.fromEntries(readdirSync(BENCH).filter((f) => f.endsWith('.c')).map((f) => [f, readFileSync(new URL(f, BENCH), 'utf8')])),
  everything: `#pragma page_size 4
    struct node { struct node *next; struct node *prev; };
    struct node head; pthread_mutex_t m; struct mutex km; struct rw_semaphore sem; int word; int busy = 1; int log[4];
    void hook(void) { log[0] = gettid(); }
    #pragma thread_exit_hook hook
    void on_sig(int s) { log[1] = s; }
    void prep(void) { pthread_mutex_lock(&m); }
    void rel(void) { pthread_mutex_unlock(&m); }
    int ok(void) { return head.next == 0 || head.next->prev == &head || head.next == &head; }
    #pragma invariant ok
    void *a(void *x) { int local[2]; local[0] = 1; pthread_mutex_lock(&m); head.next = &head; head.prev = &head; pthread_mutex_unlock(&m);
      down_read(&sem); up_read(&sem); atomic_fetch_add(&word, 1); futex_wake(&word, 1); mutex_lock(&km); busy = 0; wakeup(&busy); mutex_unlock(&km); return (void *)local[0]; }
    void *b(void *x) { if (futex_wait(&word, 0) == 0) log[2] = 1; mutex_lock(&km); while (busy) msleep(&busy, &km); mutex_unlock(&km);
      int *p = malloc(3); p[2] = nondet(0, 2); free(p); return 0; }
    int main(void) {
      signal(SIGUSR1, on_sig); pthread_atfork(prep, rel, rel);
      int fd = open("/dev/x", O_CLOFORK);
      pthread_t t1, t2; pthread_create(&t1, 0, a, 0); pthread_create(&t2, 0, b, 0);
      pthread_kill(t2, SIGUSR1);
      int pid = fork();
      if (pid == 0) { assert(!fd_is_open(fd)); _exit(3); }
      smp_wmb(); smp_mb(); barrier();
      futex_wake(&word, 2);
      pthread_join(t1, 0); pthread_join(t2, 0); waitpid(pid, 0, 0); close(fd);
      return 0;
    }`,
};

const MODES: MachineOptions[] = [
  {},
  { memoryModel: 'tso' },
  { memoryModel: 'pso', fork: 'per-page' },
  { fork: 'per-page', faults: { kill: { max: 1 }, signal: { signal: 10, max: 2 } } },
  { memoryModel: 'pso', faults: { kill: { max: 2 } }, properties: ['deadlock'] },
];

function same(a: State, b: State): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

describe('the TransitionSystem contract under random walks', () => {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    it(`${name}: every mode`, () => {
      const program = build(src);
      let seed = 7;
      const rand = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
      for (const mode of MODES) {
        const sys = createMachine(program, mode);
        for (let walk = 0; walk < 15; walk++) {
          let s = sys.initial().state;
          for (let i = 0; i < 400; i++) {
            expect(same(encode(decode(s)), s)).toBe(true);
            const opened = decode(s);
            for (const t of opened.threads) void t.frames; // decode every thread's tail too
            expect(same(encode(opened), s)).toBe(true);
            const snap = sys.snapshot(s);
            expect(snap.threads.length).toBe(decode(s).threads.length);
            const ts = sys.transitions(s);
            expect(new Set(ts.map((t) => t.label)).size).toBe(ts.length);
            if (ts.length === 0 || sys.pruned(s)) {
              if (!sys.pruned(s) && !sys.terminated(s)) expect(['deadlock', 'lost-wakeup']).toContain(sys.stuck(s).kind);
              break;
            }
            const t = ts[rand(ts.length)]!;
            const copy = s.slice();
            const a = sys.step(s, t, true);
            const b = sys.step(s, t, false);
            expect(same(s, copy)).toBe(true);
            expect(same(a.state, b.state)).toBe(true);
            expect(a.finding?.message).toBe(b.finding?.message);
            expect(typeof a.event!.op).toBe('string');
            if (a.finding) break;
            s = a.state;
          }
        }
      }
    });
  }
});
