int sign(int x) {
  if (x > 0) return 1;
  if (x < 0) return -1;
}
int forever(void) {
  for (;;) { }
}
void nothing(void) { return 3; }
int empty(void) { return; }
