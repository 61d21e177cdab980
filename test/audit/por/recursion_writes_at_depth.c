// expect: fail assertion
// a recursive function writes x at depth 3 only.
int x;
void rec(int n) { if (n == 0) { x = 1; return; } rec(n - 1); }
void *w(void *arg) { rec(3); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
