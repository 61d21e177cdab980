// Peterson's mutual exclusion for two threads. Under sequential consistency it
// holds (and the spin-waits are not non-termination: each waits only for the
// other thread to run); under tso a thread's store to its flag can sit in its
// store buffer while it reads the other's flag, and both enter.
int flag0;
int flag1;
int turn;
int inside;

void *p0(void *arg) {
  flag0 = 1;
  turn = 1;
  while (flag1 && turn == 1) {
  }
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  flag0 = 0;
  return 0;
}

void *p1(void *arg) {
  flag1 = 1;
  turn = 0;
  while (flag0 && turn == 0) {
  }
  inside = inside + 1;
  assert(inside == 1);
  inside = inside - 1;
  flag1 = 0;
  return 0;
}

int main(void) {
  pthread_t a;
  pthread_t b;
  pthread_create(&a, 0, p0, 0);
  pthread_create(&b, 0, p1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
