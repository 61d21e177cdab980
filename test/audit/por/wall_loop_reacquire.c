// expect: fail assertion
// w loops taking and dropping main's mutex; main drops it between its two reads.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x;
void *w(void *arg) { for (int i = 0; i < 2; i++) { pthread_mutex_lock(&m); x = i + 1; pthread_mutex_unlock(&m); } return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; pthread_mutex_unlock(&m);
  pthread_mutex_lock(&m); int s = x; pthread_mutex_unlock(&m);
  assert(r == s);
  pthread_join(h, 0); return 0;
}
