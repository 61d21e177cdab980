import { describe, expect, it } from 'vitest';
import { explore } from '../../runtime/check/explore.ts';
import { offendingLines, renderSwimlane } from '../../runtime/check/swimlane-text.ts';
import { checkSource } from '../../runtime/check/index.ts';
import { counterRace, toy } from './toy.ts';

const files = [{ name: 'm.c', text: 'line one\nline two\n  x = x + 1;\nline four\nline five\nline six\n  p = p->next;\n' }];

describe('plain-text swimlane', () => {
  it('puts each thread in its own column and marks preemptions', () => {
    const r = explore(counterRace(false));
    const text = renderSwimlane(r.trace!, files);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^step {2}T1 \(pid 1\)\s+│ T2 \(pid 1\)\s+│ T3 \(pid 1\)$/);
    expect(lines).toHaveLength(2 + r.trace!.length + 1);
    // step 2 is T2's load, in the second column, after a preemption
    const row2 = lines[3]!;
    expect(row2.startsWith('   2  ')).toBe(true);
    expect(row2.indexOf('* m.c:1 load x')).toBe(lines[0]!.indexOf('T2'));
    expect(text).toContain('(* = preemption');
  });

  it('marks where a lasso starts repeating and shows the looping line', () => {
    const r = explore(toy([1, 2, 1], [[{ op: 'p = p->next', line: 7, run: (v) => void (v[0] = v[v[0]!]!), next: (v, pc) => (v[0] === 0 ? pc + 1 : pc) }]]));
    const opts = { loopStart: r.loopStart!, finding: r.finding! };
    const text = renderSwimlane(r.trace!, files, opts);
    const lines = text.split('\n');
    expect(lines[2 + r.loopStart!]).toContain('↻ from here on the steps repeat forever');
    const src = offendingLines(r.trace!, files, opts);
    expect(src).toContain('m.c:7:1: thread 1 (pid 1) can run forever');
    expect(src).toContain('    7 |   p = p->next;');
  });

  it('names each column after its thread\'s start routine; a forked child keeps its parent\'s', () => {
    const text = `int x;
void *worker(void *a) { x = 1; return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  int pid = fork();
  if (pid == 0) { assert(x == 0); _exit(0); }
  pthread_join(t, 0);
  return 0;
}`;
    const r = checkSource([{ name: 'fork.c', text }], { reduction: false });
    expect(r.verdict).toBe('fail');
    const header = renderSwimlane(r.trace!, [{ name: 'fork.c', text }]).split('\n')[0]!;
    expect(header).toContain('main · T1 (pid 1)');
    expect(header).toContain('worker · T2 (pid 1)');
    expect(header).toMatch(/main · T\d+ \(pid [2-9]\d*\)/); // the child's one thread, in its own process
  });

  it('cuts long cells', () => {
    const r = explore(toy([0], [[{ op: 'x'.repeat(100), run: () => 'boom' }]]));
    const text = renderSwimlane(r.trace!, files, { columnWidth: 20 });
    expect(text.split('\n')[2]).toMatch(/m\.c:1 x+…$/);
    expect(text.split('\n')[2]!.length).toBe(6 + 20);
  });
});
