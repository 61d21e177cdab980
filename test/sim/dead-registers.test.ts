// Dead-register reduction in the machine (runtime/sim/dead-registers.ts): states
// that differ only in a register no path reads again are one state; a live register
// still tells states apart; and nothing a check reports depends on a dead register.
import { describe, expect, it } from 'vitest';
import { checkProgram } from '../../runtime/check/index.ts';
import { compile } from '../../runtime/dialect/index.ts';
import type { State, TransitionSystem } from '../../runtime/check/system.ts';
import { registerLive, type Program } from '../../runtime/ir.ts';
import { createMachine } from '../../runtime/sim/index.ts';
import { decode, encode } from '../../runtime/sim/state.ts';
import { CASES, source } from '../audit/cases.ts';
import { build, explore, exploreSystem } from './harness.ts';

/** The same program without liveness tables: the machine as it was, keeping every register. */
function withoutLiveness(p: Program): Program {
  return { ...p, functions: p.functions.map((f) => { const g = { ...f }; delete g.liveRegisters; return g; }) };
}

/**
 * The machine, with every dead register of every state it hands out set to a
 * poison value instead of 0. If any step, invariant, finding or stuck-state
 * verdict read a dead register, exploring this system would differ from
 * exploring the plain one.
 */
function poisoned(p: Program, poison: number): TransitionSystem {
  const m = createMachine(p);
  const fill = (s: State): State => {
    const w = decode(s);
    for (const t of w.threads) {
      for (const f of t.frames) {
        const F = p.functions[f.fn]!;
        for (let r = 0; r < f.regs.length; r++) if (!registerLive(F, f.pc, r)) f.regs[r] = poison;
      }
    }
    return encode(w);
  };
  return {
    ...m,
    initial: () => { const o = m.initial(); return { ...o, state: fill(o.state) }; },
    transitions: (s) => m.transitions(s),
    step: (s, tr, rec) => { const o = m.step(s, tr, rec); return { ...o, state: fill(o.state) }; },
    terminated: (s) => m.terminated(s),
    stuck: (s) => m.stuck(s),
    pruned: (s) => m.pruned(s),
    snapshot: (s) => m.snapshot(s),
    isBackground: (a) => m.isBackground!(a),
    actorName: (a) => m.actorName!(a),
  };
}

describe('dead registers', () => {
  it('two paths that differ only in a register that is never read again meet in one state', () => {
    // after `g = 0` the four values of v can no longer matter
    const p = build(`int g;
      int main(void) {
        int v = nondet(0, 3);
        g = v;
        g = 0;
        g = 1;
        g = 2;
        return 0;
      }`);
    const reduced = explore(p, {}, ['g']);
    const full = explore(withoutLiveness(p), {}, ['g']);
    expect([...reduced.outcomes]).toEqual([...full.outcomes]);
    // the four branches meet where the thread rests at \`g = 1\` and at \`g = 2\` (after
    // \`return\` no frame is left, so the final states were one state already)
    expect(full.states - reduced.states).toBe(2 * 3);
  });

  it('a register that is still read keeps the paths apart', () => {
    const p = build(`int g;
      int main(void) {
        int v = nondet(0, 3);
        g = v;
        g = 0;
        g = 1;
        g = v;
        return 0;
      }`);
    const reduced = explore(p, {}, ['g']);
    const full = explore(withoutLiveness(p), {}, ['g']);
    expect(reduced.states).toBe(full.states);
    expect([...reduced.outcomes].sort()).toEqual(['g=0', 'g=1', 'g=2', 'g=3']);
  });

  it("a caller's registers are cleared at its return point while the callee runs", () => {
    const p = build(`int g;
      void work(void) { g = 10; g = 11; g = 12; }
      int main(void) {
        int v = nondet(0, 1);
        g = v;
        work();
        return 0;
      }`);
    const reduced = explore(p);
    const full = explore(withoutLiveness(p));
    // both branches meet inside work(), resting at the stores of 11 and 12, while main's
    // frame waits at its return point with v dead
    expect(full.states - reduced.states).toBe(2);
  });

  it('threads created later and the initial state are cleared too', () => {
    // each thread's start argument is dead once it is stored; main's t is dead after the create
    const p = build(`int a; int b;
      void *w(void *arg) { a = (int)arg; a = 0; b = 1; return 0; }
      int main(void) {
        int t = nondet(0, 1);
        pthread_t th;
        pthread_create(&th, 0, w, (void *)t);
        pthread_join(th, 0);
        return 0;
      }`);
    const reduced = explore(p, {}, ['a', 'b']);
    const full = explore(withoutLiveness(p), {}, ['a', 'b']);
    expect([...reduced.outcomes].sort()).toEqual([...full.outcomes].sort());
    expect(reduced.states).toBeLessThan(full.states);
  });

  it('nothing reads a dead register: poisoning every dead register changes no state count, finding or outcome', () => {
    const programs = [
      `int g; int flag;
       void *w(void *a) { int mine = (int)a; int i; for (i = 0; i < 2; i++) g = g + mine; return 0; }
       int main(void) { pthread_t t; int x = nondet(1, 2); pthread_create(&t, 0, w, (void *)x);
         if (flag) g = x; else g = 3; pthread_join(t, 0); assert(g != 7); return 0; }`,
      `int g; pthread_mutex_t m;
       void bump(void) { g = g + 1; }
       int get(int k) { int r = k * 2; g = r; bump(); return r + 1; }
       void *w(void *a) { int v = get((int)a); pthread_mutex_lock(&m); g = v; pthread_mutex_unlock(&m); return 0; }
       int main(void) { pthread_t t1; pthread_t t2; pthread_create(&t1, 0, w, (void *)1); pthread_create(&t2, 0, w, (void *)2);
         pthread_join(t1, 0); pthread_join(t2, 0); return 0; }`,
    ];
    for (const text of programs) {
      const p = build(text);
      const plain = exploreSystem(createMachine(p), p, ['g']);
      for (const poison of [0x5eed, -1]) {
        const bad = exploreSystem(poisoned(p, poison), p, ['g']);
        expect(bad.states).toBe(plain.states);
        expect([...bad.outcomes].sort()).toEqual([...plain.outcomes].sort());
        expect(bad.findings.map((f) => f.message).sort()).toEqual(plain.findings.map((f) => f.message).sort());
      }
    }
  });

  it('differential: the audit programs get the same verdict, property, message and counterexample as without the reduction', () => {
    let fewer = 0;
    for (const c of CASES) {
      // a case cut by a time limit explores as far as the clock lets it: not comparable
      if (c.options?.timeoutMs !== undefined) continue;
      const compiled = compile([{ name: c.file, text: source(c) }]);
      if (!compiled.ok) continue;
      const r = compiled.program!;
      const a = checkProgram(withoutLiveness(r), c.options ?? {});
      const b = checkProgram(r, c.options ?? {});
      const what = (x: typeof a) => [x.verdict, x.property, x.limit, x.finding?.message, x.schedule];
      expect(what(b), c.name).toEqual(what(a));
      expect(b.stats.states, c.name).toBeLessThanOrEqual(a.stats.states);
      if (b.stats.states < a.stats.states) fewer++;
    }
    expect(fewer).toBeGreaterThan(0);
  });
});
