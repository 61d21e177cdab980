// expect: fail sum_small
// the invariant reads through a helper function.
#pragma invariant sum_small
int a[2];
int get(int i) { return a[i]; }
int sum_small(void) { return get(0) + get(1) < 2; }
void *w(void *arg) { a[0] = 1; a[0] = 0; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); a[1] = 1; a[1] = 0; pthread_join(h, 0); return 0; }
