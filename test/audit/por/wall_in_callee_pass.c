// expect: pass
// every write of x by w lies behind a helper that waits for main's mutex, and main
// reads x twice while holding it: a pass (the walk may go on after the call: conservative).
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x;
void locked(void) { pthread_mutex_lock(&m); x = 2; x = 0; pthread_mutex_unlock(&m); }
void *w(void *arg) { locked(); return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; int s = x; assert(r == s); pthread_mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
