// expect: pass
// the only writer of x is behind assume(false): a pass.
int x;
void *w(void *arg) { int k = nondet(0, 1); assume(k == 2); x = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
