// Lost wakeup: the consumer checks a flag, then sleeps on a different word
// (a plain sleep, not conditioned on the flag), so a wake that comes between is lost.
int ready; int seq;
void *consumer(void *arg) {
  if (atomic_load(&ready) == 0) {
    int s = 0;
    futex_wait(&seq, s);
  }
  return 0;
}
void *producer(void *arg) {
  atomic_store(&ready, 1);
  futex_wake(&seq, 1);
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, consumer, 0);
  pthread_create(&b, 0, producer, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
