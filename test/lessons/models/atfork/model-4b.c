// Exercise 4b's model: the same libc, but fork() is the C library's own and
// Plash only registers handlers with pthread_atfork(). fork() runs prepare in
// the forking thread before the kernel fork, then parent or child after it.

pthread_mutex_t plash_libc_lock = PTHREAD_MUTEX_INITIALIZER;
int comm_sock;

struct connection { int requests; int replies; };
struct connection conn;

#pragma invariant calls_paired
int calls_paired(void) {
  return plash_libc_lock.__lock != 0 || conn.requests == conn.replies;
}

void server_call(void) {
  conn.requests = conn.requests + 1;
  conn.replies = conn.replies + 1;
}

void plash_open(void) {
  pthread_mutex_lock(&plash_libc_lock);
  server_call();
  pthread_mutex_unlock(&plash_libc_lock);
}

int plash_libc_duplicate_connection(void) {
  server_call();
  return open("plash-server", O_RDWR);
}

// The connection cloned for the child, passed from prepare to parent/child.
int child_sock;

void plash_atfork_prepare(void);
void plash_atfork_parent(void);
void plash_atfork_child(void);

void *other_thread(void *arg) {
  plash_open();
  return NULL;
}

int main(void) {
  pthread_t t;
  int status;
  comm_sock = open("plash-server", O_RDWR);
  pthread_atfork(plash_atfork_prepare, plash_atfork_parent, plash_atfork_child);
  pthread_create(&t, NULL, other_thread, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    plash_open();
    _exit(3);
  }
  waitpid(pid, &status, 0);
  pthread_join(t, NULL);
  return 0;
}
