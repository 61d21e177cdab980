int arr[4];
const int limit = 3;
int main(void) {
  arr = 0;
  3 = limit;
  main = 0;
  FUTEX_WAITERS = 1;
  int x;
  x + 1 = 2;
  &x = 0;
  return 0;
}
