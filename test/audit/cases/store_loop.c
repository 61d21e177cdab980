// A thread that stores forever: non-termination in every memory model.
int x;
void *w(void *arg) { for (;;) { x = 1; x = 0; } return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  pthread_join(t, 0);
  return 0;
}
