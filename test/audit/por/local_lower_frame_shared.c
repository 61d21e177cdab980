// expect: fail assertion
// main's local, in a lower frame while main is in a helper, is written by w.
int *gp;
int readit(int *p) { int r = *p; return r; }
void *w(void *arg) { int *q = gp; if (q) *q = 1; return 0; }
int main(void) {
  int loc = 0; gp = &loc;
  pthread_t h; pthread_create(&h, 0, w, 0);
  int v = loc; assert(v == 0);
  pthread_join(h, 0);
  return 0;
}
