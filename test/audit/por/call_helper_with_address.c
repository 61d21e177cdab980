// expect: fail assertion
// w passes &x to a helper that stores through its parameter.
int x;
void set(int *p, int v) { *p = v; }
void *w(void *arg) { set(&x, 1); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
