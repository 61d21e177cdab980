// A thread calls exit() while main waits to join it: the whole process ends, no deadlock.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
void *w(void *arg) { exit(0); return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  pthread_join(t, 0);
  assert(0);
  return 0;
}
