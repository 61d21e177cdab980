// expect: fail assertion
// a third thread re-initialises main's mutex, letting w in.
// options: {"properties": ["assertion"]}
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x;
void *w(void *arg) { pthread_mutex_lock(&m); x = 1; pthread_mutex_unlock(&m); return 0; }
void *v(void *arg) { pthread_mutex_init(&m, 0); return 0; }
int main(void) {
  pthread_mutex_lock(&m);
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_t k; pthread_create(&k, 0, v, 0);
  int r = x; assert(r == 0); pthread_mutex_unlock(&m);
  pthread_join(h, 0); pthread_join(k, 0); return 0;
}
