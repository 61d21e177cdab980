// Sequential C semantics the checker must get right (each assert is true in C, given the
// dialect's 32-bit words and wrap-around).
struct pt { int x; int y; };
struct node { int v; struct node *next; };
int arr[5] = { 1, 2, 3 };
int g_calls;
int side(void) { g_calls = g_calls + 1; return 1; }
int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
int sw(int k) {
  int r = 0;
  switch (k) {
  case 0: r = r + 1;
  case 1: r = r + 10; break;
  default: r = 100;
  case 3: r = r + 1000;
  }
  return r;
}
int main(void) {
  assert(-7 / 2 == -3);
  assert(-7 % 2 == -1);
  assert(7 % -2 == 1);
  assert((-8 >> 1) == -4);
  unsigned u = 0;
  assert(u - 1 > 0);
  assert((u - 1) / 2 == 2147483647);
  int i = -1;
  unsigned one = 1;
  assert(i > one);
  int big = 2147483647;
  assert(big + 1 < 0);
  char c = 300;
  assert(c == 44);
  unsigned char uc = -1;
  assert(uc == 255);
  bool b = 5;
  assert(b == 1);
  assert((1 << 33) == 2);
  assert(arr[3] == 0 && arr[2] == 3 && sizeof(arr) == 5);
  struct node *p = 0;
  assert(!(p && p->v));
  assert(0 && side() || 1);
  assert(g_calls == 0);
  int k = 5;
  int m = k++;
  assert(m == 5 && k == 6);
  m = ++k;
  assert(m == 7 && k == 7);
  k += 3; k <<= 1; k %= 7;
  assert(k == 6);
  assert(fact(10) == 3628800);
  assert(sw(0) == 11 && sw(1) == 10 && sw(2) == 1100 && sw(3) == 1000);
  struct pt q = { 3, 4 };
  struct pt *pq = &q;
  pq->y = pq->x + pq->y;
  assert(q.y == 7 && sizeof(struct pt) == 2);
  int *ip = &arr[1];
  ip = ip + 2;
  assert(*ip == 0 && ip - arr == 3);
  int n = 0;
  for (int j = 0; j < 10; j++) { if (j == 3) continue; if (j == 7) break; n = n + j; }
  assert(n == 0 + 1 + 2 + 4 + 5 + 6);
  int t = 0;
  do { t = t + 1; } while (t < 0);
  assert(t == 1);
  int x = 3;
  x = (x = 4, x + 1);
  assert(x == 5);
  goto skip;
  assert(0);
skip:
  assert(sizeof(int) == 1);
  int h = 0x7fffffff;
  assert((unsigned)h * 2 + 2 == 0);
  assert(~0 == -1 && (5 ^ 3) == 6 && (5 | 3) == 7 && (5 & 3) == 1);
  assert(!!7 == 1);
  return 0;
}
