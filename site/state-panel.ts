// What the machine looks like after a step: each process's memory (named words),
// heap blocks, locks and their owners, descriptors and fork progress; each
// thread's status, place, locals, store buffer and held locks; and the linked
// structures as boxes and arrows.
import { h } from './dom.ts';
import { boxes } from './boxes.ts';
import type { SnapshotView } from './protocol.ts';

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function list<T>(title: string, items: T[], row: (t: T) => (Node | string)[]): HTMLElement | null {
  if (items.length === 0) return null;
  return h('div', { class: 'state-list' }, h('h5', {}, title), h('ul', {}, items.map((t) => h('li', {}, row(t)))));
}

export function statePanel(snap: SnapshotView, caption: string): HTMLElement {
  const processes = snap.processes.map((p) => {
    const graph = snap.graphs.find((g) => g.process === p.pid);
    // String literals are globals named by their quoted text; they never change, and
    // listing them a character per row would bury the words that do.
    return h('section', { class: 'proc', 'aria-label': `Process ${p.pid}` },
      h('h4', {}, `Process ${p.pid}`, p.forking ? ` — forking: ${p.forking.pagesCopied}/${p.forking.pages} pages copied` : ''),
      list('Memory', p.memory.filter((m) => m.name && !m.name.startsWith('"')), (m) => [h('code', {}, m.name ?? hex(m.address)), ' = ', String(m.value)]),
      list('Locks', p.locks, (l) => [h('code', {}, l.name ?? hex(l.address)), ` ${l.kind}: `,
        l.owner !== undefined && l.owner !== 0 ? `held by T${l.owner}` : l.readers && l.readers.length ? `read-held by ${l.readers.map((r) => `T${r}`).join(', ')}` : 'free']),
      list('Heap', p.heap, (b) => [`#${b.id} at ${hex(b.address)}, ${b.size} words${b.freed ? ' (freed)' : ''}`]),
      list('Descriptors', p.fds, (f) => [`fd ${f.fd} → ${f.file}${f.flags.length ? ` (${f.flags.join(', ')})` : ''}`]),
      graph ? h('div', { class: 'boxes-wrap' }, boxes(graph)) : null);
  });
  const threads = snap.threads.map((t) => {
    const at = snap.places[t.tid];
    return h('section', { class: `thread ${t.status}`, 'aria-label': `Thread ${t.tid}` },
      h('h4', {}, `T${t.tid} · pid ${t.pid}: ${t.status}${t.blockedOn ? ` on ${t.blockedOn}` : ''}`),
      h('p', {}, t.function ? h('code', {}, t.function) : '', at ? ` at line ${at.line}` : ''),
      list('Locals', t.locals, (l) => [h('code', {}, l.name), ` = ${/\*/.test(l.type) ? (l.value === 0 ? 'NULL' : hex(l.value)) : l.value}`]),
      list('Holds', t.held, (l) => [h('code', {}, l.name ?? hex(l.lock)), ` (${l.mode})`]),
      list('Store buffer (oldest first)', t.storeBuffer, (b) => [h('code', {}, b.name ?? hex(b.address)), ` ← ${b.value}`]));
  });
  return h('div', { class: 'state-panel', 'aria-live': 'polite' },
    h('p', { class: 'state-caption' }, caption),
    h('div', { class: 'state-grid' }, h('div', { class: 'procs' }, processes), h('div', { class: 'threads' }, threads)));
}
