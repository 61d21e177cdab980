// expect: fail assertion
// a helper returns the address that w then writes.
int x; int y;
int *pick(int k) { if (k) return &x; return &y; }
void *w(void *arg) { int *q = pick(1); *q = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
