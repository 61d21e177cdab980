// expect: fail assertion
// a chain of three creations before the store.
// options: {"properties": ["assertion"]}
int x;
void *t3(void *arg) { x = 1; return 0; }
void *t2(void *arg) { pthread_t g; pthread_create(&g, 0, t3, 0); return 0; }
void *w(void *arg) { pthread_t g; pthread_create(&g, 0, t2, 0); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); return 0; }
