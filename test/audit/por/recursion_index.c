// expect: fail assertion
// recursion carries the index: a[n] for n down from 4 reaches x.
int a[4]; int x;
void rec(int n) { if (n < 0) return; a[n] = 1; rec(n - 1); }
void *w(void *arg) { rec(4); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
