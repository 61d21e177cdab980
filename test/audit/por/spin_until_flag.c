// expect: pass
// main spins until w sets flag (weakly fair): terminates, x is published first.
int x; int flag;
void *w(void *arg) { x = 1; flag = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); while (flag == 0) { } int r = x; assert(r == 1); pthread_join(h, 0); return 0; }
