int twice(int x) { return 2 * x; }
int (*op)(int) = twice;
int main(void) {
  int k = 3;
  k(1);
  twice();
  op(1, 2);
  int r = malloc;
  return nonexistent_function(k);
}
