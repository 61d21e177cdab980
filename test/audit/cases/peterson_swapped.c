// Peterson with turn written before the flag: broken even under SC.
int flag0; int flag1; int turn; int inside;
void *p0(void *arg) {
  turn = 1; flag0 = 1;
  while (flag1 && turn == 1) { }
  inside = inside + 1; assert(inside == 1); inside = inside - 1;
  flag0 = 0; return 0;
}
void *p1(void *arg) {
  turn = 0; flag1 = 1;
  while (flag0 && turn == 0) { }
  inside = inside + 1; assert(inside == 1); inside = inside - 1;
  flag1 = 0; return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, p0, 0); pthread_create(&b, 0, p1, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
