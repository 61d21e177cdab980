// Property: for any input — random bytes, or a real program with tokens deleted,
// duplicated, swapped or wrapped in deep nesting — compile() returns (never
// throws, never hangs), never reports an internal error, and every diagnostic
// has a line, a column and a message.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../runtime/dialect/index.ts';
import { checkWellFormed } from './wellformed.ts';

const here = dirname(fileURLToPath(import.meta.url));
const GOOD = `
#define WAITERS 0x80000000
#pragma invariant list_ok
struct node { int v; struct node *next, *prev; };
typedef struct node node_t;
enum mode { ADD = 1, DEL = 2 };
struct ops { int (*apply)(node_t *, int); };
node_t nodes[3] = { { 1, &nodes[1], NULL }, { .v = 2 } };
node_t *head = &nodes[0];
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int in_flight;
int list_ok(void) { for (node_t *p = head; p; p = p->next) if (p->next && p->next->prev != p) return 0; return 1; }
int bump(node_t *n, int by) { n->v += by; return n->v; }
struct ops table = { bump };
void *worker(void *arg) {
  pthread_mutex_lock(&lock);
  in_flight = (int)arg | ADD;
  switch (in_flight & 3) { case ADD: table.apply(head, 1); case DEL: break; default: goto out; }
  do { in_flight--; } while (in_flight > 0 && !(in_flight & WAITERS));
out:
  pthread_mutex_unlock(&lock);
  return NULL;
}
int main(void) {
  pthread_t t[2];
  char name[8] = "abc";
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  assert(list_ok() && name[0] == 'a' ? 1 : sizeof(node_t));
  return in_flight;
}
`;
const corpus = [GOOD, ...readdirSync(join(here, 'errors')).filter((f) => f.endsWith('.c')).map((f) => readFileSync(join(here, 'errors', f), 'utf8'))];

function tokens(text: string): string[] {
  return text.match(/\s+|[A-Za-z_]\w*|0x[0-9a-fA-F]+|\d+|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|->|\+\+|--|&&|\|\||[<>=!]=|<<|>>|./g) ?? [];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), len: fc.nat() }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), len: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 3000 }) }),
);

function mutate(text: string, ms: { kind: string; at: number; len: number }[]): string {
  let toks = tokens(text);
  for (const m of ms) {
    const at = toks.length === 0 ? 0 : m.at % toks.length;
    switch (m.kind) {
      case 'delete': toks.splice(at, m.len); break;
      case 'duplicate': toks.splice(at, 0, ...toks.slice(at, at + m.len)); break;
      case 'swap': {
        const b = toks.length === 0 ? 0 : m.len % toks.length;
        [toks[at], toks[b]] = [toks[b] ?? '', toks[at] ?? ''];
        break;
      }
      case 'byte': toks.splice(at, 0, String.fromCharCode(m.len)); break;
      case 'nest': {
        const open = ['(', '{', '[', '*', '-', '!'][m.len % 6]!;
        toks.splice(at, 0, open.repeat(m.len));
        break;
      }
    }
  }
  return toks.join('');
}

function check(text: string): void {
  const started = performance.now();
  const r = compile([{ name: 'fuzz.c', text }]);
  const ms = performance.now() - started;
  expect(ms, 'compile must not hang').toBeLessThan(5000);
  expect(r.ok).toBe(!r.diagnostics.some((d) => d.severity === 'error'));
  if (r.program !== undefined) checkWellFormed(r.program);
  for (const d of r.diagnostics) {
    expect(d.message).not.toMatch(/internal compiler error/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.message).not.toMatch(/\n/);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.file).toBe('fuzz.c');
  }
}

describe('the compiler survives any input', () => {
  it('the unmutated program compiles', () => {
    const r = compile([{ name: 'good.c', text: GOOD }]);
    expect(r.diagnostics).toEqual([]);
  });

  it('mutated programs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }), (text, ms) => check(mutate(text, ms))),
      { numRuns: 400, seed: 20261125 },
    );
  });

  it('random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => check(text)), { numRuns: 200, seed: 7 });
    fc.assert(fc.property(fc.array(fc.constantFrom(...'(){}[];,*&-+!~?:=<>"\'#/\\\nintstructifwhilefor0x1 '.split('')), { maxLength: 400 }), (cs) => check(cs.join(''))), { numRuns: 200, seed: 8 });
  });

  it('extreme nesting and length are bounded', () => {
    for (const open of ['(', '{', '-', 'if(1)', 'struct{', 'a=']) {
      check(`int f(void) { return ${open.repeat(100_000)}`);
      check(`int x = ${open.repeat(100_000)}1;`);
    }
    check(`int x = ${'1+'.repeat(100_000)}1;`);
    // found by fuzzing: a backslash-newline inside a string or character constant
    check('"\\\n');
    check("'\\\n'");
    check('char *s = "a\\\r\nb";');
    // declarators: pointer, array and function wrappers nest too
    check(`int ${'*'.repeat(100_000)}x;`);
    check(`int x${'[1]'.repeat(50_000)};`);
    check(`int f${'(void)'.repeat(30_000)};`);
    check(`int f(void) { return (int${'*'.repeat(100_000)})0; }`);
    check(`enum { ${'A,'.repeat(50_000)} };`);
    check(`int f(void) { ${'int a; '.repeat(20_000)} }`);
  });
});
