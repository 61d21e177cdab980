// What generated code computes, checked with the test-only evaluator.
import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

describe('generated code computes the right values', () => {
  it('recursion: fib(10) = 55', () => {
    expect(run('int fib(int n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }', 'fib', [10])).toBe(55);
  });

  it('loops: while, for with a C99 declaration, do/while, break and continue', () => {
    const src = `
      int main(void) {
        int s = 0;
        for (int i = 0; i < 10; i++) { if (i == 3) continue; if (i == 8) break; s += i; }
        int j = 0;
        while (j < 5) j++;
        int k = 0;
        do { k += 2; } while (k < 7);
        return s * 100 + j * 10 + k;
      }`;
    expect(run(src)).toBe((0 + 1 + 2 + 4 + 5 + 6 + 7) * 100 + 50 + 8);
  });

  it('switch falls through to the next case and uses default', () => {
    const src = `
      int classify(int x) {
        int r = 0;
        switch (x) {
          case 1: r += 1;
          case 2: r += 10; break;
          case 3: return 300;
          default: r = -1;
        }
        return r;
      }`;
    expect(run(src, 'classify', [1])).toBe(11);
    expect(run(src, 'classify', [2])).toBe(10);
    expect(run(src, 'classify', [3])).toBe(300);
    expect(run(src, 'classify', [9])).toBe(-1);
  });

  it('goto jumps to a label (the kernel error-path style)', () => {
    const src = `
      int f(int x) {
        int r = 0;
        if (x > 5) goto out;
        r = 1;
      out:
        r += 10;
        return r;
      }`;
    expect(run(src, 'f', [9])).toBe(10);
    expect(run(src, 'f', [1])).toBe(11);
  });

  it('structs, pointers and a linked list in globals', () => {
    const src = `
      struct node { int value; struct node *next; };
      struct node pool[4];
      struct node *head = NULL;
      void push(struct node *n, int v) { n->value = v; n->next = head; head = n; }
      int main(void) {
        for (int i = 0; i < 4; i++) push(&pool[i], i + 1);
        int s = 0;
        for (struct node *p = head; p != NULL; p = p->next) s = s * 10 + p->value;
        return s;
      }`;
    expect(run(src)).toBe(4321);
  });

  it('local arrays and structs live in the frame; pointer arithmetic scales by the element size', () => {
    const src = `
      struct pair { int a; int b; };
      int main(void) {
        struct pair ps[3] = { {1, 2}, {3, 4}, {5, 6} };
        struct pair *p = ps;
        p = p + 2;
        int d = p - ps;
        int arr[5] = { 1, 2 };
        int *q = &arr[1];
        *(q + 1) = 7;
        return p->b * 1000 + d * 100 + arr[2] * 10 + arr[4];
      }`;
    expect(run(src)).toBe(6000 + 200 + 70 + 0);
  });

  it('short-circuit && and || do not evaluate the right side when the left decides', () => {
    const src = `
      int calls;
      int touch(int v) { calls++; return v; }
      int main(void) {
        int a = 0 && touch(1);
        int b = 1 || touch(1);
        int c = touch(1) && touch(0);
        return calls * 100 + a * 10 + b + c;
      }`;
    expect(run(src)).toBe(201);
  });

  it('32-bit wrapping, unsigned comparison and division, char truncation, bool normalisation', () => {
    const src = `
      int main(void) {
        int big = 2147483647;
        big = big + 1;
        unsigned u = 0xFFFFFFFF;
        char c = 300;
        bool b = 42;
        int r = 0;
        if (big < 0) r += 1;
        if (u > 1) r += 10;
        if (u / 2 == 0x7FFFFFFF) r += 100;
        if (c == 44) r += 1000;
        if (b == 1) r += 10000;
        if ((-7 >> 1) == -4) r += 100000;
        if ((u >> 31) == 1) r += 1000000;
        return r;
      }`;
    expect(run(src)).toBe(1111111);
  });

  it('function pointers in an operation table', () => {
    const src = `
      struct ops { int (*apply)(int, int); const char *name; };
      int add(int a, int b) { return a + b; }
      int mul(int a, int b) { return a * b; }
      struct ops table[2] = { { add, "add" }, { .apply = mul, .name = "mul" } };
      int main(void) {
        int (*f)(int, int) = &add;
        return table[0].apply(2, 3) * 100 + table[1].apply(4, 5) + (*f)(0, 0) + table[1].name[1] - 'u';
      }`;
    expect(run(src)).toBe(520);
  });

  it('compound assignment, ++/-- in memory and registers, ?: and the comma operator', () => {
    const src = `
      int g = 5;
      int main(void) {
        int x = 3;
        int *p = &g;
        x <<= 2;
        *p *= 3;
        int y = g++;
        int z = --x;
        int w = (x > 100) ? 1 : (x, 7);
        return x * 100000 + g * 1000 + y * 10 + z / 11 + w - 7;
      }`;
    expect(run(src)).toBe(11 * 100000 + 16 * 1000 + 150 + 1);
  });

  it('enums, #define constants, sizeof in words, static locals and typedefs', () => {
    const src = `
      #define WAITERS 0x80000000
      #define TID_MASK 0x3fffffff
      enum state { IDLE, BUSY = 5, DONE };
      typedef struct { int a; int b[3]; } rec_t;
      int counter(void) { static int n = 10; return n++; }
      int main(void) {
        rec_t r;
        unsigned word = WAITERS | 7;
        counter();
        return sizeof(rec_t) * 1000 + sizeof r.b * 100 + DONE * 10 + (word & TID_MASK) + counter() - 11;
      }`;
    expect(run(src)).toBe(4000 + 300 + 60 + 7);
  });

  it('stdint names: uint8_t and int8_t truncate, uint32_t is unsigned', () => {
    const src = `
      uint8_t b = 300;
      int main(void) { int8_t c = 200; uint32_t u = 0xffffffff; b++; return (u > 1) * 1000 + b * 10 + (c == -56); }`;
    expect(run(src)).toBe(1000 + 450 + 1);
  });

  it('struct copies, brace elision, designators and zero fill in local initialisers', () => {
    const src = `
      struct in { int a; int b; };
      struct out { pthread_mutex_t m; struct in x; int tail[3]; };
      struct out g = { { 0 }, { 7, 8 }, { 9 } };
      int main(void) {
        struct out l = { PTHREAD_MUTEX_INITIALIZER, .x = { .b = 5 } };
        struct out c;
        struct out *p = &c;
        *p = g;
        struct in copy = c.x;
        char word[6] = "hey";
        return l.x.a * 100000 + l.x.b * 10000 + copy.a * 1000 + copy.b * 100 + c.tail[0] * 10 + (word[3] == 0) + word[1] - 'e';
      }`;
    expect(run(src)).toBe(0 + 50000 + 7000 + 800 + 90 + 1);
  });

  it('continue runs the for step and the do/while test; nested loops and switch inside a loop', () => {
    const src = `
      int main(void) {
        int s = 0;
        for (int i = 0; i < 5; i++) { if (i % 2) continue; s += i; }
        int k = 0, n = 0;
        do { k++; if (k < 3) continue; n += k; } while (k < 5);
        int hits = 0;
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) { if (j > i) break; hits++; }
          switch (i) { case 1: continue; case 2: hits += 100; break; }
          hits += 1000;
        }
        return s * 1000000 + n * 10000 + hits;
      }`;
    expect(run(src)).toBe(6 * 1000000 + 12 * 10000 + 10 + 100 + 3000);
  });

  it('a backward goto makes a loop', () => {
    expect(run('int f(int n) { int s = 0; again: s += n; if (--n > 0) goto again; return s; }', 'f', [4])).toBe(10);
  });

  it('each activation has its own frame: recursion with local arrays', () => {
    const src = `
      int depth(int n) {
        int mine[3];
        mine[0] = n;
        if (n > 0) depth(n - 1);
        return mine[0];
      }
      int main(void) { return depth(4) * 10 + depth(0); }`;
    expect(run(src)).toBe(40);
  });

  it('pointer arithmetic with the integer on the left, void pointers and ?: on pointers', () => {
    const src = `
      struct pair { int a, b; };
      struct pair ps[4] = { {1, 2}, {3, 4}, {5, 6}, {7, 8} };
      int main(void) {
        struct pair *p = 2 + ps;
        void *v = p;
        struct pair *q = v;
        struct pair *r = q->a > 4 ? &ps[3] : NULL;
        int *w = (int *)r;
        return p->b * 1000 + (q == p) * 100 + (r - ps) * 10 + w[1] - (int)(r != 0);
      }`;
    expect(run(src)).toBe(6000 + 100 + 30 + 8 - 1);
  });

  it('operation tables: calls through a struct of function pointers reached by a pointer', () => {
    const src = `
      struct file;
      struct file_ops { int (*open)(struct file *); void (*release)(struct file *); };
      struct file { const struct file_ops *ops; int opened; };
      int do_open(struct file *f) { f->opened++; return 0; }
      void do_release(struct file *f) { f->opened = f->opened * 10; }
      const struct file_ops ext_ops = { .open = do_open, .release = do_release };
      struct file fs = { &ext_ops, 4 };
      int main(void) {
        struct file *f = &fs;
        if (f->ops->open(f) != 0) return -1;
        (*f->ops->release)(f);
        return f->opened;
      }`;
    expect(run(src)).toBe(50);
  });

  it('unsigned and signed division, modulo and shifts, and char compound assignment', () => {
    const src = `
      int main(void) {
        unsigned u = 0xFFFFFFF0;
        int i = -16;
        char c = 120;
        c += 10;
        int r = 0;
        if (u / 16 == 0x0FFFFFFF) r += 1;
        if (i / 16 == -1) r += 10;
        if (u % 7 == 4294967280u % 7) r += 100;
        if (i % 5 == -1) r += 1000;
        if ((u >> 28) == 15 && (i >> 2) == -4) r += 10000;
        if (c == -126) r += 100000;
        return r;
      }`;
    expect(run(src)).toBe(111111);
  });

  it('a label or case labels the statement after it, also without braces', () => {
    const src = `
      int f(int x) {
        int y = 0;
        if (x > 5) done: y += 100;
        if (y == 0 && x > 0) { x = 9; goto done; }
        switch (x) case 9: y += 1;
        return y;
      }`;
    expect(run(src, 'f', [7])).toBe(100);
    expect(run(src, 'f', [0])).toBe(0);
    expect(run(src, 'f', [3])).toBe(101);
  });
});
