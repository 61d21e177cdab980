// Spinner waits for B; B waits for the mutex C holds; C releases it. Fair: pass.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int flag; int held;
void *c(void *arg) { pthread_mutex_lock(&m); atomic_store(&held, 1); pthread_mutex_unlock(&m); return 0; }
void *b(void *arg) { while (atomic_load(&held) == 0) { } pthread_mutex_lock(&m); flag = 1; pthread_mutex_unlock(&m); return 0; }
void *a(void *arg) { while (flag == 0) { } return 0; }
int main(void) {
  pthread_t x; pthread_t y; pthread_t z;
  pthread_create(&x, 0, a, 0); pthread_create(&y, 0, b, 0); pthread_create(&z, 0, c, 0);
  pthread_join(x, 0); pthread_join(y, 0); pthread_join(z, 0);
  return 0;
}
