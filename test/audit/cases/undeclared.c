int main(void) {
  return y + 1;
}
