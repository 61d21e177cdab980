pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int go;
void *holder(void *arg) {
  pthread_mutex_lock(&m);
  atomic_store(&go, 1);
  while (atomic_load(&go) != 2) { }
  pthread_mutex_unlock(&m);
  return 0;
}
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  while (atomic_load(&go) != 1) { }
  int pid = fork();
  if (pid == 0) {
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    exit(0);
  }
  atomic_store(&go, 2);
  pthread_join(t, 0);
  waitpid(pid, 0, 0);
  return 0;
}
