int state;
void set(void) {
  state == 1;
  state;
  state + 1;
  (void)state;
  state = 2;
}
int main(void) { set(); return 0
}
