// A signal handler takes the lock its thread already holds (not async-signal-safe).
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int hits;
void handler(int sig) { pthread_mutex_lock(&m); hits = hits + 1; pthread_mutex_unlock(&m); }
void *w(void *arg) { pthread_mutex_lock(&m); hits = hits + 1; pthread_mutex_unlock(&m); return 0; }
int main(void) {
  signal(10, handler);
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  pthread_kill(t, 10);
  pthread_join(t, 0);
  return 0;
}
