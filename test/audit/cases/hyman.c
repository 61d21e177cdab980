// Hyman's 1966 algorithm: published as correct, violates mutual exclusion under SC.
int flag[2]; int turn; int inside;
void *p(void *arg) {
  int i = (int)arg; int j = 1 - i;
  flag[i] = 1;
  while (turn != i) {
    while (flag[j]) { }
    turn = i;
  }
  inside = inside + 1; assert(inside == 1); inside = inside - 1;
  flag[i] = 0;
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, p, (void *)0); pthread_create(&b, 0, p, (void *)1);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
