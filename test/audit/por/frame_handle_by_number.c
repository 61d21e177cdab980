// expect: pass
// w overwrites another word of main's frame (word 10) by number: nothing checks that word,
// so both searches pass; the reduction must still see w's store as touching main's frame.
void *w(void *arg) { *(int *) 10 = 1; return 0; }
int main(void) { int loc = 0; int *p = &loc; pthread_t h; pthread_create(&h, 0, w, 0); int r = loc; assert(r == 0); pthread_join(h, 0); return 0; }
