// main returns while w waits for a mutex that h holds while asleep: the process ends
// (a return from main is exit), so neither is stuck.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int word; int held;
void *h(void *arg) { pthread_mutex_lock(&m); atomic_store(&held, 1); futex_wait(&word, 0); pthread_mutex_unlock(&m); return 0; }
void *w(void *arg) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, h, 0);
  while (atomic_load(&held) == 0) { }
  pthread_create(&b, 0, w, 0);
  return 0;
}
