int flag0; int flag1; int turn; int inside;
void *p0(void *arg) {
  flag0 = 1;
  WFENCE
  turn = 1;
  FENCE
  while (flag1 && turn == 1) { }
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  FENCE
  flag0 = 0;
  return 0;
}
void *p1(void *arg) {
  flag1 = 1;
  WFENCE
  turn = 0;
  FENCE
  while (flag0 && turn == 0) { }
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  FENCE
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
