/* N threads each increment a shared counter under a mutex; the main thread
   joins them and asserts the total. Mirrors bench/models/mutex.c. */
#define N 3
bit m;
byte counter;
byte finished;

proctype worker() {
  byte t;
  atomic { m == 0 -> m = 1 };
  t = counter;
  counter = t + 1;
  m = 0;
  finished++
}

init {
  byte i = 0;
  do
  :: i < N -> run worker(); i++
  :: else -> break
  od;
  finished == N;
  assert(counter == N)
}
