int f(int x) {
  break;
  switch (x) {
  case 1: return 1;
  case 1: return 2;
  default: return 3;
  default: return 4;
  }
  case 3: x++;
  goto nowhere;
  continue;
}
