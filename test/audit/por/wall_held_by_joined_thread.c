// expect: fail assertion
// the mutex is held by a thread that can still move (it is not blocked on main): no wall, w may get in.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x; int got;
void *holder(void *arg) { pthread_mutex_lock(&m); got = 1; pthread_mutex_unlock(&m); return 0; }
void *w(void *arg) { pthread_mutex_lock(&m); x = 1; pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t a; pthread_create(&a, 0, holder, 0);
  pthread_t h; pthread_create(&h, 0, w, 0);
  int r = x; int s = x; assert(r == s);
  pthread_join(a, 0); pthread_join(h, 0); return 0;
}
