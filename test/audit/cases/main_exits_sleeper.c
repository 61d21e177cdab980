// main returns while a thread sleeps on a futex nobody wakes: the process ends.
int word;
void *w(void *arg) { futex_wait(&word, 0); return 0; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, w, 0);
  return 0;
}
