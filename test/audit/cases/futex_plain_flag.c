// The flag is a plain store, but futex_wake enters the kernel, which drains it first.
int ready;
void *consumer(void *arg) { while (ready == 0) futex_wait(&ready, 0); return 0; }
void *producer(void *arg) { ready = 1; futex_wake(&ready, 1); return 0; }
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, consumer, 0); pthread_create(&b, 0, producer, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
