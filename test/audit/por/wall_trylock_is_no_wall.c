// expect: fail assertion
// w's trylock fails while main holds m, and w writes anyway.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int x;
void *w(void *arg) { if (pthread_mutex_trylock(&m) != 0) { x = 1; } else { pthread_mutex_unlock(&m); } return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  pthread_mutex_lock(&m); int r = x; assert(r == 0); pthread_mutex_unlock(&m);
  pthread_join(h, 0); return 0;
}
