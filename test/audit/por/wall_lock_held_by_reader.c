// expect: pass
// main holds m while reading x; w writes x only under m: a wall, and a pass.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x;
void *w(void *arg) { pthread_mutex_lock(&m); x = 1; x = 0; pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; assert(r == 0); pthread_mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
