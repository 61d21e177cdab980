// A dynamic guard for partial-order reduction's static footprints
// (runtime/sim/footprint.ts; soundness argument in docs/CHECKER.md,
// "Partial-order reduction"). The reduction is only as sound as its abstract
// interpretation of the IR; this test checks the analysis' claims against what
// threads really do, on every program of the corpora that the reduction may
// apply to, along seeded random walks through transitions()/step(record).
//
// At every visited state s of a walk, what C1 relies on:
//   containment: for every live thread U, every address U — or a thread U
//     creates later, transitively — reads or writes in any later step of the
//     walk lies inside U's footprint at s (words of the acting thread's own
//     frames aside, which the analysis leaves out by design). A write covered
//     only as a lock write must not free a lock another thread holds (the old
//     word is 0 or the writer's tid): that is what the walls argument assumes.
//   frozen and walls: for every thread T with one transition, until T next
//     steps, no thread C1 calls frozen steps, and every other thread (with what
//     it creates) stays inside its footprint cut at the wall locks.
//   waiting: the words a thread standing at a mutex or rw-semaphore acquire reads
//     to know whether it may go on (no event records them) are inside its
//     footprint, and inside the walled one while it may move before T.
//   invariants: every address an `always` or `at_exit` invariant reads, evaluated
//     at s, lies inside the invariants' footprint.
// The programs: the audit's (test/audit/cases, test/audit/por), the benchmark
// models, the lesson cases the reduction applies to, and random programs aimed at
// the analysis. Failures name the program, the walk, the state (its schedule of
// actors), the threads and the address.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../build/lesson/index.ts';
import { prepareCheck } from '../../runtime/check/index.ts';
import type { Transition } from '../../runtime/check/system.ts';
import type { CheckOptions } from '../../runtime/check/types.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { BUILTIN_ID } from '../../runtime/builtins.ts';
import { Op, type Program } from '../../runtime/ir.ts';
import { exerciseOptions, exerciseUnits, type SourceUnit } from '../../runtime/exercise.ts';
import { c1Claim, FootprintAnalysis, type Footprint } from '../../runtime/sim/footprint.ts';
import { Halt } from '../../runtime/sim/core.ts';
import { Machine } from '../../runtime/sim/index.ts';
import { peek } from '../../runtime/sim/memory.ts';
import { decode, live, type World } from '../../runtime/sim/state.ts';
import { CASES, source } from '../audit/cases.ts';

const root = join(import.meta.dirname, '..', '..');

/** walks per program, and steps per walk: enough to reach the programs' ends, small enough for the unit suite */
const WALKS = 40;
const MAX_STEPS = 300;

interface Subject { name: string; units: SourceUnit[]; options: CheckOptions }

function reducible(options: CheckOptions): boolean {
  return (options.memoryModel ?? 'sc') === 'sc' && options.faults === undefined && options.preemptions === undefined;
}

function corpus(): Subject[] {
  const out: Subject[] = [];
  for (const c of CASES) {
    const options = c.options ?? {};
    if (c.verdict !== 'error' && reducible(options)) out.push({ name: `audit ${c.name}`, units: [{ name: c.file, text: source(c) }], options });
  }
  const porDir = join(root, 'test', 'audit', 'por');
  for (const file of readdirSync(porDir).filter((f) => f.endsWith('.c')).sort()) {
    const text = readFileSync(join(porDir, file), 'utf8');
    const line = /^\/\/ options: (.*)$/m.exec(text);
    const options = line === null ? {} : (JSON.parse(line[1]!) as CheckOptions);
    if (reducible(options)) out.push({ name: `por ${file}`, units: [{ name: file, text }], options });
  }
  const benchDir = join(root, 'bench', 'models');
  for (const file of readdirSync(benchDir).filter((f) => f.endsWith('.c')).sort()) {
    out.push({ name: `bench ${file}`, units: [{ name: file, text: readFileSync(join(benchDir, file), 'utf8') }], options: {} });
  }
  for (const lesson of loadLessons(join(root, 'lessons')).lessons) {
    for (const spec of Object.values(lesson.exercises)) {
      const options = exerciseOptions(spec);
      if (!reducible(options)) continue;
      const texts: [string, string | undefined][] = [
        ['starter', spec.starter],
        ...(spec.solutions ?? []).map((s, i): [string, string] => [`solution ${i + 1}`, s.text]),
        ...(spec.wrong ?? []).map((w): [string, string] => [`wrong: ${w.label}`, w.text]),
      ];
      for (const [label, text] of texts) {
        if (text !== undefined) out.push({ name: `lesson ${lesson.slug}/${spec.name} ${label}`, units: exerciseUnits(spec, text), options });
      }
    }
  }
  return out;
}

/** A compiled subject the reduction applies to: its machine, a second one to evaluate invariants on, and the analysis. */
interface Ready { machine: Machine; evaluator: Machine; analysis: FootprintAnalysis; invariants: number[] }

type Analysis = (program: Program, invariants: number[], lockMisuse: boolean) => FootprintAnalysis;
const realAnalysis: Analysis = (program, invariants, lockMisuse) => new FootprintAnalysis(program, invariants, lockMisuse);

function prepare(s: Subject, analyse: Analysis = realAnalysis): Ready | undefined {
  const compiled = compile(s.units);
  if (!compiled.ok || !compiled.program) return undefined;
  const make = (): Machine | undefined => {
    const prepared = prepareCheck(compiled.program!, s.options);
    return 'error' in prepared || !(prepared.system instanceof Machine) ? undefined : prepared.system;
  };
  const machine = make();
  const evaluator = make();
  if (machine === undefined || evaluator === undefined) return undefined;
  const c = machine.core;
  if (c.relaxed) return undefined;
  // the analysis exactly as Machine.ampleCandidate builds it
  const invariants = [...c.always, ...c.atExit.map((a) => a.fn)];
  const analysis = analyse(compiled.program, invariants, c.reports('lock-misuse'));
  if (analysis.disqualified) return undefined;
  evaluator.core.reuseInvariants = false;
  return { machine, evaluator, analysis, invariants };
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Access { address: number; write: boolean; name?: string; old: number }
interface Step { actor: number; accesses: Access[] }

const B = BUILTIN_ID as Record<string, number>;
/** acquires whose enabledness reads memory (runtime/sim/ops.ts builtinEnabled): the words, from the first argument */
const WAIT_WORDS = new Map<number, number[]>([
  [B.pthread_mutex_lock!, [0]], [B.mutex_lock!, [0]], [B.down_read!, [1]], [B.down_write!, [0, 1]],
]);

/** What each thread standing at such an acquire reads to know whether it may go on (not recorded in any event). */
function waitReads(program: Program, w: World): Map<number, Access[]> {
  const out = new Map<number, Access[]>();
  for (const t of w.threads) {
    if (!live(t) || t.topFn() < 0) continue;
    const code = program.functions[t.topFn()]!.code;
    const pc = t.topPc();
    if (code[pc] !== Op.BUILTIN) continue;
    const words = WAIT_WORDS.get(code[pc + 1]!);
    if (words === undefined) continue;
    const arg0 = t.opFromTop(code[pc + 2]! - 1);
    out.set(t.tid, words.map((k) => ({ address: arg0 + k, write: false, old: 0, name: 'waits on' })));
  }
  return out;
}
interface Walk {
  /** worlds[i]: the state before step i (and worlds[steps.length] the last one) */
  worlds: World[];
  moves: Transition[][];
  /** waits[i]: waitReads in worlds[i] */
  waits: Map<number, Access[]>[];
  steps: Step[];
  /** the thread whose step created each thread created during the walk */
  creator: Map<number, number>;
}

function walk(r: Ready, seed: number): Walk {
  const m = r.machine;
  const next = random(seed);
  const first = m.initial();
  const out: Walk = { worlds: [], moves: [], waits: [], steps: [], creator: new Map() };
  let state = first.state;
  let stop = first.finding !== undefined;
  for (let n = 0; n <= MAX_STEPS; n++) {
    const w = decode(state);
    out.worlds.push(w);
    const moves = stop || m.pruned(state) ? [] : m.transitions(state);
    out.moves.push(moves);
    out.waits.push(waitReads(r.analysis.program, w));
    if (moves.length === 0 || n === MAX_STEPS) break;
    // even walks pick uniformly; odd ones mostly let the last thread run on, to reach states
    // where one thread is far ahead of the others (past its locks, its loops, its creations)
    const last = out.steps.length > 0 ? out.steps[out.steps.length - 1]!.actor : -1;
    const same = seed % 2 === 1 && next() < 0.85 ? moves.filter((mv) => mv.actor === last) : [];
    const from = same.length > 0 ? same : moves;
    const t = from[Math.floor(next() * from.length)]!;
    const step = m.step(state, t, true);
    const ev = step.event!;
    const p = w.procs.find((q) => q.pid === ev.process)!;
    const accesses: Access[] = [
      ...ev.reads.map((a) => ({ address: a.address, write: false, name: a.name, old: 0 })),
      ...ev.writes.map((a) => ({ address: a.address, write: true, name: a.name, old: peek(p, a.address) })),
    ];
    out.steps.push({ actor: t.actor, accesses });
    const before = new Set(w.threads.map((u) => u.tid));
    for (const u of decode(step.state).threads) if (!before.has(u.tid)) out.creator.set(u.tid, t.actor);
    state = step.state;
    stop = step.finding !== undefined;
  }
  return out;
}

/** Is the address in one of the thread's frames in this world? */
function ownFrame(r: Ready, w: World | undefined, tid: number, address: number): boolean {
  const t = w?.threads.find((u) => u.tid === tid);
  if (t === undefined) return false;
  for (const f of t.frames) {
    const words = r.analysis.program.functions[f.fn]!.frameWords;
    if (f.base > 0 && address >= f.base && address < f.base + words) return true;
  }
  return false;
}

/**
 * Is this access, by thread `actor`, inside the footprint, as C1 and the walls use
 * it? A read: anything the footprint may touch conflicts with a write there. A
 * write: a plain write, or a lock write that frees no lock someone else holds.
 */
function covered(fp: Footprint, a: Access, actor: number): boolean {
  if (fp.top || fp.anyWrite || fp.writes.has(a.address)) return true;
  const lockWrite = fp.anyLockWrite || fp.lockWrites.has(a.address);
  if (a.write) return lockWrite && (a.old === 0 || a.old === actor);
  return lockWrite || fp.anyRead || fp.reads.has(a.address);
}

function describeFootprint(fp: Footprint): string {
  const list = (s: Set<number>): string => `{${[...s].sort((x, y) => x - y).join(',')}}`;
  return `top=${fp.top} anyRead=${fp.anyRead} anyWrite=${fp.anyWrite} anyLockWrite=${fp.anyLockWrite} reads=${list(fp.reads)} writes=${list(fp.writes)} lockWrites=${list(fp.lockWrites)}`;
}

/** The thread of world `w` that `tid` is, or that created it (transitively); undefined if none. */
function ownerIn(wk: Walk, w: World, tid: number): number | undefined {
  for (let x: number | undefined = tid; x !== undefined; x = wk.creator.get(x)) {
    if (w.threads.some((u) => u.tid === x && live(u))) return x;
  }
  return undefined;
}

/** How much the guard really checked (so that it cannot pass by checking nothing). */
const tally = { waitReads: 0, walks: 0, truncated: 0, accesses: 0, frozenClaims: 0, walledAccesses: 0, invariantReads: 0, created: 0 };

/** Checks one walk; returns the first violations found, as text. */
function guard(name: string, r: Ready, seed: number, wk: Walk): string[] {
  const problems: string[] = [];
  const core = r.machine.core;
  const where = (i: number): string => `${name}, walk seed ${seed}, state ${i} (after actors [${wk.steps.slice(0, i).map((s) => s.actor).join(',')}])`;
  const access = (j: number, a: Access): string => `step ${j} by thread ${wk.steps[j]!.actor} ${a.write ? 'writes' : 'reads'} ${a.address}${a.name ? ` (${a.name})` : ''}`;
  const outsideOwnFrames = (j: number, a: Access): boolean =>
    !ownFrame(r, wk.worlds[j], wk.steps[j]!.actor, a.address) && !ownFrame(r, wk.worlds[j + 1], wk.steps[j]!.actor, a.address);
  for (let i = 0; i < wk.worlds.length && problems.length < 3; i++) {
    const w = wk.worlds[i]!;
    const moves = wk.moves[i]!;
    if (w.procs.length !== 1) continue;
    const threads = w.threads.filter((u) => live(u)).map((u) => u.tid);
    // containment over the rest of the walk
    const any = threads.length > 0 ? c1Claim(r.analysis, core, w, moves, threads[0]!) : undefined;
    if (any !== undefined) {
      const plain = new Map(threads.map((u) => [u, any.footprint(u, false)]));
      for (let j = i; j < wk.steps.length; j++) {
        const owner = ownerIn(wk, w, wk.steps[j]!.actor);
        if (owner === undefined) continue;
        for (const a of wk.steps[j]!.accesses) {
          tally.accesses++;
          if (!covered(plain.get(owner)!, a, wk.steps[j]!.actor) && outsideOwnFrames(j, a)) {
            problems.push(`${where(i)}: ${access(j, a)}, outside the footprint of thread ${owner}: ${describeFootprint(plain.get(owner)!)}`);
          }
        }
      }
      for (let j = i; j < wk.worlds.length; j++) {
        for (const [tid, reads] of wk.waits[j]!) {
          const owner = ownerIn(wk, w, tid);
          if (owner === undefined) continue;
          for (const a of reads) {
            tally.waitReads++;
            if (!covered(plain.get(owner)!, a, tid) && !ownFrame(r, wk.worlds[j], tid, a.address)) {
              problems.push(`${where(i)}: in state ${j} thread ${tid} waits on ${a.address}, outside the footprint of thread ${owner}: ${describeFootprint(plain.get(owner)!)}`);
            }
          }
        }
      }
    }
    // frozen threads and walls, for every thread with one transition
    for (const t of threads) {
      if (moves.filter((mv) => mv.actor === t).length !== 1 || moves.some((mv) => mv.actor === t && mv.fault !== undefined)) continue;
      const claim = c1Claim(r.analysis, core, w, moves, t);
      if (claim === undefined) continue;
      if (claim.frozen.size > 1) tally.frozenClaims++;
      const walled = new Map<number, Footprint>();
      const walledOf = (owner: number): Footprint => {
        let fp = walled.get(owner);
        if (fp === undefined) { fp = claim.footprint(owner, true); walled.set(owner, fp); }
        return fp;
      };
      for (let j = i; j < wk.worlds.length && (j === wk.steps.length || wk.steps[j]!.actor !== t); j++) {
        // what decides whether the others may move here
        for (const [tid, reads] of wk.waits[j]!) {
          const owner = ownerIn(wk, w, tid);
          if (owner === undefined || claim.frozen.has(owner)) continue;
          for (const a of reads) {
            if (!covered(walledOf(owner), a, tid) && !ownFrame(r, wk.worlds[j], tid, a.address)) {
              problems.push(`${where(i)}: before thread ${t} moves, in state ${j} thread ${tid} waits on ${a.address}, outside thread ${owner}'s footprint cut at walls {${[...claim.walls].join(',')}}: ${describeFootprint(walledOf(owner))}`);
            }
          }
        }
        if (j === wk.steps.length) break;
        const actor = wk.steps[j]!.actor;
        const owner = ownerIn(wk, w, actor);
        if (owner === undefined) continue;
        if (claim.frozen.has(owner)) {
          problems.push(`${where(i)}: step ${j} by thread ${actor} moves before thread ${t}, though the analysis calls thread ${owner} frozen (walls {${[...claim.walls].join(',')}})`);
          break;
        }
        const fp = walledOf(owner);
        for (const a of wk.steps[j]!.accesses) {
          if (claim.walls.size > 0) tally.walledAccesses++;
          if (!covered(fp, a, actor) && outsideOwnFrames(j, a)) {
            problems.push(`${where(i)}: before thread ${t} moves, ${access(j, a)}, outside thread ${owner}'s footprint cut at walls {${[...claim.walls].join(',')}}: ${describeFootprint(fp)}`);
          }
        }
      }
    }
    // invariants, evaluated here
    const e = r.evaluator.core;
    const p = w.procs[0]!;
    for (const fn of r.invariants) {
      e.w = w;
      try {
        e.evaluate(p, fn);
      } catch (x) {
        if (!(x instanceof Halt)) throw x; // one that faults still read what it read
      }
      const deps = (e as unknown as { using: { reads: Int32Array; n: number } }).using;
      for (let k = 0; k < deps.n; k += 2) {
        tally.invariantReads++;
        const a: Access = { address: deps.reads[k]!, write: false, old: 0 };
        if (!covered(r.analysis.invariantReads, a, 0)) {
          problems.push(`${where(i)}: invariant ${r.analysis.program.functions[fn]!.name} reads ${a.address}, outside the invariants' footprint: ${describeFootprint(r.analysis.invariantReads)}`);
        }
      }
    }
  }
  tally.created += wk.creator.size;
  tally.walks++;
  if (wk.moves[wk.moves.length - 1]!.length > 0) tally.truncated++;
  return problems;
}

describe('the footprint analysis over-approximates what threads really touch', () => {
  const subjects = corpus();

  it('has its corpus', () => {
    expect(subjects.length).toBeGreaterThan(200);
  });

  it('holds along random walks of every reducible program', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const s of subjects) {
      const r = prepare(s);
      if (r === undefined) continue;
      checked++;
      for (let k = 0; k < WALKS && problems.length < 5; k++) problems.push(...guard(s.name, r, k + 1, walk(r, k + 1)));
    }
    expect(problems).toEqual([]);
    // it checked something of every kind (the walks are seeded: these do not vary)
    expect(checked).toBeGreaterThan(150);
    expect(tally.truncated).toBeLessThan(tally.walks / 10);
    expect(tally.frozenClaims).toBeGreaterThan(1000);
    expect(tally.walledAccesses).toBeGreaterThan(100);
    expect(tally.invariantReads).toBeGreaterThan(1000);
    expect(tally.created).toBeGreaterThan(1000);
    expect(tally.waitReads).toBeGreaterThan(1000);
  });
});

/**
 * Small programs aimed at what the analysis has to follow: array indexes from
 * loop counters (with arithmetic, and stores only under a branch on a loaded
 * value), nondet and wrapped indexes, pointers held in locals and globals (a
 * local's address too), helpers given addresses, recursion, atomics, locks,
 * trylocks, rw-semaphores, unlocks by a non-owner and re-initialised locks (with
 * and without lock misuse reported), threads creating threads, an invariant
 * calling a helper.
 */
const randomProgram: fc.Arbitrary<string> = (() => {
  const g = fc.constantFrom('g0', 'g1', 'g2');
  const k = fc.integer({ min: 0, max: 3 });
  const e = fc.oneof(k.map(String), g, fc.constantFrom('r', 'a[1]', 'get(2)', '*p'));
  const index = fc.constantFrom('i', 'i + 1', '3 - i', 'i * 2', '(i + 2) % 4', 'i & 3', 'i - 1');
  const simple = fc.oneof(
    fc.tuple(g, e).map(([x, v]) => `${x} = ${v};`),
    e.map((v) => `r = ${v};`),
    fc.tuple(k, e).map(([i, v]) => `a[${i}] = ${v};`),
    fc.constantFrom('p = &g0;', 'p = &a[2];', 'p = gp;', 'gp = &g2;', 'gp = &a[3];', 'if (p != 0) { *p = 1; }', 'loc[1] = r; p = &loc[0];',
      'gp = &loc[1];', 'if (gp != 0) { r = *gp; }', 'if (gp != 0) { *gp = 4; }', 'p = p + 1;', 'r = nondet(0, 3); a[r] = 1;',
      'a[(char)(r + 200) & 3] = 1;', 'r = rec(2);'),
    fc.constantFrom('atomic_store(&g1, 2);', 'r = atomic_load(&g0);', 'atomic_fetch_add(&a[r & 3], 1);', 'r = cmpxchg(&g2, 0, 1);',
      'pthread_mutex_unlock(&m);', 'pthread_mutex_init(&n, 0);', 'down_write(&sem); g0 = 1; up_write(&sem);', 'down_read(&sem); r = g1; up_read(&sem);'),
    fc.tuple(g, e).map(([x, v]) => `set(&${x}, ${v});`),
    fc.constant('set(gp, 3);'),
  );
  const statement = fc.oneof(
    simple,
    simple,
    fc.tuple(fc.integer({ min: 1, max: 5 }), index, fc.constantFrom('', 'g1', 'r'), e).map(([n, ix, cond, v]) =>
      `for (int i = 0; i < ${n}; i++) { ${cond === '' ? '' : `if (${cond}) `}{ a[${ix}] = ${v}; } }`),
    fc.tuple(fc.constantFrom('m', 'n'), simple).map(([l, body]) => `pthread_mutex_lock(&${l}); ${body} pthread_mutex_unlock(&${l});`),
    fc.tuple(fc.constantFrom('m', 'n'), simple).map(([l, body]) => `if (pthread_mutex_trylock(&${l}) == 0) { ${body} pthread_mutex_unlock(&${l}); }`),
    fc.constant('{ pthread_t c; pthread_create(&c, 0, leaf, 0); pthread_join(c, 0); }'),
    fc.tuple(g, k).map(([x, v]) => `while (${x} == ${v + 5}) { }`),
  );
  const body = fc.array(statement, { minLength: 1, maxLength: 3 }).map((list) => list.join('\n  '));
  return fc.record({ bodies: fc.array(body, { minLength: 2, maxLength: 2 }), main: fc.array(simple, { maxLength: 2 }), invariant: fc.boolean() })
    .map(({ bodies, main, invariant }) => `int g0; int g1; int g2; int a[4]; int pad; int *gp;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
struct rw_semaphore sem;
int get(int i) { return a[i]; }
int rec(int d) { if (d == 0) { return a[d]; } a[d] = d; return rec(d - 1); }
void set(int *q, int v) { *q = v; }
void *leaf(void *arg) { g2 = g2 + 1; return 0; }
${invariant ? '#pragma invariant inv\nint inv(void) { return get(3) != 9; }' : ''}
${bodies.map((b, i) => `void *t${i}(void *arg) {\n  int r = 0; int loc[2]; int *p = &g${i};\n  ${b}\n  return 0;\n}`).join('\n')}
int main(void) {
  int r = 0; int loc[2]; int *p = &g1;
  pthread_t h0; pthread_t h1;
  pthread_create(&h0, 0, t0, 0); pthread_create(&h1, 0, t1, 0);
  ${main.join(' ')}
  pthread_join(h0, 0); pthread_join(h1, 0);
  return 0;
}`);
})();

describe('the footprint analysis on random programs', () => {
  it('over-approximates what their threads touch', () => {
    fc.assert(
      fc.property(randomProgram, fc.boolean(), (text, lockMisuse) => {
        const options: CheckOptions = lockMisuse ? {} : { properties: ['assertion', 'deadlock'] };
        const s: Subject = { name: 'random program', units: [{ name: 'm.c', text }], options };
        const r = prepare(s);
        if (r === undefined) throw new Error(`does not compile:\n${text}`);
        const problems: string[] = [];
        for (let k = 0; k < 8 && problems.length === 0; k++) problems.push(...guard(s.name, r, k + 1, walk(r, k + 1)));
        if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${text}`);
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });
});

describe('the guard itself', () => {
  /** The analysis, but every footprint from a thread's position leaves out one address. */
  class Forgetful extends FootprintAnalysis {
    constructor(program: Program, invariants: number[], lockMisuse: boolean, readonly forget: number) {
      super(program, invariants, lockMisuse);
    }
    override from(fn: number, pc: number, walls: Set<number>, wallKey: string): Footprint {
      const fp = super.from(fn, pc, walls, wallKey);
      const out = { ...fp, reads: new Set(fp.reads), writes: new Set(fp.writes), lockWrites: new Set(fp.lockWrites) };
      out.reads.delete(this.forget);
      out.writes.delete(this.forget);
      return out;
    }
  }

  it('names the program, state and address when a footprint misses one', () => {
    const text = `int x; int y;
void *t(void *arg) { y = 1; x = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, t, 0); int r = x; pthread_join(h, 0); return 0; }`;
    const s: Subject = { name: 'forgetful', units: [{ name: 'm.c', text }], options: {} };
    const x = compile(s.units).program!.memory.globalsBase; // x is the first global
    const r = prepare(s, (program, invariants, lockMisuse) => new Forgetful(program, invariants, lockMisuse, x))!;
    const problems = guard(s.name, r, 1, walk(r, 1));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^forgetful, walk seed 1, state \d+ \(after actors \[[\d,]*\]\): .*(writes|reads) \d+ \(x\), outside the footprint of thread \d+/);
    // and the real analysis is content with the same walk
    expect(guard(s.name, prepare(s)!, 1, walk(prepare(s)!, 1))).toEqual([]);
  });
});
