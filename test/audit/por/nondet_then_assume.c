// expect: fail assertion
// the index is chosen and assumed to be 4.
int a[4]; int x;
void *w(void *arg) { int k = nondet(0, 9); assume(k == 4); a[k] = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
