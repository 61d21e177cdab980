int main(void) {
  int pid = fork();
  if (pid == 0) { exit(7); }
  int st = 0;
  waitpid(pid, &st, 0);
  assert(st == 3);
  return 0;
}
