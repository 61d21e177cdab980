// The child spins on a flag only the parent's memory will ever see set.
int flag;
int main(void) {
  int pid = fork();
  if (pid == 0) { while (flag == 0) { } exit(0); }
  flag = 1;
  waitpid(pid, 0, 0);
  return 0;
}
