// The waiter spins on y; the writer sets only x. Under pso the buffers must not make it fair-terminating.
int x; int y;
void *writer(void *arg) { x = 1; return 0; }
void *waiter(void *arg) { while (y == 0) { } return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, writer, 0); pthread_create(&b, 0, waiter, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
