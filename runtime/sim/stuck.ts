// Why a stuck state is stuck. A thread asleep on a futex or wait channel that
// nothing can wake any more makes it a lost wakeup; otherwise it is a deadlock,
// and the finding says who holds what and who waits for what, with positions.
// One exception: a sleeper that holds a lock another stuck thread is blocked on
// is part of a circular wait (it sleeps until someone acts, and that someone
// waits for the sleeper's lock), which is a deadlock, not a wakeup that was sent
// and missed — alc's "fork and the page fault wait for each other" is this shape.

import { BUILTIN_ID } from '../builtins.ts';
import type { Finding } from '../check/system.ts';
import { Op, type SourcePos } from '../ir.ts';
import type { Machine } from './index.ts';
import { peek } from './memory.ts';
import { PS, TS, live, procOf, type Proc, type Thread, type World } from './state.ts';

interface Wait {
  thread: number;
  process: number;
  waitsFor: string;
  heldBy?: number;
  pos?: SourcePos;
  sleeper: boolean;
}

const B = BUILTIN_ID as Record<string, number>;

/** What a thread that cannot move waits for (undefined when it can move). */
export function waitOf(m: Machine, p: Proc, t: Thread): Wait | undefined {
  if (!live(t) || m.enabled(p, t)) return undefined;
  const c = m.core;
  const name = (a: number): string => c.names.of(p, a);
  const w: Wait = { thread: t.tid, process: p.pid, waitsFor: 'something', sleeper: false };
  const pos = c.posOf(t);
  if (pos) w.pos = pos;
  const owned = (word: number): void => { const o = peek(p, word); if (o !== 0) w.heldBy = o; };
  switch (t.status) {
    case TS.FUTEX: w.waitsFor = `a futex_wake on ${name(t.wait)}`; w.sleeper = true; return w;
    case TS.SLEEP: case TS.MSLEEP: w.waitsFor = `a wakeup on channel ${name(t.wait)}`; w.sleeper = true; return w;
    case TS.REACQ: w.waitsFor = `lock ${c.names.lock(p, t.aux)}`; owned(t.aux); return w;
  }
  const f = t.frames[t.frames.length - 1];
  if (f === undefined) return w;
  const code = c.prog.functions[f.fn]!.code;
  if (code[f.pc] === Op.STORE) { w.waitsFor = 'a fork in progress to finish copying the page it writes'; return w; }
  if (code[f.pc] !== Op.BUILTIN) return w;
  const id = code[f.pc + 1]!;
  const argc = code[f.pc + 2]!;
  const a0 = t.ops[t.ops.length - argc]!;
  if (t.sb.length > 0) { w.waitsFor = 'its store buffer to drain'; return w; }
  if (id === B.pthread_mutex_lock || id === B.mutex_lock) { w.waitsFor = `lock ${c.names.lock(p, a0)}`; owned(a0); }
  else if (id === B.down_read) { w.waitsFor = `${c.names.lock(p, a0)} for reading`; owned(a0 + 1); }
  else if (id === B.down_write) {
    w.waitsFor = `${c.names.lock(p, a0)} for writing`;
    owned(a0 + 1);
    if (w.heldBy === undefined && peek(p, a0) > 0) w.waitsFor += ` (${peek(p, a0)} reader${peek(p, a0) > 1 ? 's' : ''} hold it)`;
  } else if (id === B.pthread_join) w.waitsFor = `thread ${a0} to finish`;
  else if (id === B.waitpid) w.waitsFor = a0 > 0 ? `process ${a0} to exit` : 'a child process to exit';
  else if (id === B.fork) w.waitsFor = 'another fork of its process to finish';
  else w.waitsFor = 'a fork in progress to finish';
  return w;
}

export function stuckFinding(m: Machine, w: World): Finding {
  const waits: Wait[] = [];
  for (const t of w.threads) {
    const p = procOf(w, t.pid);
    if (p === undefined || p.status !== PS.ALIVE) continue;
    const x = waitOf(m, p, t);
    if (x) waits.push(x);
  }
  const blocksOthers = (x: Wait): boolean => waits.some((o) => !o.sleeper && o.heldBy === x.thread && o.thread !== x.thread);
  const sleeper = waits.find((x) => x.sleeper && !blocksOthers(x));
  const list = waits.map(({ sleeper: _s, ...rest }) => rest);
  const where = (x: Wait): string => (x.pos ? ` at ${m.core.names.where(x.pos)}` : '');
  if (sleeper) {
    const f: Finding = {
      kind: 'lost-wakeup', property: 'lost-wakeup',
      message: `thread ${sleeper.thread} sleeps forever waiting for ${sleeper.waitsFor}${where(sleeper)}: nothing can wake it any more`,
      thread: sleeper.thread, process: sleeper.process, waits: list,
    };
    if (sleeper.pos) f.pos = sleeper.pos;
    return f;
  }
  const parts = waits.map((x) => x.sleeper
    ? `thread ${x.thread} sleeps waiting for ${x.waitsFor}${where(x)}, holding a lock the others need`
    : `thread ${x.thread} waits for ${x.waitsFor}${x.heldBy !== undefined ? ` (held by thread ${x.heldBy})` : ''}${where(x)}`);
  const f: Finding = {
    kind: 'deadlock', property: 'deadlock',
    message: parts.length > 0 ? parts.join('; ') : 'no thread can move, and not every thread has finished',
    waits: list,
  };
  const first = waits[0];
  if (first) {
    f.thread = first.thread;
    f.process = first.process;
    if (first.pos) f.pos = first.pos;
  }
  return f;
}
