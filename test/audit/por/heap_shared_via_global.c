// expect: fail assertion
// a malloc'd word shared through a global.
int *shared;
void *w(void *arg) { *shared = 1; return 0; }
int main(void) { shared = malloc(1); *shared = 0; pthread_t h; pthread_create(&h, 0, w, 0); int r = *shared; assert(r == 0); pthread_join(h, 0); return 0; }
