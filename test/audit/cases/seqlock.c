// Seqlock: one writer updates a pair; the reader retries until it saw an even, unchanged count.
int seq; int a; int b;
void *writer(void *arg) {
  seq = seq + 1;
  FENCE
  a = 1; b = 1;
  FENCE
  seq = seq + 1;
  return 0;
}
void *reader(void *arg) {
  int s0; int x; int y;
  do {
    s0 = seq;
    x = a; y = b;
  } while ((s0 & 1) != 0 || seq != s0);
  assert(x == y);
  return 0;
}
int main(void) {
  pthread_t w; pthread_t r;
  pthread_create(&w, 0, writer, 0); pthread_create(&r, 0, reader, 0);
  pthread_join(w, 0); pthread_join(r, 0);
  return 0;
}
