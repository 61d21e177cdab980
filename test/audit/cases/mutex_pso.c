// A counter under a pthread mutex: lock/unlock must order the critical section's stores.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int counter; int other;
void *worker(void *arg) {
  pthread_mutex_lock(&m);
  int c = counter;
  other = c;
  counter = c + 1;
  pthread_mutex_unlock(&m);
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, worker, 0); pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  assert(counter == 2);
  return 0;
}
