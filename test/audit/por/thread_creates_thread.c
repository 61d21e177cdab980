// expect: fail assertion
// w creates the thread that writes x.
int x;
void *inner(void *arg) { x = 1; return 0; }
void *w(void *arg) { pthread_t g; pthread_create(&g, 0, inner, 0); pthread_join(g, 0); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
