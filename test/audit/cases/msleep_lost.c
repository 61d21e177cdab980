// The condition is checked without the mutex, then msleep: the wakeup can come before.
struct mutex m; int ready;
void *consumer(void *arg) {
  if (!ready) {
    mutex_lock(&m);
    msleep(&ready, &m);
    mutex_unlock(&m);
  }
  return 0;
}
void *producer(void *arg) {
  mutex_lock(&m);
  ready = 1;
  wakeup(&ready);
  mutex_unlock(&m);
  return 0;
}
int main(void) {
  pthread_t a; pthread_t b;
  pthread_create(&a, 0, consumer, 0); pthread_create(&b, 0, producer, 0);
  pthread_join(a, 0); pthread_join(b, 0);
  return 0;
}
