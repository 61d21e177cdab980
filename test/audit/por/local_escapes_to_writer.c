// expect: fail assertion
// main publishes its local's address; w writes through it.
int *gp;
void *w(void *arg) { int *q = gp; if (q) *q = 1; return 0; }
int main(void) {
  int loc = 0; gp = &loc;
  pthread_t h; pthread_create(&h, 0, w, 0);
  int r = loc; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
