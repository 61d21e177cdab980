// Drepper's "Futexes Are Tricky" mutex 2 (0 free, 1 locked, 2 locked with waiters), 3 threads.
int val; int inside; int total;
void lock(void) {
  int c = cmpxchg(&val, 0, 1);
  if (c != 0) {
    if (c != 2) c = atomic_exchange(&val, 2);
    while (c != 0) {
      futex_wait(&val, 2);
      c = atomic_exchange(&val, 2);
    }
  }
}
void unlock(void) {
  if (atomic_fetch_add(&val, -1) != 1) {
    atomic_store(&val, 0);
    WAKE
  }
}
void *w(void *arg) {
  lock();
  inside = inside + 1; assert(inside == 1); inside = inside - 1;
  total = total + 1;
  unlock();
  return 0;
}
int main(void) {
  pthread_t t[3];
  for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, w, 0);
  for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
  assert(total == 3);
  return 0;
}
