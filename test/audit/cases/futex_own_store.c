// futex_wait enters the kernel (a full barrier): it sees the thread's own store to the word.
int word;
int main(void) {
  word = 1;
  int r = futex_wait(&word, 0);
  assert(r == -1);
  return 0;
}
