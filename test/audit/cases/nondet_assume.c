int main(void) {
  int x = nondet(0, 9);
  assume(x != 5);
  assert(x != 5);
  int y = nondet(0, 3);
  assert(x + y < LIMIT);
  return 0;
}
