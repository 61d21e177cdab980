// expect: fail assertion
// as spin_private_loop_ignores_other, the spinning thread storing to its own word.
// options: {"properties": ["assertion"]}
int y; int x;
void *w(void *arg) { int i = 0; while (1) { y = i & 1; i = i + 1; if (i == 4) i = 0; } return 0; }
void *u(void *arg) { x = 1; return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); pthread_t k; pthread_create(&k, 0, u, 0); pthread_join(k, 0); int r = x; assert(r == 0); return 0; }
