// expect: fail assertion
// w takes m on one path and writes x without it on the other.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x; int g = 1;
void *w(void *arg) { if (g) { x = 1; x = 0; } else { pthread_mutex_lock(&m); x = 1; x = 0; pthread_mutex_unlock(&m); } return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; assert(r == 0); pthread_mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
