int a = 1
int b = 2;
int f(void) {
  int x = (3 + ;
  int y = 4;
  if (y > 2 { y = 1; }
  return y +* 2;
}
int g(void) { return 0; }
