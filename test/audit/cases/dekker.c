// Dekker's algorithm, 2 threads, one entry each. MB=1 adds smp_mb after the flag store.
int flag0; int flag1; int turn; int inside;
void *p0(void *arg) {
  flag0 = 1;
  FENCE
  while (flag1) {
    if (turn != 0) {
      flag0 = 0;
      while (turn != 0) { }
      flag0 = 1;
      FENCE
    }
  }
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  FENCE
  turn = 1;
  flag0 = 0;
  return 0;
}
void *p1(void *arg) {
  flag1 = 1;
  FENCE
  while (flag0) {
    if (turn != 1) {
      flag1 = 0;
      while (turn != 1) { }
      flag1 = 1;
      FENCE
    }
  }
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  FENCE
  turn = 0;
  flag1 = 0;
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, p0, 0);
  pthread_create(&b, 0, p1, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
