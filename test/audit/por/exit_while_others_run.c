// expect: pass
// main returns (after a load of its own) while w may still run: nothing fails, whichever ends first.
int x; int y;
void *w(void *arg) { x = 1; int r = x; assert(r == 1); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int z = y; return z - z; }
