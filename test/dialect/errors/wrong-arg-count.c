pthread_mutex_t lock;
pthread_mutex_t other;
void *worker(void *arg) {
  pthread_mutex_lock(&lock, &other);
  pthread_mutex_unlock();
  return NULL;
}
