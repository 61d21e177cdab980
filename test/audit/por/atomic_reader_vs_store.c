// expect: fail assertion
// w stores x plainly; main reads it with atomic_load.
int x;
void *w(void *arg) { x = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = atomic_load(&x); assert(r == 0); pthread_join(h, 0); return 0; }
