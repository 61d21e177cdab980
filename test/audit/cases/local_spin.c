// An infinite loop touching only locals: non-termination, not a crash of the checker.
int main(void) {
  int x = 0;
  while (x == 0) { }
  return 0;
}
