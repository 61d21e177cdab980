// expect: fail assertion
// the bug pattern of branch_shares_registers, with the store on the else side.
int a[10]; int x; int g;
void *w(void *arg) {
  int i = 0; while (i < 9) { if (g) { } else { a[i] = 1; } i = i + 1; } 
  return 0;
}
int main(void) {
  pthread_t h;
  pthread_create(&h, 0, w, 0);
  int r = a[6]; assert(r == 0);
  pthread_join(h, 0);
  return 0;
}
