// main returns while a thread waits on a mutex forever: the process ends, no deadlock.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
void *w(void *arg) { pthread_mutex_lock(&m); return 0; }
int main(void) {
  pthread_t t;
  pthread_mutex_lock(&m);
  pthread_create(&t, 0, w, 0);
  return 0;
}
