// Memory rules: globals, malloc/free with allocation ids, faults as findings,
// frames for address-taken locals, and runtime errors inside one step.
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../runtime/sim/index.ts';
import { build, explore, globalValue, kinds, runOnce } from './harness.ts';

function only(src: string) {
  const e = explore(build(src));
  return e;
}

describe('memory', () => {
  it('globals start with their initial values and keep stores', () => {
    const p = build('int a = 5; int b; int main(void) { b = a + 1; return 0; }');
    const { last } = runOnce(createMachine(p));
    expect(last.finding).toBeUndefined();
    expect(globalValue(p, last.state, 'b')).toBe(6);
  });

  it('a null dereference is a memory-fault finding at its line', () => {
    const e = only('int *p;\nint main(void) {\n  *p = 1;\n  return 0;\n}');
    expect(kinds(e)).toEqual(['memory-fault']);
    expect(e.findings[0]!.message).toMatch(/null pointer/);
    expect(e.findings[0]!.pos?.line).toBe(3);
  });

  it('page 0 is unmapped: a small offset from NULL faults too', () => {
    const e = only('struct s { int a; int b; }; struct s *p;\nint main(void) { return p->b; }');
    expect(e.findings[0]!.message).toMatch(/page 0/);
  });

  it('running off the end of an allocation is out of bounds', () => {
    const e = only('int main(void) { int *p = malloc(2); p[2] = 1; return 0; }');
    expect(e.findings.map((f) => f.message).join()).toMatch(/out-of-bounds/);
  });

  it('use after free and double free are memory faults', () => {
    const uaf = only('int main(void) { int *p = malloc(2); free(p); return p[0]; }');
    expect(uaf.findings[0]!.message).toMatch(/use after free/);
    const df = only('int main(void) { int *p = malloc(2); free(p); free(p); return 0; }');
    expect(df.findings[0]!.message).toMatch(/double free/);
    const bad = only('int main(void) { int *p = malloc(2); free(p + 1); return 0; }');
    expect(bad.findings[0]!.message).toMatch(/not an address malloc returned/);
  });

  it('malloc reuses a freed block of the same size under a new allocation id', () => {
    const p = build(`int same; int id1; int id2;
      int main(void) { int *a = malloc(3); id1 = alloc_id(a); free(a);
        int *b = malloc(3); id2 = alloc_id(b); same = (a == b); return 0; }`);
    const { last } = runOnce(createMachine(p));
    expect(globalValue(p, last.state, 'same')).toBe(1);
    expect(globalValue(p, last.state, 'id1')).not.toBe(globalValue(p, last.state, 'id2'));
    expect(globalValue(p, last.state, 'id1')).toBeGreaterThan(0);
  });

  it('alloc_id of freed memory is 0', () => {
    const p = build('int r = 7; int main(void) { int *a = malloc(1); free(a); r = alloc_id(a); return 0; }');
    const { last } = runOnce(createMachine(p));
    expect(globalValue(p, last.state, 'r')).toBe(0);
  });

  it('a call through a bad function pointer is a memory fault', () => {
    const e = only('void (*f)(void); int main(void) { f(); return 0; }');
    expect(e.findings[0]!.kind).toBe('memory-fault');
    expect(e.findings[0]!.message).toMatch(/function pointer/);
  });

  it('address-taken locals live in the thread stack and work across calls', () => {
    const p = build(`int r;
      void set(int *p, int v) { *p = v; }
      int twice(int v) { int a[2]; set(&a[0], v); set(&a[1], v); return a[0] + a[1]; }
      int main(void) { int k; set(&k, 4); r = twice(k) + twice(1); return 0; }`);
    const { last } = runOnce(createMachine(p));
    expect(last.finding).toBeUndefined();
    expect(globalValue(p, last.state, 'r')).toBe(10);
  });

  it("a pointer to a returned function's local faults when used", () => {
    const e = only('int *keep;\nvoid f(void) { int x; x = 1; keep = &x; }\nint main(void) { f(); return *keep; }');
    expect(e.findings[0]!.kind).toBe('memory-fault');
    expect(e.findings[0]!.message).toMatch(/out-of-bounds|local variable of a function that has returned/);
  });

  it('frame words are named after their local variables in traces', () => {
    const p = build('int main(void) { int a[2]; a[1] = 5; return a[1]; }');
    const { events } = runOnce(createMachine(p));
    expect(events[0]!.op).toBe('store main:a[1] = 5');
  });

  it('deep recursion with frames is a stack overflow, not a crash', () => {
    const e = only('#pragma stack_words 16\nint f(int n) { int a[4]; a[0] = n; return f(n + 1) + a[0]; }\nint main(void) { return f(0); }');
    expect(e.findings[0]!.kind).toBe('runtime-error');
    expect(e.findings[0]!.message).toMatch(/stack overflow/);
  });

  it('a huge malloc is a runtime error, not a crash of the host', () => {
    const e = only('int main(void) { int *p = malloc(2000000000); p[0] = 1; return 0; }');
    expect(e.findings[0]!.kind).toBe('runtime-error');
    expect(e.findings[0]!.message).toMatch(/out of memory/);
  });

  it('division by zero is a runtime error', () => {
    const e = only('int z; int main(void) { int a = 1; int b = z; return a / b; }');
    expect(e.findings[0]!.message).toMatch(/division by zero/);
  });

  it('a loop that never touches memory is a runtime error, not a hang', () => {
    const p = build('int main(void) { int i = 0; while (1) { i = i + 1; } return 0; }');
    const e = explore(p, { maxTransitionInstructions: 1000 });
    expect(e.findings[0]!.message).toMatch(/^infinite loop without shared-memory access \(more than 1,000 instructions in one step\)$/);
  });

  it('a non-void function that falls off its end is a runtime error', () => {
    const e = only('int f(int a) { if (a) return 1; }\nint main(void) { return f(0); }');
    expect(e.findings[0]!.kind).toBe('runtime-error');
  });
});

describe('model builtins', () => {
  it('nondet explores every value in the range, labels differ per value', () => {
    const p = build('int v; int main(void) { v = nondet(2, 5); return 0; }');
    const e = explore(p, {}, ['v']);
    expect([...e.outcomes].sort()).toEqual(['v=2', 'v=3', 'v=4', 'v=5']);
    const sys = createMachine(p);
    const ts = sys.transitions(sys.initial().state);
    expect(ts.length).toBe(4);
    expect(new Set(ts.map((t) => t.label)).size).toBe(4);
  });

  it('assume(false) prunes the state: no finding, no terminal outcome', () => {
    const p = build('int v; int main(void) { v = nondet(0, 3); assume(v != 2); assert(v != 2); return 0; }');
    const e = explore(p, {}, ['v']);
    expect(e.findings).toEqual([]);
    expect([...e.outcomes].sort()).toEqual(['v=0', 'v=1', 'v=3']);
  });

  it('assert failure is an assertion finding carrying the condition text', () => {
    const e = only('int v; int main(void) { v = nondet(0, 1); assert(v == 0); return 0; }');
    expect(e.findings[0]!.kind).toBe('assertion');
    expect(e.findings[0]!.message).toContain('v == 0');
  });
});

describe('invariants', () => {
  it('an always invariant is checked after every step', () => {
    const src = `int a; int b;
      int same(void) { return a == b; }
      #pragma invariant same
      int main(void) { a = 1; b = 1; return 0; }`;
    const e = only(src);
    expect(e.findings[0]!.kind).toBe('invariant');
    expect(e.findings[0]!.property).toBe('same');
  });

  it('options.properties selects which invariants are evaluated', () => {
    const src = `int a; int b;
      int same(void) { return a == b; }
      #pragma invariant same
      int main(void) { a = 1; b = 1; return 0; }`;
    expect(explore(build(src), { properties: ['deadlock'] }).findings).toEqual([]);
  });

  it('an at_exit invariant is checked only when the process exits', () => {
    const src = `int a; int b;
      int same(void) { return a == b; }
      #pragma invariant at_exit same
      int main(void) { a = 1; b = nondet(0, 1); return 0; }`;
    const e = only(src);
    expect(e.findings.length).toBe(1);
    expect(e.findings[0]!.property).toBe('same');
    expect(e.outcomes.size).toBe(1);
  });

  it('an invariant that stores is a runtime error', () => {
    const src = `int a;
      int bad(void) { a = 2; return 1; }
      #pragma invariant bad
      int main(void) { a = 1; return 0; }`;
    const e = only(src);
    expect(e.findings[0]!.kind).toBe('invariant');
    expect(e.findings[0]!.property).toBe('bad');
    expect(e.findings[0]!.message).toMatch(/must not change memory/);
  });

  it('an invariant may walk a heap list and use address-taken locals', () => {
    const src = `struct node { int v; struct node *next; }; struct node *head;
      int sum_ok(void) { int s[1]; s[0] = 0; struct node *n = head; while (n) { s[0] = s[0] + n->v; n = n->next; } return s[0] <= 3; }
      #pragma invariant sum_ok
      int main(void) { struct node *a = malloc(2); a->v = 1; a->next = 0; head = a;
        struct node *b = malloc(2); b->v = 3; b->next = head; head = b; return 0; }`;
    const e = only(src);
    expect(e.findings[0]?.property).toBe('sum_ok');
  });
});

describe('determinism', () => {
  it('the same program gives identical state vectors and transitions', () => {
    const src = `int x; pthread_mutex_t m;
      void *w(void *a) { pthread_mutex_lock(&m); x = x + 1; pthread_mutex_unlock(&m); return 0; }
      int main(void) { pthread_t a, b; pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0);
        pthread_join(a, 0); pthread_join(b, 0); return 0; }`;
    const run = () => {
      const sys = createMachine(build(src), { memoryModel: 'tso' });
      let s = sys.initial().state;
      const trace: string[] = [];
      for (let i = 0; i < 200; i++) {
        const ts = sys.transitions(s);
        if (ts.length === 0) break;
        const t = ts[i % ts.length]!;
        s = sys.step(s, t, false).state;
        trace.push(`${t.label}:${s.join(',')}`);
      }
      return trace;
    };
    expect(run()).toEqual(run());
    const e1 = explore(build(src), { memoryModel: 'tso' });
    const e2 = explore(build(src), { memoryModel: 'tso' });
    expect(e1.states).toBe(e2.states);
  });

  it('step never mutates the state it is given', () => {
    const sys = createMachine(build('int x; int main(void) { x = 1; x = 2; return 0; }'));
    const s0 = sys.initial().state;
    const copy = s0.slice();
    sys.step(s0, sys.transitions(s0)[0]!, true);
    expect(s0).toEqual(copy);
  });
});
