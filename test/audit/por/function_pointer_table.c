// expect: fail assertion
// a table of function pointers indexed by a value from memory.
int x; int k = 1;
void nothing(void) { }
void writer(void) { x = 1; }
void (*table[2])(void) = { nothing, writer };
void *w(void *arg) { table[k](); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
