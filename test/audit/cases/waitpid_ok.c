int main(void) {
  int pid = fork();
  if (pid == 0) { exit(7); }
  int st = 0;
  int r = waitpid(pid, &st, 0);
  assert(r == pid);
  assert(st == 7);
  return 0;
}
