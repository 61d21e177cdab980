/* Peterson's mutual exclusion for two threads under sequential consistency.
   Mirrors bench/models/peterson.c. */
bool flag[2];
byte turn;
byte inside;

active [2] proctype P() {
  flag[_pid] = 1;
  turn = 1 - _pid;
  (flag[1 - _pid] == 0 || turn == _pid);
  inside++;
  assert(inside == 1);
  inside--;
  flag[_pid] = 0
}
