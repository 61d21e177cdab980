// expect: fail assertion
// u waits in pthread_join for w and then writes x: it cannot move before w, but main's load is not w's.
int x; pthread_t hw;
void *w(void *arg) { return 0; }
void *u(void *arg) { pthread_join(hw, 0); x = 1; return 0; }
int main(void) {
  pthread_create(&hw, 0, w, 0);
  pthread_t hu; pthread_create(&hu, 0, u, 0);
  int r = x; assert(r == 0);
  pthread_join(hu, 0);
  return 0;
}
