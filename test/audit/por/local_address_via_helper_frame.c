// expect: fail assertion
// a helper's local is shared while the helper runs: w writes it before the helper reads it back.
// options: {"properties": ["assertion"]}
int *gp; int go;
void *w(void *arg) { while (gp == 0) { } *gp = 7; go = 1; return 0; }
void helper(void) { int loc = 0; gp = &loc; int a = loc; int b = loc; assert(a == b); while (go == 0) { } gp = 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); helper(); pthread_join(h, 0); return 0; }
