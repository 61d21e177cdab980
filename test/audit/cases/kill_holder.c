// A worker killed while holding the mutex never releases it: the other worker waits forever.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int count;
void *worker(void *arg) { pthread_mutex_lock(&m); count = count + 1; pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, worker, 0); pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
