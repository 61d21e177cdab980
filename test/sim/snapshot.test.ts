// What the step-through panel and the trace see: snapshots and recorded step events.
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../runtime/sim/index.ts';
import { build, runOnce } from './harness.ts';

const SRC = `struct node { struct node *next; int v; };
struct node stack_used;
struct rw_semaphore sem;
pthread_mutex_t m;
int shared;
void *w(void *a) {
  int mine = 41;
  pthread_mutex_lock(&m);
  shared = mine + 1;
  pthread_mutex_unlock(&m);
  shared = mine;
  return 0;
}
int main(void) {
  stack_used.next = &stack_used;
  int fd = open("/dev/null", O_CLOFORK);
  int *p = malloc(2);
  down_read(&sem);
  pthread_t t; pthread_create(&t, 0, w, 0);
  pthread_join(t, 0);
  up_read(&sem);
  free(p);
  close(fd);
  return 0;
}`;

describe('snapshot', () => {
  it('names memory, shows heap, locks with owners and readers, fds, threads with locals and held locks', () => {
    const p = build(SRC);
    const sys = createMachine(p, { memoryModel: 'tso' });
    // run main (draining its buffer when it must wait) until w exists, then w until it holds m
    let s = sys.initial().state;
    const step = (actor: number) => { s = sys.step(s, sys.transitions(s).find((t) => t.actor === actor)!, false).state; };
    while (sys.snapshot(s).threads.length < 2) {
      const ts = sys.transitions(s);
      s = sys.step(s, ts.find((t) => t.actor === 1) ?? ts[0]!, false).state;
    }
    step(2); // w: lock m
    const snap = sys.snapshot(s);
    const proc = snap.processes[0]!;
    expect(proc.memory.find((m) => m.name === 'stack_used.next')!.value).toBe(p.globals.find((g) => g.name === 'stack_used')!.address);
    expect(proc.heap.filter((h) => !h.freed).map((h) => h.size)).toEqual([2]);
    const locks = Object.fromEntries(proc.locks.map((l) => [l.name, l]));
    expect(locks.m).toMatchObject({ kind: 'pthread_mutex_t', owner: 2 });
    expect(locks.sem).toMatchObject({ kind: 'struct rw_semaphore', readers: [1] });
    expect(proc.fds.map((f) => `${f.fd}:${f.file}:${f.flags.join('|')}`)).toEqual(['0:stdin:', '1:stdout:', '2:stderr:', '3:/dev/null:FD_CLOFORK']);
    const w = snap.threads.find((t) => t.tid === 2)!;
    expect(w.function).toBe('w');
    expect(w.status).toBe('runnable');
    expect(w.locals).toContainEqual({ name: 'mine', value: 41, type: 'int' });
    expect(w.held).toEqual([{ lock: locks.m!.address, name: 'm', mode: 'exclusive' }]);
    const main = snap.threads.find((t) => t.tid === 1)!;
    expect(main.held.map((h) => `${h.name}:${h.mode}`)).toEqual(['sem:shared']);
  });

  it('leaves out a register local that no path reads again (the machine cleared it), and shows it while it is still read', () => {
    const p = build(`int shared;
      int main(void) {
        int once = 7;
        int twice = 9;
        shared = once;
        shared = twice;
        shared = twice + 1;
        return 0;
      }`);
    const sys = createMachine(p);
    let s = sys.initial().state;
    const localsNow = () => Object.fromEntries(sys.snapshot(s).threads[0]!.locals.map((l) => [l.name, l.value]));
    // resting at the first store: once is on the operand stack, never read again; twice still is
    expect(localsNow()).toEqual({ twice: 9 });
    s = sys.step(s, sys.transitions(s)[0]!, false).state;
    expect(localsNow()).toEqual({ twice: 9 });
    s = sys.step(s, sys.transitions(s)[0]!, false).state;
    expect(localsNow()).toEqual({});
  });

  it('a blocked thread says what it waits for; a store buffer lists pending stores by name', () => {
    const p = build(`int x; pthread_mutex_t m;
      void *w(void *a) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return 0; }
      int main(void) { pthread_mutex_lock(&m); pthread_t t; pthread_create(&t, 0, w, 0); x = 5; pthread_mutex_unlock(&m); pthread_join(t, 0); return 0; }`);
    const sys = createMachine(p, { memoryModel: 'tso' });
    let s = sys.initial().state;
    const step = (actor: number) => { s = sys.step(s, sys.transitions(s).find((t) => t.actor === actor)!, false).state; };
    step(1); step(1); step(1); // lock, create, x = 5 (buffered)
    const snap = sys.snapshot(s);
    expect(snap.threads.find((t) => t.tid === 2)).toMatchObject({ status: 'blocked', blockedOn: 'lock m' });
    expect(snap.threads.find((t) => t.tid === 1)!.storeBuffer).toEqual([{ address: p.globals.find((g) => g.name === 'x')!.address, value: 5, name: 'x' }]);
    expect(sys.actorName(0x10000 | 1)).toBe('store buffer of thread 1');
  });
});

describe('step events', () => {
  it('record plain-words operations with reads and writes by name', () => {
    const p = build(`struct node { struct node *next; }; struct node head; int x;
      int main(void) { head.next = &head; x = head.next == &head; return 0; }`);
    const { events } = runOnce(createMachine(p));
    expect(events.map((e) => e.op)).toEqual([
      `store head.next = ${p.globals.find((g) => g.name === 'head')!.address}`,
      `load head.next → ${p.globals.find((g) => g.name === 'head')!.address}`,
      'store x = 1',
    ]);
    expect(events[1]!.reads[0]!.name).toBe('head.next');
    expect(events[2]!.writes[0]).toMatchObject({ name: 'x', value: 1 });
    expect(events.every((e) => e.thread === 1 && e.process === 1 && e.pos !== undefined)).toBe(true);
    expect(events[0]!.pos!.line).toBe(2);
  });

  it('builtins and drains describe themselves', () => {
    const p = build(`int x; pthread_mutex_t m;
      int main(void) { x = 1; pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return 0; }`);
    const { events } = runOnce(createMachine(p, { memoryModel: 'tso' }), (n) => n - 1);
    const ops = events.map((e) => e.op);
    expect(ops).toContain('store x = 1 (into the store buffer)');
    expect(ops).toContain('store buffer of thread 1: x = 1 reaches memory');
    expect(ops).toContain('pthread_mutex_lock(m): acquired');
    expect(ops).toContain('pthread_mutex_unlock(m): released');
  });
});
