// expect: fail assertion
// w locks a different mutex, chosen through a pointer, before writing.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t *which = &n;
int x;
void *w(void *arg) { pthread_mutex_lock(which); x = 1; pthread_mutex_unlock(which); return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; assert(r == 0); pthread_mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
