// A handler sets a flag the thread spins on: delivered at the thread's next step.
int got; int ready;
void handler(int sig) { got = 1; }
void *w(void *arg) { atomic_store(&ready, 1); while (got == 0) { } return 0; }
int main(void) {
  signal(10, handler);
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  while (atomic_load(&ready) == 0) { }
  pthread_kill(t, 10);
  pthread_join(t, 0);
  return 0;
}
