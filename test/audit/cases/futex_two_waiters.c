// Two waiters, one wake of 1: the other sleeps forever (a lost wakeup).
int word;
void *waiter(void *arg) { while (atomic_load(&word) == 0) futex_wait(&word, 0); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, waiter, 0); pthread_create(&b, 0, waiter, 0);
  while (0) { }
  atomic_store(&word, 1);
  futex_wake(&word, 1);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
