// Every opened fd must be closed when the process exits; the child leaks one.
#pragma invariant at_exit no_leak
int no_leak(void) { return !fd_is_open(3); }
int main(void) {
  int fd = open("/tmp/f", 0);
  int pid = fork();
  if (pid == 0) { exit(0); }
  close(fd);
  waitpid(pid, 0, 0);
  return 0;
}
