// A thread reads its own buffered store (store forwarding), and join waits for the drain.
int x; int seen;
void *t0(void *arg) { x = 1; seen = x; return 0; }
int main(void) {
  pthread_t a;
  pthread_create(&a, 0, t0, 0);
  pthread_join(a, 0);
  assert(seen == 1 && x == 1);
  return 0;
}
