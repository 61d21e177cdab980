// The textbook fix: pthread_atfork takes the lock around fork, so the child's copy is free.
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int count;
void prepare(void) { pthread_mutex_lock(&m); }
void release(void) { pthread_mutex_unlock(&m); }
void *worker(void *arg) { pthread_mutex_lock(&m); count = count + 1; pthread_mutex_unlock(&m); return 0; }
int main(void) {
  pthread_atfork(prepare, release, release);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  int pid = fork();
  if (pid == 0) { pthread_mutex_lock(&m); count = count + 10; pthread_mutex_unlock(&m); exit(0); }
  pthread_join(t, 0);
  int st;
  waitpid(pid, &st, 0);
  assert(count == 1);
  return 0;
}
