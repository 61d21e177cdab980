// fork, waitpid, exit, pthread_atfork, descriptors across fork, and the two fork modes.
import { describe, expect, it } from 'vitest';
import { createMachine, type Machine } from '../../runtime/sim/index.ts';
import { decode } from '../../runtime/sim/state.ts';
import { build, explore, kinds } from './harness.ts';
import { checkSource } from '../../runtime/check/index.ts';

describe('fork and processes', () => {
  it('fork returns the child pid in the parent and 0 in the child; memory is copied, not shared', () => {
    const src = `int v = 1; int st; int who; int child_pid;
      int main(void) { int pid = fork();
        if (pid == 0) { v = 2; child_pid = getpid(); assert(child_pid != 1); assert(gettid() == child_pid); exit(7); }
        who = waitpid(pid, &st, 0); assert(who == pid); assert(st == 7); assert(v == 1); assert(child_pid == 0); return 0; }`;
    const e = explore(build(src), {}, ['who', 'st']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes]).toEqual(['who=2 st=7']);
  });

  it('the child has only the forking thread', () => {
    const src = `int x;
      void *w(void *a) { x = 1; return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); int pid = fork();
        if (pid == 0) { assert(pthread_join(t, 0) == 3); _exit(0); }
        pthread_join(t, 0); waitpid(pid, 0, 0); return 0; }`;
    expect(explore(build(src)).findings).toEqual([]);
  });

  it('waitpid with WNOHANG returns 0 while the child runs; -1 without children', () => {
    const src = `int r1 = 5; int r2 = 5; int go;
      int main(void) { r2 = waitpid(-1, 0, WNOHANG); int pid = fork(); if (pid == 0) { _exit(0); }
        r1 = waitpid(pid, 0, WNOHANG); waitpid(pid, 0, 0); return 0; }`;
    const e = explore(build(src), {}, ['r1', 'r2']);
    expect([...e.outcomes].sort()).toEqual(['r1=0 r2=-1', 'r1=2 r2=-1']);
  });

  it('a lock held by another thread at fork stays held forever in the child: deadlock', () => {
    const src = `pthread_mutex_t m;
      void *w(void *a) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); int pid = fork();
        if (pid == 0) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); _exit(0); }
        pthread_join(t, 0); waitpid(pid, 0, 0); return 0; }`;
    const e = explore(build(src));
    expect(kinds(e)).toEqual(['deadlock']);
    const d = e.findings[0]!;
    expect(d.message).toMatch(/waits for lock m \(held by thread 2\)/);
    expect(d.waits!.some((w) => w.process === 3 && w.heldBy === 2)).toBe(true);
  });

  it("a lock the forking thread held is owned by the child's thread, which may release it", () => {
    const src = `pthread_mutex_t m;
      int main(void) { pthread_mutex_lock(&m); int pid = fork();
        if (pid == 0) { assert(m.__lock == gettid()); pthread_mutex_unlock(&m); _exit(0); }
        assert(m.__lock == 1); pthread_mutex_unlock(&m); waitpid(pid, 0, 0); return 0; }`;
    expect(explore(build(src)).findings).toEqual([]);
  });

  it('pthread_atfork: prepare handlers in reverse order, parent and child handlers in order', () => {
    const src = `int log[8]; int n;
      void add(int v) { log[n] = v; n = n + 1; }
      void p1(void) { add(1); } void p2(void) { add(2); }
      void a1(void) { add(11); } void a2(void) { add(12); }
      void c1(void) { add(21); } void c2(void) { add(22); }
      int main(void) { pthread_atfork(p1, a1, c1); pthread_atfork(p2, a2, c2); pthread_atfork(0, 0, 0);
        int pid = fork();
        if (pid == 0) { assert(n == 4); assert(log[0] == 2 && log[1] == 1 && log[2] == 21 && log[3] == 22); _exit(0); }
        assert(n == 4); assert(log[0] == 2 && log[1] == 1 && log[2] == 11 && log[3] == 12);
        waitpid(pid, 0, 0); return 0; }`;
    const e = explore(build(src));
    expect(e.findings).toEqual([]);
    expect(e.terminated).toBe(1);
  });

  it('descriptors: lowest free number, dup/dup2/fcntl, inherited by fork except FD_CLOFORK ones', () => {
    const src = `
      int main(void) {
        int a = open("/dev/a", O_RDWR); int b = open("/dev/b", O_RDWR | O_CLOFORK); int c = open("/dev/c", O_CLOEXEC);
        fcntl(c, F_SETFD, FD_CLOFORK);
        int d = dup(a); assert(dup2(a, 9) == 9);
        assert(a == 3 && b == 4 && c == 5 && d == 6);
        assert(fcntl(b, F_GETFD, 0) == FD_CLOFORK);
        int pid = fork();
        if (pid == 0) { assert(fd_is_open(a) && !fd_is_open(b) && !fd_is_open(c) && fd_is_open(d) && fd_is_open(9)); _exit(0); }
        assert(fd_is_open(b)); assert(close(b) == 0); assert(!fd_is_open(b)); assert(close(b) == -1);
        assert(open("/dev/e", 0) == 4);
        waitpid(pid, 0, 0); return 0; }`;
    const e = explore(build(src));
    expect(e.findings).toEqual([]);
    expect(e.terminated).toBe(1);
  });
});

// A two-node list straddling two pages: the mover links n (page 2) into head's list (page 1).
const LIST = (barrier: string) => `#pragma page_size 4
struct node { struct node *next; struct node *prev; };
struct node head;
int pad1; int pad2;
#pragma new_page
struct node n;
void *mover(void *a) { n.next = &head; n.prev = &head; ${barrier} head.next = &n; head.prev = &n; return 0; }
int main(void) {
  head.next = &head; head.prev = &head;
  pthread_t t; pthread_create(&t, 0, mover, 0);
  int pid = fork();
  if (pid == 0) { if (head.next == &n) assert(n.next == &head); _exit(0); }
  pthread_join(t, 0); waitpid(pid, 0, 0); return 0;
}`;

describe('fork modes', () => {
  it('the child sees the list torn when stores drain out of order (pso), in both fork modes', () => {
    for (const fork of ['atomic', 'per-page'] as const) {
      expect(kinds(explore(build(LIST('')), { memoryModel: 'pso', fork }))).toEqual(['assertion']);
      expect(explore(build(LIST('smp_wmb();')), { memoryModel: 'pso', fork }).findings).toEqual([]);
      expect(explore(build(LIST('')), { memoryModel: 'sc', fork }).findings).toEqual([]);
      expect(explore(build(LIST('')), { memoryModel: 'tso', fork }).findings).toEqual([]);
    }
  });

  it('per-page fork takes one step per page; a store to a marked page waits until the fork is done', () => {
    const src = `#pragma page_size 4
      int x;
      #pragma new_page
      int y;
      void *w(void *a) { x = 1; return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); int pid = fork();
        if (pid == 0) _exit(0);
        pthread_join(t, 0); waitpid(pid, 0, 0); return 0; }`;
    const sys = createMachine(build(src), { fork: 'per-page' }) as Machine;
    let s = sys.initial().state;
    const mainStep = () => { s = sys.step(s, sys.transitions(s).find((t) => t.actor === 1)!, false).state; };
    mainStep(); // pthread_create: w now waits at its store to x (page 1)
    expect(sys.transitions(s).some((t) => t.actor === 2)).toBe(true);
    mainStep(); // fork begins and marks page 1
    const snap = sys.snapshot(s);
    expect(snap.processes[0]!.forking).toEqual({ pagesCopied: 1, pages: snap.processes[0]!.forking!.pages });
    expect(snap.processes[0]!.forking!.pages).toBeGreaterThanOrEqual(2);
    expect(sys.transitions(s).some((t) => t.actor === 2)).toBe(false);
    expect(snap.threads.find((t) => t.tid === 2)!.status).toBe('blocked');
    let guard = 0;
    while (sys.snapshot(s).processes[0]!.forking && guard++ < 50) mainStep();
    expect(sys.snapshot(s).processes.length).toBe(2);
    expect(sys.transitions(s).some((t) => t.actor === 2)).toBe(true);
  });

  it('per-page: the child sees each page as it was when marked, so a store to a page not yet marked reaches it', () => {
    const src = `#pragma page_size 4
      int x;
      #pragma new_page
      int y;
      void *w(void *a) { y = 1; return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); int pid = fork();
        if (pid == 0) _exit(0);
        pthread_join(t, 0); waitpid(pid, 0, 0); return 0; }`;
    const program = build(src);
    const yAt = program.globals.find((g) => g.name === 'y')!.address;
    for (const fork of ['per-page', 'atomic'] as const) {
      const sys = createMachine(program, { fork }) as Machine;
      let s = sys.initial().state;
      const stepBy = (actor: number) => { s = sys.step(s, sys.transitions(s).find((t) => t.actor === actor)!, false).state; };
      stepBy(1); // create
      stepBy(1); // fork: per-page marks page 1 only; atomic copies everything
      if (sys.transitions(s).some((t) => t.actor === 2)) stepBy(2); // w: y = 1
      while (sys.snapshot(s).processes[0]!.forking) stepBy(1);
      const child = decode(s).procs[1]!;
      expect(child.mem[yAt]).toBe(fork === 'per-page' ? 1 : 0);
    }
  });

  it('per-page: reads of a marked page never wait', () => {
    const src = `#pragma page_size 4
      int x;
      #pragma new_page
      int y; int r;
      void *w(void *a) { r = x; return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); int pid = fork();
        if (pid == 0) _exit(0);
        pthread_join(t, 0); waitpid(pid, 0, 0); return 0; }`;
    const sys = createMachine(build(src), { fork: 'per-page' }) as Machine;
    let s = sys.initial().state;
    const stepBy = (actor: number) => { s = sys.step(s, sys.transitions(s).find((t) => t.actor === actor)!, false).state; };
    stepBy(1); // create
    stepBy(1); // fork marks page 1, where x lives
    expect(sys.snapshot(s).processes[0]!.forking?.pagesCopied).toBe(1);
    expect(sys.transitions(s).some((t) => t.actor === 2)).toBe(true);
    stepBy(2); // load x
    stepBy(2); // store r, on page 2, not marked yet
    expect(sys.snapshot(s).threads.find((t) => t.tid === 2)!.status).toBe('finished');
  });

  it('per-page: other threads may call and return while the fork copies, growing and shrinking memory (found by review: it threw)', () => {
    // w1's call allocates hlp's frame at the top of memory while main's fork copies
    // page by page; the copy of the last page must not run past what the fork began
    // with, and the child's memory ends where the parent's does when the fork ends
    const text = `#pragma page_size 3
int g0; int g1; int g2; int g3; int g4; int k; int *hp; pthread_t t;
#pragma invariant inv
int inv(void) { if (g4 == 1) return g4 != 2; return 1; }
int hlp(int a) { int loc[2]; loc[a & 1] = a; if (a == 3) return g0; return loc[0]; }
void *w1(void *arg) {
  int r = 0;
  assert(!(g0 == 1 && g0 == 0)); r = hlp(3);
  return 0;
}
int main(void) {
  int r = 0;
  hp = malloc(1);
  pthread_create(&t, 0, w1, 0);
  if (fork() == 0) { barrier(); *hp = 1; k = g0 + r; exit(1); }
  r = g2;
  pthread_join(t, 0);
  r = g3; return r;
}`;
    for (const memoryModel of ['sc', 'tso'] as const) {
      const r = checkSource([{ name: 'grow.c', text }], { memoryModel, fork: 'per-page', preemptions: 2 });
      expect(r.verdict).toBe('pass');
    }
  });

  it('a buffered store draining into a marked page waits for the fork (tso)', () => {
    const src = `#pragma page_size 4
      int x;
      #pragma new_page
      int y;
      void *w(void *a) { x = 1; return 0; }
      int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); int pid = fork();
        if (pid == 0) _exit(0);
        pthread_join(t, 0); waitpid(pid, 0, 0); return 0; }`;
    const sys = createMachine(build(src), { fork: 'per-page', memoryModel: 'tso' }) as Machine;
    let s = sys.initial().state;
    const stepBy = (actor: number) => { s = sys.step(s, sys.transitions(s).find((t) => t.actor === actor)!, false).state; };
    stepBy(1); // create
    stepBy(2); // w: x = 1 into its buffer, w finishes
    stepBy(1); // fork marks page 1
    const drains = sys.transitions(s).filter((t) => t.actor !== 1);
    expect(drains).toEqual([]);
    expect(sys.snapshot(s).threads.find((t) => t.tid === 2)!.storeBuffer.map((e) => e.name)).toEqual(['x']);
  });
});
