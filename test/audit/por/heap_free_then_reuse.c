// expect: fail memory-fault
// w frees a block main still uses.
int *shared;
void *w(void *arg) { free(shared); return 0; }
int main(void) { shared = malloc(1); pthread_t h; pthread_create(&h, 0, w, 0); int *q = shared; int r = *q; pthread_join(h, 0); return r; }
