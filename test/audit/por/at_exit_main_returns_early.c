// expect: fail all_done
// main returns while w is between its stores; an at_exit invariant reads them.
#pragma invariant at_exit all_done
int x; int y;
int all_done(void) { return x == y; }
void *w(void *arg) { x = 1; y = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int z = y; return z - z; }
