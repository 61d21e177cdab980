// expect: fail assertion
// w loops forever on a word only it reads; main's assertion must still be reached (the cycle proviso).
// options: {"properties": ["assertion"]}
int y; int x;
void *w(void *arg) { while (1) { int r = y; } return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); x = 1; int r = x; assert(r == 0); return 0; }
