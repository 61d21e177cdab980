// expect: fail assertion
// w writes main's local by its numeric address (word 9: the first block after the
// empty globals' red zone), never through a pointer main gave it.
void *w(void *arg) { *(int *) 9 = 1; return 0; }
int main(void) { int loc = 0; int *p = &loc; pthread_t h; pthread_create(&h, 0, w, 0); int r = loc; assert(r == 0); pthread_join(h, 0); return 0; }
