// The parent polls with WNOHANG until the child exits: fair, so it terminates.
int main(void) {
  int pid = fork();
  if (pid == 0) { exit(3); }
  int st = 0;
  while (waitpid(pid, &st, 1) == 0) { }
  assert(st == 3);
  return 0;
}
