// A store still in the forking thread's buffer: both copies must see it (fork is a syscall).
int x;
int main(void) {
  x = 1;
  int pid = fork();
  if (pid == 0) { assert(x == 1); exit(0); }
  assert(x == 1);
  waitpid(pid, 0, 0);
  return 0;
}
