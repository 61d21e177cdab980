// The child's writes do not reach the parent's memory.
int g = 5;
int main(void) {
  int pid = fork();
  if (pid == 0) { g = 9; exit(0); }
  waitpid(pid, 0, 0);
  assert(g == 5);
  return 0;
}
