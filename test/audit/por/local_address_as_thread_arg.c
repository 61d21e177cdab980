// expect: fail assertion
// main passes its local's address as the thread argument.
void *w(void *arg) { int *q = arg; *q = 1; return 0; }
int main(void) {
  int loc = 0;
  pthread_t h; pthread_create(&h, 0, w, &loc);
  int r = loc; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
