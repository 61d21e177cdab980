// expect: fail assertion
// w's cmpxchg writes x; main reads it plainly.
int x;
void *w(void *arg) { cmpxchg(&x, 0, 1); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
