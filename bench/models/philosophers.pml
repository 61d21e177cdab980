/* Dining philosophers, each taking the left fork then the right: deadlocks.
   Mirrors bench/models/philosophers.c. */
#define N 3
bit fork[N];

proctype phil(byte i) {
  atomic { fork[i] == 0 -> fork[i] = 1 };
  atomic { fork[(i + 1) % N] == 0 -> fork[(i + 1) % N] = 1 };
  fork[(i + 1) % N] = 0;
  fork[i] = 0
}

init {
  byte i = 0;
  do
  :: i < N -> run phil(i); i++
  :: else -> break
  od
}
