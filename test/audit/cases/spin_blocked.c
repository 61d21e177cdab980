// The spinner holds the mutex the setter needs: the setter is blocked, not merely unscheduled.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int flag;
void *setter(void *arg) { pthread_mutex_lock(&m); flag = 1; pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_t a;
  pthread_mutex_lock(&m);
  pthread_create(&a, 0, setter, 0);
  while (flag == 0) { }
  pthread_mutex_unlock(&m);
  pthread_join(a, 0);
  return 0;
}
