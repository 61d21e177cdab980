// Several units compiled together: linking across units, mayDefine and forbid.
import { describe, expect, it } from 'vitest';
import { compile, type SourceUnit } from '../../runtime/dialect/index.ts';

const model = `
pthread_mutex_t lock;
int forks;
int plash_fork(void);
int main(void) { plash_fork(); return forks; }
`;

function messages(units: SourceUnit[]): string[] {
  return compile(units).diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
}

describe('units', () => {
  it('a fix that defines exactly its functions compiles with the model', () => {
    const r = compile([{ name: 'model', text: model }, { name: 'fix', text: 'int plash_fork(void) { forks++; return fork(); }', mayDefine: ['plash_fork'] }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('a fix must define every function it is given', () => {
    expect(messages([{ name: 'model', text: model }, { name: 'fix', text: 'int helper;', mayDefine: ['plash_fork'] }]))
      .toEqual(['fix:1:1: exercise must define plash_fork']);
  });

  it("a fix may not define the model's functions or others", () => {
    expect(messages([
      { name: 'model', text: model },
      { name: 'fix', text: 'int plash_fork(void) { return 0; }\nint main(void) { return 1; }\nint extra(void) { return 2; }', mayDefine: ['plash_fork'] },
    ])).toEqual([
      "fix:2:5: 'main' belongs to the model; this fix may define only plash_fork",
      "fix:2:5: 'main' is already defined (at model:5:5)",
      "fix:3:5: this fix may define only plash_fork, not 'extra'",
    ]);
  });

  it('forbidden builtins are reported at the call', () => {
    expect(messages([
      { name: 'model', text: model },
      { name: 'fix', text: 'int plash_fork(void) {\n  pthread_mutex_init(&lock, NULL);\n  return fork();\n}', mayDefine: ['plash_fork'], forbid: ['pthread_mutex_init'] },
    ])).toEqual(['fix:2:3: this exercise may not call pthread_mutex_init']);
  });

  it("forbid also covers the model's own functions", () => {
    expect(messages([
      { name: 'model', text: model + 'void reset(void) { forks = 0; }\n' },
      { name: 'fix', text: 'int plash_fork(void) { reset(); return fork(); }', mayDefine: ['plash_fork'], forbid: ['reset'] },
    ])).toEqual(['fix:1:24: this exercise may not call reset']);
  });

  it('later units see earlier defines and types; positions name the unit', () => {
    const r = compile([
      { name: 'a.c', text: '#define LIMIT 4\nstruct box { int v; };\n' },
      { name: 'b.c', text: 'struct box b;\nint main(void) { b.v = LIMIT; return b.w; }' },
    ]);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual(["b.c:2:40: struct box has no field 'w' (did you mean 'v'?)"]);
  });

  it('maxDepth bounds nesting', () => {
    const r = compile([{ name: 'n.c', text: 'int x = ((((((1))))));' }], { maxDepth: 4 });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual(['1:10: nesting deeper than 4 levels']);
    expect(compile([{ name: 'n.c', text: 'int x = ((((((1))))));' }]).ok).toBe(true);
  });

  it('too much source is refused with a clear error, not a hang', () => {
    const r = compile([{ name: 'big.c', text: 'int x;\n'.repeat(100) }], { maxSourceChars: 100 });
    expect(r.diagnostics).toEqual([{ severity: 'error', file: 'big.c', line: 1, column: 1, message: 'the program is too long (more than 100 characters)' }]);
  });
});
