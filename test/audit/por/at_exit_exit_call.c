// expect: fail consistent
// w calls exit() while main is between two stores an at_exit invariant reads.
#pragma invariant at_exit consistent
int x; int y;
int consistent(void) { return x == y; }
void *w(void *arg) { exit(0); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); x = 1; y = 1; pthread_join(h, 0); return 0; }
