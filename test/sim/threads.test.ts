// Threads, locks, lockdep findings, futexes, wait channels, deadlock and lost-wakeup reports.
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../runtime/sim/index.ts';
import { build, explore, globalValue, kinds, runOnce } from './harness.ts';

const TWO = (body: string, decls = '', mainExtra = '') => `${decls}
void *w(void *arg) { ${body} return 0; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, w, (void *)1); pthread_create(&b, 0, w, (void *)2);
  pthread_join(a, 0); pthread_join(b, 0); ${mainExtra} return 0; }`;

describe('threads', () => {
  it('an unprotected increment loses updates; a mutex prevents it', () => {
    const racy = explore(build(TWO('x = x + 1;', 'int x;')), {}, ['x']);
    expect([...racy.outcomes].sort()).toEqual(['x=1', 'x=2']);
    const locked = explore(build(TWO('pthread_mutex_lock(&m); x = x + 1; pthread_mutex_unlock(&m);', 'int x; pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;')), {}, ['x']);
    expect([...locked.outcomes]).toEqual(['x=2']);
  });

  it('pthread_create passes the argument and stores the tid; join returns the result', () => {
    const p = build(`int got; int tid1; int self1; int res;
      void *w(void *arg) { got = (int)arg; self1 = pthread_self(); return (void *)(gettid() + 100); }
      int main(void) { pthread_t t; void *r; pthread_create(&t, 0, w, (void *)7); tid1 = t;
        pthread_join(t, &r); res = (int)r; return 0; }`);
    const { last } = runOnce(createMachine(p));
    expect(last.finding).toBeUndefined();
    expect(globalValue(p, last.state, 'got')).toBe(7);
    const tid = globalValue(p, last.state, 'tid1');
    expect(tid).toBe(2);
    expect(globalValue(p, last.state, 'self1')).toBe(tid);
    expect(globalValue(p, last.state, 'res')).toBe(tid + 100);
  });

  it('main is thread 1 of process 1: gettid() == getpid()', () => {
    const p = build('int a; int b; int main(void) { a = gettid(); b = getpid(); return 0; }');
    const { last } = runOnce(createMachine(p));
    expect([globalValue(p, last.state, 'a'), globalValue(p, last.state, 'b')]).toEqual([1, 1]);
  });

  it('pthread_exit ends only the calling thread; its value reaches join', () => {
    const p = build(`int res; int after;
      void *w(void *arg) { pthread_exit((void *)5); after = 1; return 0; }
      int main(void) { pthread_t t; void *r; pthread_create(&t, 0, w, 0); pthread_join(t, &r); res = (int)r; return 0; }`);
    const { last } = runOnce(createMachine(p));
    expect(globalValue(p, last.state, 'res')).toBe(5);
    expect(globalValue(p, last.state, 'after')).toBe(0);
  });

  it('returning from main ends the process and every thread in it', () => {
    const p = build(`int x;
      void *spin(void *arg) { while (1) { x = 1; } return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, spin, 0); return 3; }`);
    const sys = createMachine(p);
    const { last } = runOnce(sys, () => 0, 50);
    expect(sys.terminated(last.state) || sys.transitions(last.state).length > 0).toBe(true);
    const e = explore(p, {}, [], 10_000);
    expect(e.terminated).toBeGreaterThan(0);
    expect(e.findings).toEqual([]);
  });
});

describe('locks and lockdep', () => {
  it('unlocking a mutex that is not locked is lock misuse', () => {
    const e = explore(build('pthread_mutex_t m; int main(void) { pthread_mutex_unlock(&m); return 0; }'));
    expect(kinds(e)).toEqual(['lock-misuse']);
    expect(e.findings[0]!.message).toMatch(/releases m, which is not locked/);
  });

  it("releasing another thread's lock is lock misuse", () => {
    const e = explore(build(`struct mutex m; int go;
      void *w(void *a) { mutex_lock(&m); go = 1; while (go == 1) { } return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); while (go == 0) { } mutex_unlock(&m); go = 2; return 0; }`));
    expect(e.findings.some((f) => f.kind === 'lock-misuse' && /which thread 2 holds/.test(f.message))).toBe(true);
  });

  it('taking a mutex twice is reported as lock misuse (self-deadlock)', () => {
    const e = explore(build('pthread_mutex_t m; int main(void) { pthread_mutex_lock(&m); pthread_mutex_lock(&m); return 0; }'));
    expect(e.findings[0]!.kind).toBe('lock-misuse');
    expect(e.findings[0]!.message).toMatch(/self-deadlock/);
  });

  it('without lock-misuse among the properties, a double acquire is a deadlock', () => {
    const e = explore(build('pthread_mutex_t m; int main(void) { pthread_mutex_lock(&m); pthread_mutex_lock(&m); return 0; }'), { properties: ['deadlock'] });
    expect(kinds(e)).toEqual(['deadlock']);
  });

  it('a thread that returns holding a lock is lock misuse naming the lock and where it was taken', () => {
    const e = explore(build(`struct rw_semaphore sem;
void *w(void *a) {
  down_read(&sem);
  return 0;
}
int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); pthread_join(t, 0); return 0; }`));
    expect(e.findings[0]!.kind).toBe('lock-misuse');
    expect(e.findings[0]!.message).toMatch(/returns while holding sem, taken at line 3/);
    expect(e.findings[0]!.pos?.line).toBe(4);
  });

  it('pthread_exit while holding a mutex is lock misuse', () => {
    const e = explore(build(`pthread_mutex_t m;
      void *w(void *a) { pthread_mutex_lock(&m); pthread_exit(0); return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); pthread_join(t, 0); return 0; }`));
    expect(e.findings[0]!.kind).toBe('lock-misuse');
    expect(e.findings[0]!.message).toMatch(/exits while holding m/);
  });

  it('up_read without a read hold, and lockdep_assert_held failing, are lock misuse', () => {
    const a = explore(build('struct rw_semaphore s; int main(void) { up_read(&s); return 0; }'));
    expect(a.findings[0]!.message).toMatch(/up_read on s without holding it/);
    const b = explore(build('struct mutex m; int main(void) { lockdep_assert_held(&m); return 0; }'));
    expect(b.findings[0]!.message).toMatch(/lockdep_assert_held\(m\) fails/);
    const c = explore(build('struct mutex m; int main(void) { mutex_lock(&m); lockdep_assert_held(&m); mutex_unlock(&m); return 0; }'));
    expect(c.findings).toEqual([]);
  });

  it('rw_semaphore: readers share, a writer excludes readers', () => {
    const src = `struct rw_semaphore s; int readers; int both;
      void *r(void *a) { down_read(&s); if (atomic_fetch_add(&readers, 1) == 1) both = 1; atomic_fetch_add(&readers, -1); up_read(&s); return 0; }
      void *wr(void *a) { down_write(&s); assert(readers == 0); up_write(&s); return 0; }
      int main(void) { pthread_t a, b, c; pthread_create(&a, 0, r, 0); pthread_create(&b, 0, r, 0); pthread_create(&c, 0, wr, 0);
        pthread_join(a, 0); pthread_join(b, 0); pthread_join(c, 0); return 0; }`;
    const e = explore(build(src), {}, ['both']);
    expect(e.findings).toEqual([]);
    expect(e.outcomes.has('both=1')).toBe(true);
  });

  it('trylock returns EBUSY when the mutex is held', () => {
    const p = build('pthread_mutex_t m; int r1; int r2; int main(void) { r1 = pthread_mutex_trylock(&m); r2 = pthread_mutex_trylock(&m); pthread_mutex_unlock(&m); return 0; }');
    const { last } = runOnce(createMachine(p));
    expect([globalValue(p, last.state, 'r1'), globalValue(p, last.state, 'r2')]).toEqual([0, 16]);
  });

  it('an ABBA deadlock names who holds what and who waits for what', () => {
    const src = `pthread_mutex_t a; pthread_mutex_t b;
      void *t1(void *x) { pthread_mutex_lock(&a); pthread_mutex_lock(&b); pthread_mutex_unlock(&b); pthread_mutex_unlock(&a); return 0; }
      void *t2(void *x) { pthread_mutex_lock(&b); pthread_mutex_lock(&a); pthread_mutex_unlock(&a); pthread_mutex_unlock(&b); return 0; }
      int main(void) { pthread_t p, q; pthread_create(&p, 0, t1, 0); pthread_create(&q, 0, t2, 0); pthread_join(p, 0); pthread_join(q, 0); return 0; }`;
    const e = explore(build(src));
    const d = e.findings.find((f) => f.kind === 'deadlock')!;
    expect(d.message).toMatch(/thread 2 waits for lock b \(held by thread 3\)/);
    expect(d.message).toMatch(/thread 3 waits for lock a \(held by thread 2\)/);
    expect(d.waits!.some((w) => w.thread === 1 && /thread 2 to finish/.test(w.waitsFor))).toBe(true);
    expect(d.waits!.every((w) => w.pos !== undefined)).toBe(true);
  });
});

describe('futexes and wait channels', () => {
  it('futex_wait returns at once when the word differs, and sleeps when it matches', () => {
    const p = build('int word = 1; int r; int main(void) { r = futex_wait(&word, 0); return 0; }');
    const { last } = runOnce(createMachine(p));
    expect(globalValue(p, last.state, 'r')).toBe(-1);
    const e = explore(build('int word; int main(void) { futex_wait(&word, 0); return 0; }'));
    expect(kinds(e)).toEqual(['lost-wakeup']);
    expect(e.findings[0]!.message).toMatch(/futex_wake on word/);
  });

  it('a futex-based flag handshake has no lost wakeup when the check is atomic', () => {
    const src = `int flag; int woke;
      void *waiter(void *a) { while (atomic_load(&flag) == 0) futex_wait(&flag, 0); return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, waiter, 0); atomic_store(&flag, 1); woke = futex_wake(&flag, 1); pthread_join(t, 0); return 0; }`;
    const e = explore(build(src), {}, ['woke']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes].sort()).toEqual(['woke=0', 'woke=1']);
  });

  it('a wake sent before the wait is lost when the waiter does not re-check', () => {
    const src = `int flag;
      void *waiter(void *a) { if (flag == 0) { barrier(); futex_wait(&flag, flag); } return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, waiter, 0); flag = 1; futex_wake(&flag, 1); flag = 0; pthread_join(t, 0); return 0; }`;
    expect(kinds(explore(build(src)))).toContain('lost-wakeup');
  });

  it("futex_wake(addr, 1) with two sleepers offers one variant per choice of waiter", () => {
    const p = build(`int word; int first;
      void *s(void *a) { futex_wait(&word, 0); if (first == 0) first = (int)a; return 0; }
      int main(void) { pthread_t a, b; pthread_create(&a, 0, s, (void *)1); pthread_create(&b, 0, s, (void *)2);
        futex_wake(&word, 1); futex_wake(&word, 1); pthread_join(a, 0); pthread_join(b, 0); return 0; }`);
    const sys = createMachine(p);
    // drive to the state where both threads sleep and main is at its first futex_wake
    let s = sys.initial().state;
    for (let i = 0; i < 20; i++) {
      const ts = sys.transitions(s);
      const mainT = ts.filter((t) => t.actor === 1);
      const others = ts.filter((t) => t.actor !== 1);
      if (others.length > 0) { s = sys.step(s, others[0]!, false).state; continue; }
      if (mainT.length === 2) break;
      s = sys.step(s, mainT[0]!, false).state;
    }
    const ts = sys.transitions(s).filter((t) => t.actor === 1);
    expect(ts.length).toBe(2);
    expect(new Set(ts.map((t) => t.label)).size).toBe(2);
    const e = explore(p, {}, ['first']);
    expect(e.outcomes.has('first=1') && e.outcomes.has('first=2')).toBe(true);
  });

  it('msleep releases the mutex and sleeps atomically, and takes it back on wakeup', () => {
    const src = `struct mutex m; int busy = 1; int seen;
      void *sleeper(void *a) { mutex_lock(&m); while (busy) msleep(&busy, &m); lockdep_assert_held(&m); seen = 1; mutex_unlock(&m); return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, sleeper, 0); mutex_lock(&m); busy = 0; wakeup(&busy); mutex_unlock(&m); pthread_join(t, 0); return 0; }`;
    const e = explore(build(src), {}, ['seen']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes]).toEqual(['seen=1']);
  });

  it('a sleeper holding the lock its only waker is blocked on is a deadlock, not a lost wakeup', () => {
    const src = `struct mutex obj_lock; struct rw_semaphore map_lock; int pip = 1;
      void *waker(void *a) { down_read(&map_lock); mutex_lock(&obj_lock); pip = 0; wakeup(&pip); mutex_unlock(&obj_lock); up_read(&map_lock); return 0; }
      void *sleeper(void *a) { down_write(&map_lock); mutex_lock(&obj_lock); while (pip > 0) msleep(&pip, &obj_lock); mutex_unlock(&obj_lock); up_write(&map_lock); return 0; }
      int main(void) { pthread_t a, b; pthread_create(&b, 0, sleeper, 0); pthread_create(&a, 0, waker, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; }`;
    const e = explore(build(src));
    expect(kinds(e)).toContain('deadlock');
    expect(kinds(e)).not.toContain('lost-wakeup');
    const d = e.findings.find((f) => f.kind === 'deadlock')!;
    expect(d.message).toMatch(/waits for map_lock for reading \(held by thread \d+\)/);
    expect(d.message).toMatch(/sleeps waiting for a wakeup on channel pip/);
  });

  it('tsleep without the mutex loses the wakeup that comes between check and sleep', () => {
    const src = `int busy = 1;
      void *sleeper(void *a) { while (busy) tsleep(&busy); return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, sleeper, 0); busy = 0; wakeup(&busy); pthread_join(t, 0); return 0; }`;
    const e = explore(build(src));
    expect(kinds(e)).toEqual(['lost-wakeup']);
    expect(e.findings[0]!.message).toMatch(/channel busy/);
  });
});
