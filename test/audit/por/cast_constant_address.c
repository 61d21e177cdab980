// expect: fail assertion
// w writes x by its numeric address (page_size 8: the first global is word 8).
int x;
void *w(void *arg) {
  *(int *) 8 = 1;
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = x; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
