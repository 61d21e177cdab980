// A typo in a variable name gets a did-you-mean.
int counter;
int main(void) {
  countr++;
  return 0;
}
