// expect: fail assertion
// w's helper waits for main's mutex (a wall), but before calling it w writes x
// without the lock: that store must stay in w's footprint.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x; int g = 1;
void locked(void) { pthread_mutex_lock(&m); x = 2; pthread_mutex_unlock(&m); }
void *w(void *arg) { if (g) x = 1; locked(); x = 3; return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; assert(r == 0); pthread_mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
