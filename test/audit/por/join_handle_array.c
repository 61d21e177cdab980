// expect: fail assertion
// main joins the writer through a handle array before reading; the other worker races.
int x; int y;
void *w0(void *arg) { y = 1; return 0; }
void *w1(void *arg) { x = 1; return 0; }
int main(void) {
  pthread_t h[2];
  pthread_create(&h[0], 0, w0, 0);
  pthread_create(&h[1], 0, w1, 0);
  pthread_join(h[0], 0);
  int r = x; assert(r == 0);
  pthread_join(h[1], 0);
  return 0;
}
