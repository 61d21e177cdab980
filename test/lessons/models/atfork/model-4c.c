// Exercise 4c's model: two threads fork at once, as in glibc's nptl/tst-fork1.
// Each child should end up with the program's own file and one connection to
// the server: the one cloned for it, installed as comm_sock. Nothing else.

pthread_mutex_t plash_libc_lock = PTHREAD_MUTEX_INITIALIZER;
int comm_sock;
int app_file;     // a descriptor the program opened itself; children keep it

struct connection { int requests; int replies; };
struct connection conn;

#pragma invariant calls_paired
int calls_paired(void) {
  return plash_libc_lock.__lock != 0 || conn.requests == conn.replies;
}

// Checked when a process exits: it holds exactly comm_sock and app_file.
// Cloned connections get the lowest free numbers, all above app_file.
#pragma invariant at_exit child_fds_ok
int child_fds_ok(void) {
  if (!fd_is_open(comm_sock) || !fd_is_open(app_file))
    return 0;
  for (int fd = app_file + 1; fd <= app_file + 4; fd++)
    if (fd_is_open(fd))
      return 0;
  return 1;
}

void server_call(void) {
  conn.requests = conn.requests + 1;
  conn.replies = conn.replies + 1;
}

int plash_libc_duplicate_connection(void) {
  server_call();
  return open("plash-server", O_RDWR);
}

pid_t kernel_fork(void) {
  return fork();
}

pid_t plash_fork(void);

// Each thread forks a child that exits at once, and waits for it.
void *forker(void *arg) {
  int status;
  pid_t pid = plash_fork();
  if (pid == 0)
    _exit(3);
  waitpid(pid, &status, 0);
  return NULL;
}

int main(void) {
  pthread_t t1;
  pthread_t t2;
  comm_sock = open("plash-server", O_RDWR);
  app_file = open("data.txt", O_RDONLY);
  pthread_create(&t1, NULL, forker, NULL);
  pthread_create(&t2, NULL, forker, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
