// expect: fail assertion
// the store is three calls deep.
int x;
void c3(void) { x = 1; }
void c2(void) { c3(); }
void c1(void) { c2(); }
void *w(void *arg) { c1(); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
