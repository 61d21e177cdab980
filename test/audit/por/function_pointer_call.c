// expect: fail assertion
// w calls the writer through a function pointer (CALLI).
int x;
void writer(void) { x = 1; }
void nothing(void) { }
void (*fp)(void) = writer;
void *w(void *arg) { fp(); return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); int r = x; assert(r == 0); pthread_join(h, 0); return 0; }
