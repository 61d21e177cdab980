// expect: fail assertion
// main starts a thread whose start routine is read from memory.
int x;
void *quiet(void *arg) { return 0; }
void *w(void *arg) { x = 1; return 0; }
void *(*routine)(void *) = w;
int main(void) { pthread_t h; pthread_create(&h, 0, routine, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
