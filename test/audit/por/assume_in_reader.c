// expect: fail assertion
// main assumes a flag it reads, then checks x.
int x; int flag;
void *w(void *arg) { flag = 1; x = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int f = flag; int r = x; assume(f == 0); assert(r == 0); pthread_join(h, 0); return 0; }
