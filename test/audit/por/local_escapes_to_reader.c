// expect: fail assertion
// w publishes its own local and then changes it; main reads it through the pointer.
// options: {"properties": ["assertion"]}
int *gp; int go;
void *w(void *arg) { int loc = 0; gp = &loc; loc = 5; loc = 0; while (go == 0) { } return 0; }
int main(void) {
  pthread_t h; pthread_create(&h, 0, w, 0);
  int *q = gp;
  if (q) { int r = *q; assert(r != 5); }
  go = 1;
  pthread_join(h, 0);
  return 0;
}
