// expect: fail assertion
// w joins a thread and stores its result into main's local through a pointer.
int *gp;
void *inner(void *arg) { return (void *) 9; }
void *w(void *arg) { pthread_t g; pthread_create(&g, 0, inner, 0); pthread_join(g, (void **) gp); return 0; }
int main(void) {
  int loc = 0; gp = &loc;
  pthread_t h; pthread_create(&h, 0, w, 0);
  int r = loc; assert(r != 9);
  pthread_join(h, 0);
  return 0;
}
