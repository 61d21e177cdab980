// Exercise 4c's model: two threads fork at once, as in glibc's nptl/tst-fork1.
// Each child should end up with the program's own file and one connection to
// the server: the one cloned for it, installed as comm_sock. Nothing else.

pthread_mutex_t plash_libc_lock = PTHREAD_MUTEX_INITIALIZER;
int comm_sock;
int app_file;     // a descriptor the program opened itself; children keep it

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

// (No other thread makes calls here, so the request/reply bookkeeping of 4a
// is left out: cloning is just the new descriptor arriving.)
int plash_libc_duplicate_connection(void) {
  return open("plash-server", O_RDWR);
}

pid_t kernel_fork(void) {
  return fork();
}

pid_t plash_fork(void);

// Fork a child that exits at once, and wait for it.
void fork_and_wait(void) {
  int status;
  pid_t pid = plash_fork();
  if (pid == 0)
    _exit(3);
  waitpid(pid, &status, 0);
}

void *second_forker(void *arg) {
  fork_and_wait();
  return NULL;
}

// main and a second thread fork at the same time.
int main(void) {
  pthread_t t;
  comm_sock = open("plash-server", O_RDWR);
  app_file = open("data.txt", O_RDONLY);
  pthread_create(&t, NULL, second_forker, NULL);
  fork_and_wait();
  pthread_join(t, NULL);
  return 0;
}
