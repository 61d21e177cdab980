// expect: fail assertion
// a returned helper frame's block is reused by malloc; a stale pointer to it sees the new data.
// options: {"properties": ["assertion"]}
int *stale; int x;
void helper(void) { int loc = 0; stale = &loc; }
void *w(void *arg) { int *q = malloc(1); *q = 5; return 0; }
int main(void) { helper(); pthread_t h; pthread_create(&h, 0, w, 0); x = 1; pthread_join(h, 0); assert(x == 1); int *s = stale; int r = *s; assert(r != 5); return 0; }
