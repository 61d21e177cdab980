// The child blocks on a lock copied as held: the parent's waitpid never returns.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
  pthread_mutex_lock(&m);
  int pid = fork();
  if (pid == 0) { pthread_mutex_lock(&m); exit(0); }
  pthread_mutex_unlock(&m);
  waitpid(pid, 0, 0);
  return 0;
}
