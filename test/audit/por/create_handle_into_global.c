// expect: fail assertion
// w's pthread_create writes its handle into x.
// options: {"properties": ["assertion"]}
pthread_t x;
void *inner(void *arg) { return 0; }
void *w(void *arg) { pthread_create(&x, 0, inner, 0); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = (int) x; assert(r == 0); pthread_join(h, 0); return 0; }
